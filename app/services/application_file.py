"""Application files (``counter-application/2``, reading ``/1``): an intake described as JSON.

Version 2 adds bundles (一件事, ``app/services/bundle_application.py``); a file for one item
reads the same in both versions.

This is how ``counter intake FILE.json``, an online pre-review (外网预审) or a scanned QR code
brings an application to the window. Every problem is reported with its JSON path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app.core.cases import IntakeRequest
from app.core.checklist import OUTCOMES, VERDICTS, Verdict
from app.core.errors import CounterError
from app.core.input_rules import (
    check_code,
    check_text,
    decode_utf8,
    id_problem,
    loads_strict,
    read_bytes_limited,
    type_name,
)
from app.core.parties import KEYS as PARTY_KEYS
from app.core.parties import party_from_dict

FORMAT_TAG = "counter-application/2"
FORMAT_TAGS = ("counter-application/1", FORMAT_TAG)
KEYS = {
    "format",
    "clerk",
    "item",
    "case",
    "answers",
    "applicant",
    "agent",
    "materials",
    "outcome",
    "reason",
    "supplement_deadline",
    "ticket",
    "question",
    "answer",
}
# Text fields: (most characters, may span lines).
TEXT_LIMITS = {
    "clerk": (64, False),
    "case": (64, False),
    "reason": (2000, True),
    "outcome": (20, False),
    "ticket": (32, False),
    "question": (2000, True),
    "answer": (20000, True),
}
MAX_FILE_BYTES = 1024 * 1024  # an application is a few kilobytes
MAX_ANSWERS = 50
MAX_MATERIALS = 300
MAX_VERDICT_REASON = 2000
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _k(key: str) -> str:
    """A key of the file as shown in a JSON path: short, printable, on one line."""
    shown = key[:40] + ("…" if len(key) > 40 else "")
    if id_problem(shown) is None:
        return shown
    return repr(shown.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace"))


def read_application(path: Path) -> dict[str, Any]:
    try:
        data = read_bytes_limited(path, MAX_FILE_BYTES, "申请文件")
        doc = loads_strict(decode_utf8(data, path.name), path.name)
    except CounterError as exc:
        raise CounterError(exc.code, exc.message, path="$") from exc
    if not isinstance(doc, dict):
        raise CounterError("application.type", "申请文件应为 JSON 对象", path="$")
    return doc


def parse_application(doc: dict[str, Any]) -> IntakeRequest:
    """Shape checks; the item, options, materials and outcome rules are checked by the service."""
    if doc.get("format") not in FORMAT_TAGS:
        raise CounterError(
            "application.format",
            f"format 应为 “{FORMAT_TAG}”，实际为 {type_name(doc.get('format'))}",
            path="$.format",
        )
    unknown = sorted(set(doc) - KEYS)
    if unknown:
        raise CounterError(
            "application.unknown_key",
            f"未知字段 {_k(unknown[0])}；请删除",
            path=f"$.{_k(unknown[0])}",
        )

    def text(key: str, required: bool = False) -> str | None:
        v = doc.get(key)
        if v is None:
            if required:
                raise CounterError("application.required", f"缺少 {key}", path=f"$.{key}")
            return None
        if not isinstance(v, str) or (required and not v.strip()):
            raise CounterError("application.type", f"{key} 应为非空字符串", path=f"$.{key}")
        max_len, multiline = TEXT_LIMITS[key]
        return check_text(v, f"$.{key}", max_len, multiline=multiline, what=f"{key} ")

    answers = parse_answers(doc.get("answers"), "$.answers")
    verdicts = parse_verdicts(doc.get("materials"), "$.materials")

    outcome = text("outcome")
    if outcome is not None and outcome not in OUTCOMES:
        raise CounterError(
            "application.outcome", f"outcome 应为 {'、'.join(OUTCOMES)} 或 null", path="$.outcome"
        )
    deadline = parse_date(doc.get("supplement_deadline"), "$.supplement_deadline")
    case = text("case")
    if case is not None:
        check_code(case, "$.case", "办件编号")
    applicant = agent = None
    if doc.get("applicant") is not None:
        applicant = party_from_dict(_party(doc["applicant"], "$.applicant"), "$.applicant")
    elif case is None and outcome != "consult":
        raise CounterError("application.required", "缺少申请人 applicant", path="$.applicant")
    if doc.get("agent") is not None:
        agent = party_from_dict(_party(doc["agent"], "$.agent"), "$.agent")
    item = doc.get("item")
    if item is None and case is None:
        raise CounterError("application.required", "缺少 item", path="$.item")
    if item is not None:
        check_code(item, "$.item")
    return IntakeRequest(
        clerk=text("clerk", required=True) or "",
        item_code=item or "",
        applicant=applicant,
        answers=answers,
        verdicts=verdicts,
        agent=agent,
        outcome=outcome,
        reason=text("reason"),
        supplement_deadline=deadline,
        case_no=case,
        ticket=text("ticket"),
        question=text("question"),
        answer=text("answer"),
    )


def _ident(value: str, path: str, what: str) -> str:
    problem = id_problem(value, what)
    if problem:
        raise CounterError("application.id", problem, path=path)
    return value


def parse_date(raw: Any, path: str) -> date | None:
    if raw is None:
        return None
    try:
        if not isinstance(raw, str) or not DATE_RE.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CounterError("application.date", "日期应为 YYYY-MM-DD", path=path) from exc


def parse_answers(raw: Any, path: str) -> dict[str, list[str]]:
    """``{question: [options]}`` of a file, each id checked; a lone option may be a string."""
    answers_raw = raw or {}
    if not isinstance(answers_raw, dict):
        raise CounterError("application.type", "answers 应为 {问题: [选项]} 对象", path=path)
    if len(answers_raw) > MAX_ANSWERS:
        raise CounterError("application.too_many", f"answers 最多 {MAX_ANSWERS} 个问题", path=path)
    answers: dict[str, list[str]] = {}
    for q, opts in answers_raw.items():
        p = f"{path}.{_k(q)}"
        _ident(q, p, "问题编号")
        if isinstance(opts, str):
            opts = [opts]
        if not isinstance(opts, list) or not all(isinstance(o, str) for o in opts):
            raise CounterError("application.type", "选项应为字符串列表", path=p)
        if len(opts) > MAX_ANSWERS:
            raise CounterError("application.too_many", f"一个问题最多选 {MAX_ANSWERS} 项", path=p)
        answers[q] = [_ident(o, p, "选项编号") for o in opts]
    return answers


def parse_verdicts(
    raw: Any, path: str, key_check: Callable[[str, str], None] | None = None
) -> dict[str, Verdict]:
    """``{material: verdict}`` of a file. ``key_check(key, path)`` checks a key; by default it
    must be a material id."""
    materials_raw = raw or {}
    if not isinstance(materials_raw, dict):
        raise CounterError("application.type", "materials 应为 {材料: 结论} 对象", path=path)
    if len(materials_raw) > MAX_MATERIALS:
        raise CounterError("application.too_many", f"materials 最多 {MAX_MATERIALS} 项", path=path)
    verdicts: dict[str, Verdict] = {}
    for mid, v in materials_raw.items():
        p = f"{path}.{_k(mid)}"
        if key_check is None:
            _ident(mid, p, "材料编号")
        else:
            key_check(mid, p)
        if isinstance(v, str):
            v = {"verdict": v}
        if (
            not isinstance(v, dict)
            or not isinstance(v.get("verdict"), str)
            or v["verdict"] not in VERDICTS
            or set(v) - {"verdict", "reason"}
        ):
            raise CounterError(
                "application.verdict",
                "材料结论应为 ok、missing、promised（以承诺代替），"
                '或 {"verdict": "defective", "reason": ...}',
                path=p,
            )
        if v.get("reason") is not None:
            check_text(
                v["reason"], f"{p}.reason", MAX_VERDICT_REASON, multiline=True, what="reason "
            )
        try:
            verdicts[mid] = Verdict(v["verdict"], v.get("reason"))
        except CounterError as exc:
            raise CounterError(exc.code, exc.message, path=p) from exc
    return verdicts


def _party(d: Any, path: str) -> Any:
    """An applicant or agent of a file: only the keys a party has."""
    if isinstance(d, dict):
        unknown = sorted(set(d) - set(PARTY_KEYS))
        if unknown:
            raise CounterError(
                "application.unknown_key",
                f"未知字段 {_k(unknown[0])}；请删除",
                path=f"{path}.{_k(unknown[0])}",
            )
    return d


def error_path(exc: CounterError) -> str:
    """Where in the application file a service's refusal points."""
    by_code = {
        "catalog.unknown_item": "$.item",
        "outcome.reason": "$.reason",
        "outcome.deadline": "$.supplement_deadline",
        "intake.applicant": "$.applicant",
        "case.unknown": "$.case",
        "case.not_open": "$.case",
        "calendar.unknown_year": "$",
    }
    if exc.code in by_code:
        return by_code[exc.code]
    if exc.code.startswith(("user.", "login.")):
        return "$.clerk"
    if exc.code.startswith("outcome."):
        return "$.outcome"
    path = exc.path or "$"
    return path if path.startswith("$") else "$." + path


def collect_problems(ctx: Any, doc: dict[str, Any]) -> list[CounterError]:
    """Every independent problem in the file at once, each with its JSON path.

    The rules that need the whole application (is this outcome allowed?) are checked after
    these pass, by the intake itself.
    """
    from app.core.catalog import AnswerError, check_answers

    found: list[CounterError] = []

    def attempt(check: Any, path: str | None = None) -> Any:
        try:
            return check()
        except CounterError as exc:
            found.append(CounterError(exc.code, exc.message, path or error_path(exc)))
        return None

    def shape() -> IntakeRequest:
        return parse_application(doc)

    # Shape problems of different fields are independent: check each field on its own.
    base = {
        "format": FORMAT_TAG,
        "clerk": "x",
        "item": "x",
        "case": None,
        "applicant": {"kind": "person", "name": "x", "id_type": "other", "id_number": "x"},
    }
    if doc.get("format") not in FORMAT_TAGS:
        found.append(CounterError("application.format", f"format 应为 “{FORMAT_TAG}”", "$.format"))
    for key in sorted(set(doc) - KEYS):
        found.append(
            CounterError("application.unknown_key", f"未知字段 {_k(key)}；请删除", f"$.{_k(key)}")
        )
    for key in sorted(KEYS & set(doc) - {"format"}):
        if key in ("item", "applicant") and doc[key] is None:
            continue  # a return visit names its case instead: the whole file's check says
        attempt(lambda key=key: parse_application({**base, key: doc[key]}))
    if not found:
        attempt(shape)  # what needs several fields together, e.g. an applicant unless a case

    def fit(v: Any, check: Any) -> bool:
        """Look up only values whose shape passed (the shape problem is already listed)."""
        try:
            check(v, "$")
        except CounterError:
            return False
        return True

    clerk = doc.get("clerk")
    if isinstance(clerk, str) and clerk and fit(clerk, lambda v, p: check_text(v, p, 64)):
        attempt(lambda: ctx.users.require(clerk, "intake"), "$.clerk")
    item = None
    if isinstance(doc.get("case"), str):
        if fit(doc["case"], check_code):
            attempt(lambda: ctx.cases.case(doc["case"]), "$.case")
    elif isinstance(doc.get("item"), str) and fit(doc["item"], check_code):
        item = attempt(lambda: ctx.catalog.item(doc["item"]), "$.item")
    if item is not None and isinstance(doc.get("answers"), dict):
        for qid, opts in doc["answers"].items():
            if id_problem(qid) is not None:
                continue
            try:
                check_answers(item, {qid: [opts] if isinstance(opts, str) else opts})
            except (AnswerError, TypeError) as exc:
                reason = exc.reason if isinstance(exc, AnswerError) else "选项应为字符串列表"
                found.append(CounterError("intake.answer", reason, f"$.answers.{qid}"))
    if item is not None and isinstance(doc.get("materials"), dict):
        for mid in doc["materials"]:
            if id_problem(mid) is None and item.material(mid) is None:
                found.append(
                    CounterError(
                        "verdict.material",
                        f"材料 {mid} 不在该事项的材料清单中",
                        f"$.materials.{mid}",
                    )
                )
    return _unique(found)


def _unique(found: list[CounterError]) -> list[CounterError]:
    unique: dict[tuple[str, str], CounterError] = {}
    for e in found:
        unique.setdefault((e.path or "", e.message), e)
    return list(unique.values())
