"""Read and write the catalog interchange format ``counter-catalog/2`` (docs/catalog-format.md).

``parse_catalog`` checks the whole document and returns every problem at once (item code,
field path, reason) so an administrator can fix a file in one pass; nothing is half-read.
``dump_catalog`` writes the same shape back, so import -> export -> import is lossless.

Version 2 adds bundles (一件事) and commitments (告知承诺) and reads version 1 unchanged. An
export is written as version 1 when it uses neither, so a window that reads only version 1
still takes a catalog that has nothing new for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.core.catalog import (
    COMMITMENT_KINDS,
    FORMS,
    NECESSITIES,
    NOTIFY_PROMISE,
    TOLERANCE_PROMISE,
    AnswerError,
    Bundle,
    BundleMember,
    Catalog,
    Commitment,
    Faq,
    Item,
    Material,
    MaterialRef,
    Option,
    Question,
    SharedMaterial,
    check_answers,
)
from app.core.errors import CounterError, Problem
from app.core.input_rules import (
    code_problem,
    id_problem,
    loads_strict,
    text_problem,
)

FORMAT_TAG = "counter-catalog/2"
FORMAT_TAG_V1 = "counter-catalog/1"
FORMAT_TAGS = (FORMAT_TAG_V1, FORMAT_TAG)

ITEM_KEYS = (
    "code",
    "name",
    "aliases",
    "department",
    "item_type",
    "legal_days",
    "promised_days",
    "fee",
    "result",
    "conditions",
    "steps",
    "questions",
    "materials",
    "review_points",
    "faq",
    "source_url",
)
MATERIAL_KEYS = (
    "id",
    "name",
    "form",
    "form_text",
    "copies",
    "source",
    "necessity",
    "requirements",
    "common_errors",
    "when",
    "commitment",
)
COMMITMENT_KEYS = ("kind", "text", "consequences", "check", "check_days")
BUNDLE_KEYS = (
    "code",
    "name",
    "aliases",
    "department",
    "promised_days",
    "questions",
    "members",
    "shared",
    "source_url",
)
MEMBER_KEYS = ("item", "when", "answers")
SHARED_KEYS = ("id", "name", "materials")
SHARED_REF_KEYS = ("item", "material")
QUESTION_KEYS = ("id", "text", "multiple", "optional", "options")
OPTION_KEYS = ("id", "text", "hint")
# 事项类型: the kinds of the national list of government service items. Only 行政许可 items
# cite 《行政许可法》 on the slips; an item without a type is taken as 公共服务 (most items at a
# street or town window), so no slip claims a licence the catalog did not declare.
LICENCE = "行政许可"
DEFAULT_ITEM_TYPE = "公共服务"
ITEM_TYPES = (
    LICENCE,
    "行政确认",
    "行政给付",
    "行政备案",
    "行政裁决",
    "行政奖励",
    "行政征收",
    "行政检查",
    "行政处罚",
    "行政强制",
    "其他行政权力",
    DEFAULT_ITEM_TYPE,
    "其他事项",
)

# What each text field may hold: (most characters, may span lines). Anything longer, or with
# control characters, is an error of the file (see shared/catalog/FORMAT.md and the README).
TEXT_LIMITS: dict[str, tuple[int, bool]] = {
    "published_at": (64, False),
    "source": (2000, True),
    "name": (200, False),
    "department": (200, False),
    "item_type": (50, False),
    "fee": (2000, True),
    "result": (2000, True),
    "conditions": (20000, True),
    "source_url": (2000, False),
    "text": (500, False),
    "hint": (2000, True),
    "form": (20, False),
    "form_text": (200, False),
    "source_ch": (200, False),
    "necessity": (10, False),
    "requirements": (20000, True),
    "q": (2000, True),
    "a": (20000, True),
    "kind": (10, False),
    "consequences": (20000, True),
    "check": (2000, True),
    "item": (64, False),
    "material": (64, False),
    "commitment_text": (20000, True),
}
LIST_LIMITS: dict[str, tuple[int, int, bool]] = {  # most entries, most characters each, lines
    "aliases": (100, 200, False),
    "steps": (200, 2000, True),
    "review_points": (200, 2000, True),
    "common_errors": (100, 2000, True),
}
MAX_ITEMS = 20000
MAX_QUESTIONS = 50
MAX_OPTIONS = 200
MAX_MATERIALS = 300
MAX_FAQ = 200
MAX_WHEN_GROUPS = 100
MAX_BUNDLES = 2000
MAX_MEMBERS = 50
MAX_SHARED = 300
MAX_DAYS = 3650  # ten years of working days: more is a typing error
MAX_COPIES = 1000
MAX_CATALOG_CHARS = 64 * 1024 * 1024
MAX_PROBLEMS = 200  # listing more helps nobody: the file is of another kind


@dataclass(frozen=True)
class ParseResult:
    catalog: Catalog | None  # None when there is any error
    errors: list[Problem]
    warnings: list[Problem]


class _Reader:
    """Typed field access that records a problem instead of raising, so all errors surface."""

    def __init__(self, strict: bool = True) -> None:
        self.strict = strict  # False: the store's own items, valid under the rules of their day
        self.version = 2  # of the format: version 1 knows no bundles and no commitments
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.where = ""

    def error(self, path: str, reason: str, code: str = "catalog.invalid") -> None:
        if len(self.errors) < MAX_PROBLEMS:
            self.errors.append(Problem(self.where, path, reason, code))
        elif len(self.errors) == MAX_PROBLEMS:
            self.errors.append(
                Problem("", "", "错误过多，其余错误未列出；请先改正以上错误", "catalog.too_many")
            )

    def warn(self, path: str, reason: str, code: str = "catalog.warning") -> None:
        self.warnings.append(Problem(self.where, path, reason, code))

    def obj(self, value: Any, path: str, keys: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"应为对象(object)，实际为 {_type_name(value)}", "catalog.type")
            return None
        for k in value:
            if k not in keys:
                k = _key(k)
                self.error(
                    f"{path}.{k}" if path else k, "未知字段（拼写错误？）", "catalog.unknown_key"
                )
        return value

    def text(self, d: dict[str, Any], key: str, path: str, *, required: bool = False) -> str | None:
        v = d.get(key)
        p = f"{path}.{key}" if path else key
        if v is None:
            if required:
                self.error(p, "必填，不能为空", "catalog.required")
            return None
        if not isinstance(v, str):
            self.error(p, f"应为字符串，实际为 {_type_name(v)}", "catalog.type")
            return None
        if required and not v.strip():
            self.error(p, "不能为空字符串", "catalog.empty")
            return None
        limit_key = key
        if key == "source" and path:
            limit_key = "source_ch"
        elif key == "text" and path.endswith(".commitment"):
            limit_key = "commitment_text"
        max_len, multiline = TEXT_LIMITS.get(limit_key, (200, False))
        problem = self.strict and text_problem(v, max_len, multiline=multiline)
        if problem:
            self.error(p, problem, "catalog.text")
            return None
        return v

    def integer(self, d: dict[str, Any], key: str, path: str) -> int | None:
        v = d.get(key)
        p = f"{path}.{key}" if path else key
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int):
            self.error(p, f"应为整数或 null，实际为 {_type_name(v)}", "catalog.type")
            return None
        if v < 0:
            self.error(p, f"不能为负数（{v}）", "catalog.negative")
            return None
        most = MAX_COPIES if key == "copies" else MAX_DAYS
        if v > most and self.strict:
            self.error(p, f"数值 {v} 过大（最多 {most}）；请核对", "catalog.range")
            return None
        return v

    def strings(self, d: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        v = d.get(key)
        p = f"{path}.{key}" if path else key
        if v is None:
            return ()
        if not isinstance(v, list):
            self.error(p, f"应为字符串列表，实际为 {_type_name(v)}", "catalog.type")
            return ()
        most, max_len, multiline = LIST_LIMITS.get(key, (100, 2000, False))
        if len(v) > most and self.strict:
            self.error(p, f"条目过多（{len(v)} 条，最多 {most} 条）；请删减", "catalog.too_many")
            return ()
        out = []
        for i, s in enumerate(v):
            if not isinstance(s, str):
                self.error(f"{p}[{i}]", f"应为字符串，实际为 {_type_name(s)}", "catalog.type")
            elif self.strict and (problem := text_problem(s, max_len, multiline=multiline)):
                self.error(f"{p}[{i}]", problem, "catalog.text")
            else:
                out.append(s)
        return tuple(out)

    def ident(self, value: str | None, path: str, what: str) -> str | None:
        """An id of a question, option or material (see ``input_rules.ID_RE``)."""
        if value is None or not self.strict:
            return value
        problem = id_problem(value, what)
        if problem:
            self.error(path, problem, "catalog.id")
            return None
        return value

    def items_of(self, d: dict[str, Any], key: str, path: str, most: int = 100) -> list[Any]:
        v = d.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            self.error(f"{path}.{key}", f"应为列表，实际为 {_type_name(v)}", "catalog.type")
            return []
        if len(v) > most and self.strict:
            self.error(
                f"{path}.{key}",
                f"条目过多（{len(v)} 条，最多 {most} 条）；请删减",
                "catalog.too_many",
            )
            return []
        return v


def _type_name(v: Any) -> str:
    return {
        type(None): "null",
        bool: "布尔值",
        int: "整数",
        float: "小数",
        str: "字符串",
        list: "列表",
        dict: "对象",
    }.get(type(v), type(v).__name__)


def _key(k: str) -> str:
    """A key of the file as shown in a message: short and on one line."""
    shown = k[:40] + ("…" if len(k) > 40 else "")
    return shown if text_problem(shown, 41) is None else repr(shown.encode("utf-8", "replace"))


def parse_catalog_text(text: str) -> ParseResult:
    if len(text) > MAX_CATALOG_CHARS:
        return ParseResult(
            None,
            [
                Problem(
                    "",
                    "",
                    f"目录文件过大（超过 {MAX_CATALOG_CHARS} 个字符）；请检查是否选错了文件",
                    "catalog.too_large",
                )
            ],
            [],
        )
    try:
        doc = loads_strict(text, "目录文件")
    except CounterError as exc:
        return ParseResult(None, [Problem("", "", exc.message, "catalog.json")], [])
    return parse_catalog(doc)


def parse_catalog(doc: Any, *, strict: bool = True) -> ParseResult:
    """Check a whole document. ``strict=False`` only for items read back from the store, which
    were checked when imported (perhaps under older, looser limits) and must still load."""
    r = _Reader(strict)
    top = r.obj(doc, "", ("format", "published_at", "source", "items", "bundles"))
    if top is None:
        return ParseResult(None, r.errors, r.warnings)
    if top.get("format") not in FORMAT_TAGS:
        fmt = top.get("format")
        shown = _key(fmt) if isinstance(fmt, str) else _type_name(fmt)
        r.error(
            "format",
            f"格式标记应为 “{FORMAT_TAG}”（或旧版 “{FORMAT_TAG_V1}”），实际为 {shown}",
            "catalog.format_tag",
        )
    r.version = 1 if top.get("format") == FORMAT_TAG_V1 else 2
    published_at = r.text(top, "published_at", "")
    source = r.text(top, "source", "")
    raw_items = top.get("items")
    if not isinstance(raw_items, list):
        r.error("items", "缺少事项列表 items（应为列表）", "catalog.type")
        raw_items = []
    elif not raw_items and strict:
        r.error("items", "目录中没有任何事项；请至少填写一个事项", "catalog.empty")
    elif len(raw_items) > MAX_ITEMS and strict:
        r.error(
            "items",
            f"事项过多（{len(raw_items)} 个，最多 {MAX_ITEMS} 个）；请分开导入",
            "catalog.too_many",
        )
        raw_items = []
    items: list[Item] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_items):
        code = raw.get("code") if isinstance(raw, dict) else None
        if not (isinstance(code, str) and code and (not strict or code_problem(code) is None)):
            code = None  # named by its position instead
        r.where = code or f"items[{i}]"
        if code is not None:
            if code in seen:
                r.error(f"items[{i}].code", f"事项编码 {code} 重复", "catalog.duplicate_code")
            seen.add(code)
        item = _parse_item(r, raw, f"items[{i}]")
        if item is not None:
            items.append(item)
    bundles = _parse_bundles(r, top, {i.code: i for i in items}, seen)
    if r.errors:
        return ParseResult(None, r.errors, r.warnings)
    catalog = Catalog(tuple(items), published_at, source, bundles=bundles)
    return ParseResult(catalog, r.errors, r.warnings)


def _parse_item(r: _Reader, raw: Any, p: str) -> Item | None:
    d = r.obj(raw, p, ITEM_KEYS)
    if d is None:
        return None
    n_errors = len(r.errors)
    code = r.text(d, "code", p, required=True)
    if code is not None and r.strict and (problem := code_problem(code)):
        r.error(f"{p}.code", problem, "catalog.code")
        code = None
    name = r.text(d, "name", p, required=True)
    questions = _parse_questions(r, d, p)
    options = {o.id for q in questions for o in q.options}
    materials = _parse_materials(r, d, p, options)
    if not materials and "materials" in d and isinstance(d["materials"], list):
        r.warn(f"{p}.materials", "该事项没有申请材料", "catalog.no_materials")
    faq = []
    for j, f in enumerate(r.items_of(d, "faq", p, MAX_FAQ)):
        fd = r.obj(f, f"{p}.faq[{j}]", ("q", "a"))
        if fd is not None:
            q = r.text(fd, "q", f"{p}.faq[{j}]", required=True)
            a = r.text(fd, "a", f"{p}.faq[{j}]", required=True)
            if q is not None and a is not None:
                faq.append(Faq(q, a))
    item = Item(
        code=code or "",
        name=name or "",
        aliases=r.strings(d, "aliases", p),
        department=r.text(d, "department", p),
        item_type=r.text(d, "item_type", p),
        legal_days=r.integer(d, "legal_days", p),
        promised_days=r.integer(d, "promised_days", p),
        fee=r.text(d, "fee", p),
        result=r.text(d, "result", p),
        conditions=r.text(d, "conditions", p),
        steps=r.strings(d, "steps", p),
        questions=questions,
        materials=materials,
        review_points=r.strings(d, "review_points", p),
        faq=tuple(faq),
        source_url=r.text(d, "source_url", p),
    )
    if item.item_type is not None and item.item_type not in ITEM_TYPES:
        r.error(
            f"{p}.item_type",
            f"事项类型 {item.item_type!r} 不在允许值 {'、'.join(ITEM_TYPES)} "
            f"之中；不填则按{DEFAULT_ITEM_TYPE}处理",
            "catalog.enum",
        )
    if (
        item.legal_days is not None
        and item.promised_days is not None
        and item.promised_days > item.legal_days
    ):
        r.warn(
            f"{p}.promised_days",
            f"承诺时限 {item.promised_days} 天长于法定时限 {item.legal_days} 天",
            "catalog.promised_exceeds_legal",
        )
    return item if len(r.errors) == n_errors else None


def _parse_questions(r: _Reader, d: dict[str, Any], p: str) -> tuple[Question, ...]:
    out: list[Question] = []
    ids: set[str] = set()
    option_ids: set[str] = set()
    for i, raw in enumerate(r.items_of(d, "questions", p, MAX_QUESTIONS)):
        qp = f"{p}.questions[{i}]"
        q = r.obj(raw, qp, QUESTION_KEYS)
        if q is None:
            continue
        qid = r.ident(r.text(q, "id", qp, required=True), f"{qp}.id", "问题编号")
        text = r.text(q, "text", qp, required=True)
        multiple = q.get("multiple", False)
        if not isinstance(multiple, bool):
            r.error(
                f"{qp}.multiple",
                f"应为 true 或 false，实际为 {_type_name(multiple)}",
                "catalog.type",
            )
            multiple = False
        optional = q.get("optional", False)
        if not isinstance(optional, bool):
            r.error(
                f"{qp}.optional",
                f"应为 true 或 false，实际为 {_type_name(optional)}",
                "catalog.type",
            )
            optional = False
        elif optional and not multiple:
            r.error(
                f"{qp}.optional",
                "只有可多选的问题（multiple: true）才能标为可不选"
                "（optional: true）；单选问题必须选一项",
                "catalog.optional",
            )
            optional = False
        if qid in ids:
            r.error(f"{qp}.id", f"问题编号 {qid} 重复", "catalog.duplicate_id")
        ids.add(qid or "")
        opts: list[Option] = []
        raw_opts = r.items_of(q, "options", qp, MAX_OPTIONS)
        if not raw_opts:
            r.error(f"{qp}.options", "问题至少要有一个选项", "catalog.empty")
        for j, ro in enumerate(raw_opts):
            op = f"{qp}.options[{j}]"
            o = r.obj(ro, op, OPTION_KEYS)
            if o is None:
                continue
            oid = r.ident(r.text(o, "id", op, required=True), f"{op}.id", "选项编号")
            otext = r.text(o, "text", op, required=True)
            if oid is not None and oid in option_ids:
                r.error(f"{op}.id", f"选项编号 {oid} 在本事项内重复", "catalog.duplicate_id")
            if oid is not None:
                option_ids.add(oid)
            if oid is not None and otext is not None:
                opts.append(Option(oid, otext, r.text(o, "hint", op)))
        if qid and text:
            out.append(Question(qid, text, multiple, tuple(opts), optional))
    return tuple(out)


def _parse_materials(
    r: _Reader, d: dict[str, Any], p: str, options: set[str]
) -> tuple[Material, ...]:
    out: list[Material] = []
    ids: set[str] = set()
    for i, raw in enumerate(r.items_of(d, "materials", p, MAX_MATERIALS)):
        mp = f"{p}.materials[{i}]"
        m = r.obj(raw, mp, MATERIAL_KEYS)
        if m is None:
            continue
        mid = r.ident(r.text(m, "id", mp, required=True), f"{mp}.id", "材料编号")
        name = r.text(m, "name", mp, required=True)
        if mid is not None and mid in ids:
            r.error(f"{mp}.id", f"材料编号 {mid} 在本事项内重复", "catalog.duplicate_id")
        ids.add(mid or "")
        form = r.text(m, "form", mp)
        if form is not None and form not in FORMS:
            r.error(
                f"{mp}.form",
                f"材料形式 {form!r} 不在允许值 {'、'.join(FORMS)} 之中",
                "catalog.enum",
            )
        necessity = r.text(m, "necessity", mp)
        if necessity is not None and necessity not in NECESSITIES:
            r.error(
                f"{mp}.necessity", f"必要性 {necessity!r} 应为 必要、容缺 或 非必要", "catalog.enum"
            )
        when = _parse_when(r, m.get("when"), f"{mp}.when", options)
        copies = r.integer(m, "copies", mp)
        commitment = _parse_commitment(r, m.get("commitment"), f"{mp}.commitment", necessity)
        if mid and name:
            out.append(
                Material(
                    id=mid,
                    name=name,
                    form=form,
                    form_text=r.text(m, "form_text", mp),
                    copies=copies,
                    source=r.text(m, "source", mp),
                    necessity=necessity,
                    requirements=r.text(m, "requirements", mp),
                    common_errors=r.strings(m, "common_errors", mp),
                    when=when,
                    commitment=commitment,
                )
            )
    return tuple(out)


def _parse_when(
    r: _Reader, v: Any, p: str, options: set[str]
) -> tuple[tuple[str, ...], ...] | None:
    if v is None:
        return None
    if not isinstance(v, list) or not v:
        r.error(p, "when 应为 null 或非空的选项组列表", "catalog.when")
        return None
    too_many = len(v) > MAX_WHEN_GROUPS or any(
        isinstance(g, list) and len(g) > MAX_OPTIONS for g in v
    )
    if r.strict and too_many:
        r.error(p, f"条件组过多（最多 {MAX_WHEN_GROUPS} 组）；请删减", "catalog.when")
        return None
    groups: list[tuple[str, ...]] = []
    for i, g in enumerate(v):
        if not isinstance(g, list) or not g:
            r.error(f"{p}[{i}]", "每个条件组应为非空的选项编号列表", "catalog.when")
            continue
        group: list[str] = []
        for j, opt in enumerate(g):
            if not isinstance(opt, str):
                r.error(
                    f"{p}[{i}][{j}]",
                    f"选项编号应为字符串，实际为 {_type_name(opt)}",
                    "catalog.type",
                )
            elif opt not in options:
                r.error(
                    f"{p}[{i}][{j}]",
                    f"未知的选项编号 {_key(opt)}（本事项的情形中没有这个选项）",
                    "catalog.unknown_option",
                )
            else:
                group.append(opt)
        groups.append(tuple(group))
    return tuple(groups)


def _parse_commitment(r: _Reader, v: Any, p: str, necessity: str | None) -> Commitment | None:
    if v is None:
        return None
    if r.version == 1:
        r.error(p, f"承诺（commitment）需要格式 “{FORMAT_TAG}”；请改格式标记", "catalog.format_tag")
        return None
    d = r.obj(v, p, COMMITMENT_KEYS)
    if d is None:
        return None
    n_errors = len(r.errors)
    kind = r.text(d, "kind", p, required=True)
    if kind is not None and kind not in COMMITMENT_KINDS:
        r.error(
            f"{p}.kind", f"承诺方式 {kind!r} 应为 {'或'.join(COMMITMENT_KINDS)}", "catalog.enum"
        )
    text = r.text(d, "text", p, required=True)
    consequences = r.text(d, "consequences", p)
    check = r.text(d, "check", p)
    check_days = r.integer(d, "check_days", p)
    effective = necessity or "必要"
    if kind == NOTIFY_PROMISE:
        # 国办发〔2020〕42号: the letter states the liability of a false promise, and the
        # department checks every promise within a set time.
        if effective != "必要":
            r.error(
                f"{p}.kind",
                f"{effective}材料不能以告知承诺代替；告知承诺只用于必要材料"
                f"（容缺材料请用 kind “{TOLERANCE_PROMISE}”）",
                "catalog.commitment",
            )
        if consequences is None:
            r.error(f"{p}.consequences", "告知承诺须写明不实承诺的法律责任", "catalog.required")
        if check_days is None:
            r.error(f"{p}.check_days", "告知承诺须写明核查时限（工作日）", "catalog.required")
    elif kind == TOLERANCE_PROMISE and effective != "容缺":
        r.error(
            f"{p}.kind",
            f"只有容缺材料（necessity “容缺”）才能写容缺承诺；本材料为{effective}",
            "catalog.commitment",
        )
    if len(r.errors) != n_errors or kind is None or text is None:
        return None
    return Commitment(kind, text, consequences, check, check_days)


def _parse_bundles(
    r: _Reader, top: dict[str, Any], items: dict[str, Item] | None, item_codes: set[str]
) -> tuple[Bundle, ...]:
    """The document's bundles. ``items`` None: read back from the store, members unchecked."""
    raw = top.get("bundles")
    if raw is None:
        return ()
    r.where = ""
    if r.version == 1:
        r.error(
            "bundles",
            f"一件事（bundles）需要格式 “{FORMAT_TAG}”；请改格式标记",
            "catalog.format_tag",
        )
        return ()
    if not isinstance(raw, list):
        r.error("bundles", f"应为列表，实际为 {_type_name(raw)}", "catalog.type")
        return ()
    if len(raw) > MAX_BUNDLES and r.strict:
        r.error(
            "bundles", f"一件事过多（{len(raw)} 个，最多 {MAX_BUNDLES} 个）", "catalog.too_many"
        )
        return ()
    bundle_codes = {
        b["code"] for b in raw if isinstance(b, dict) and isinstance(b.get("code"), str)
    }
    out: list[Bundle] = []
    seen: set[str] = set()
    for i, rb in enumerate(raw):
        p = f"bundles[{i}]"
        code = rb.get("code") if isinstance(rb, dict) else None
        r.where = code if isinstance(code, str) and code else p
        bundle = _parse_bundle(r, rb, p, items, bundle_codes)
        if bundle is None:
            continue
        if bundle.code in seen or bundle.code in item_codes:
            r.error(
                f"{p}.code",
                f"编码 {bundle.code} 重复（一件事与事项的编码都不能重复）",
                "catalog.duplicate_code",
            )
        seen.add(bundle.code)
        out.append(bundle)
    return tuple(out)


def _parse_bundle(
    r: _Reader, raw: Any, p: str, items: dict[str, Item] | None, bundle_codes: set[str]
) -> Bundle | None:
    d = r.obj(raw, p, BUNDLE_KEYS)
    if d is None:
        return None
    n_errors = len(r.errors)
    code = r.text(d, "code", p, required=True)
    if code is not None and r.strict and (problem := code_problem(code)):
        r.error(f"{p}.code", problem, "catalog.code")
    name = r.text(d, "name", p, required=True)
    questions = _parse_questions(r, d, p)
    options = {o.id for q in questions for o in q.options}
    members: list[BundleMember] = []
    raw_members = r.items_of(d, "members", p, MAX_MEMBERS)
    if len(raw_members) < 2:
        r.error(f"{p}.members", "一件事至少要有两个成员事项", "catalog.bundle_members")
    for j, rm in enumerate(raw_members):
        member = _parse_member(r, rm, f"{p}.members[{j}]", options, items, bundle_codes, code)
        if member is None:
            continue
        if any(m.item == member.item for m in members):
            r.error(
                f"{p}.members[{j}].item", f"成员事项 {member.item} 重复", "catalog.duplicate_id"
            )
        members.append(member)
    shared = _parse_shared(r, d, p, {m.item for m in members}, items)
    bundle = Bundle(
        code=code or "",
        name=name or "",
        aliases=r.strings(d, "aliases", p),
        department=r.text(d, "department", p),
        promised_days=r.integer(d, "promised_days", p),
        questions=questions,
        members=tuple(members),
        shared=shared,
        source_url=r.text(d, "source_url", p),
    )
    return bundle if len(r.errors) == n_errors else None


def _parse_member(
    r: _Reader,
    raw: Any,
    p: str,
    options: set[str],
    items: dict[str, Item] | None,
    bundle_codes: set[str],
    own_code: str | None,
) -> BundleMember | None:
    d = r.obj(raw, p, MEMBER_KEYS)
    if d is None:
        return None
    n_errors = len(r.errors)
    code = r.text(d, "item", p, required=True)
    if code is None:
        return None
    if code in bundle_codes:
        loop = "自身" if code == own_code else f"一件事 {code}"
        r.error(
            f"{p}.item",
            f"成员不能是{loop}：一件事只能由事项组成（否则会形成循环）",
            "catalog.bundle_cycle",
        )
        return None
    item = items.get(code) if items is not None else None
    if items is not None and item is None:
        r.error(f"{p}.item", f"目录中没有编码为 {_key(code)} 的事项", "catalog.unknown_item")
        return None
    when = _parse_when(r, d.get("when"), f"{p}.when", options)
    answers: dict[str, tuple[str, ...]] = {}
    raw_answers = d.get("answers")
    if raw_answers is not None:
        if not isinstance(raw_answers, dict) or not all(
            isinstance(v, list) and all(isinstance(o, str) for o in v) for v in raw_answers.values()
        ):
            r.error(f"{p}.answers", "应为对象：{问题编号: [选项编号, …]}", "catalog.type")
        elif item is not None:
            try:
                answers = check_answers(item, raw_answers)
            except AnswerError as exc:
                r.error(f"{p}.{exc.path}", exc.reason, "catalog.unknown_option")
        else:
            answers = {k: tuple(v) for k, v in raw_answers.items()}
    if len(r.errors) != n_errors:
        return None
    return BundleMember(code, when, answers)


def _parse_shared(
    r: _Reader, d: dict[str, Any], p: str, members: set[str], items: dict[str, Item] | None
) -> tuple[SharedMaterial, ...]:
    out: list[SharedMaterial] = []
    ids: set[str] = set()
    taken: dict[MaterialRef, str] = {}
    for i, raw in enumerate(r.items_of(d, "shared", p, MAX_SHARED)):
        sp = f"{p}.shared[{i}]"
        sd = r.obj(raw, sp, SHARED_KEYS)
        if sd is None:
            continue
        n_errors = len(r.errors)
        sid = r.ident(r.text(sd, "id", sp, required=True), f"{sp}.id", "共用材料编号")
        name = r.text(sd, "name", sp, required=True)
        if sid is not None and sid in ids:
            r.error(f"{sp}.id", f"共用材料编号 {sid} 重复", "catalog.duplicate_id")
        ids.add(sid or "")
        refs: list[MaterialRef] = []
        found: list[Material] = []
        raw_refs = r.items_of(sd, "materials", sp, MAX_MEMBERS)
        if len(raw_refs) < 2:
            r.error(f"{sp}.materials", "共用材料至少对应两个成员事项的材料", "catalog.shared")
        for j, rr in enumerate(raw_refs):
            rp = f"{sp}.materials[{j}]"
            rd = r.obj(rr, rp, SHARED_REF_KEYS)
            if rd is None:
                continue
            code = r.text(rd, "item", rp, required=True)
            mid = r.text(rd, "material", rp, required=True)
            if code is None or mid is None:
                continue
            ref = MaterialRef(code, mid)
            if code not in members:
                r.error(f"{rp}.item", f"{_key(code)} 不是本一件事的成员事项", "catalog.shared")
                continue
            if any(x.item == code for x in refs):
                r.error(
                    f"{rp}.item",
                    f"同一成员事项 {code} 在一项共用材料里只能出现一次",
                    "catalog.shared",
                )
                continue
            if ref in taken:
                r.error(
                    rp, f"材料 {code}/{mid} 已属于共用材料 {taken[ref]}", "catalog.duplicate_id"
                )
                continue
            material = items[code].material(mid) if items is not None else None
            if items is not None and material is None:
                r.error(
                    f"{rp}.material", f"事项 {code} 没有编号为 {_key(mid)} 的材料", "catalog.shared"
                )
                continue
            if material is not None:
                found.append(material)
            taken[ref] = sid or ""
            refs.append(ref)
        forms = {m.form for m in found if m.form is not None}
        if len(forms) > 1:
            listed = "；".join(
                f"{x.item}/{x.material}：{m.form}" for x, m in zip(refs, found, strict=True)
            )
            r.error(
                f"{sp}.materials",
                f"共用材料的材料形式不一致（{listed}）；一份材料只能以一种形式收取，请统一",
                "catalog.shared_form",
            )
        kinds = {m.commitment.kind if m.commitment else None for m in found}
        if len(kinds) > 1:
            r.error(
                f"{sp}.materials",
                "共用材料的承诺方式不一致（有的可承诺、有的不可）；请统一",
                "catalog.shared_commitment",
            )
        if sid and name and len(r.errors) == n_errors:
            out.append(SharedMaterial(sid, name, tuple(refs)))
    return tuple(out)


# ---- writing ---------------------------------------------------------------------------------


def dump_item(item: Item) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "aliases": list(item.aliases),
        "department": item.department,
        "item_type": item.item_type,
        "legal_days": item.legal_days,
        "promised_days": item.promised_days,
        "fee": item.fee,
        "result": item.result,
        "conditions": item.conditions,
        "steps": list(item.steps),
        "questions": [dump_question(q) for q in item.questions],
        "materials": [
            {
                "id": m.id,
                "name": m.name,
                "form": m.form,
                "form_text": m.form_text,
                "copies": m.copies,
                "source": m.source,
                "necessity": m.necessity,
                "requirements": m.requirements,
                "common_errors": list(m.common_errors),
                "when": None if m.when is None else [list(g) for g in m.when],
                **({"commitment": dump_commitment(m.commitment)} if m.commitment else {}),
            }
            for m in item.materials
        ],
        "review_points": list(item.review_points),
        "faq": [{"q": f.q, "a": f.a} for f in item.faq],
        "source_url": item.source_url,
    }


def dump_commitment(c: Commitment) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "text": c.text,
        "consequences": c.consequences,
        "check": c.check,
        "check_days": c.check_days,
    }


def dump_question(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "text": q.text,
        "multiple": q.multiple,
        **({"optional": True} if q.optional else {}),
        "options": [{"id": o.id, "text": o.text, "hint": o.hint} for o in q.options],
    }


def dump_bundle(b: Bundle) -> dict[str, Any]:
    return {
        "code": b.code,
        "name": b.name,
        "aliases": list(b.aliases),
        "department": b.department,
        "promised_days": b.promised_days,
        "questions": [dump_question(q) for q in b.questions],
        "members": [
            {
                "item": m.item,
                "when": None if m.when is None else [list(g) for g in m.when],
                "answers": {k: list(v) for k, v in m.answers.items()},
            }
            for m in b.members
        ],
        "shared": [
            {
                "id": g.id,
                "name": g.name,
                "materials": [{"item": x.item, "material": x.material} for x in g.materials],
            }
            for g in b.shared
        ],
        "source_url": b.source_url,
    }


def uses_version_2(catalog: Catalog) -> bool:
    return bool(catalog.bundles) or any(
        m.commitment is not None for i in catalog.items for m in i.materials
    )


def dump_catalog(catalog: Catalog) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT_TAG if uses_version_2(catalog) else FORMAT_TAG_V1,
        "published_at": catalog.published_at,
        "source": catalog.source,
        "items": [dump_item(i) for i in catalog.items],
    }
    if catalog.bundles:
        doc["bundles"] = [dump_bundle(b) for b in catalog.bundles]
    return doc


def dumps_catalog(catalog: Catalog) -> str:
    return json.dumps(dump_catalog(catalog), ensure_ascii=False, indent=1) + "\n"


def load_item(d: dict[str, Any]) -> Item:
    """Rebuild an item from ``dump_item`` output already known to be valid (e.g. from the store)."""
    res = parse_catalog({"format": FORMAT_TAG, "items": [d]}, strict=False)
    if res.catalog is None:
        raise ValueError("; ".join(str(e) for e in res.errors))
    return res.catalog.items[0]


def load_bundle(d: dict[str, Any]) -> Bundle:
    """Rebuild a bundle from ``dump_bundle`` output already known to be valid (from the store)."""
    r = _Reader(strict=False)
    bundle = _parse_bundle(r, d, "bundle", None, set())
    if bundle is None:
        raise ValueError("; ".join(str(e) for e in r.errors))
    return bundle
