"""What a new catalog version adds, changes and drops, item by item, before it takes effect.

Compared on the interchange form of each item (catalog_format.dump_item), so every field the
window shows or prints counts; a change is said in a line a supervisor can read (时限 5 → 3
个工作日, 材料 新增“户口簿”), in Chinese or, for the English interface, in English (the
catalog's own names stay as they are). No I/O: services/catalog_versions.py hands the two
catalogs in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.core import catalog_format
from app.core.catalog import NECESSITIES, Catalog

FIELDS = {
    "name": "名称",
    "aliases": "别名",
    "department": "实施部门",
    "item_type": "事项类型",
    "legal_days": "法定办结时限",
    "promised_days": "承诺办结时限",
    "fee": "收费",
    "result": "办理结果",
    "conditions": "受理条件",
    "steps": "办理流程",
    "questions": "情形问题",
    "review_points": "审查要点",
    "faq": "常见问题",
    "source_url": "来源",
}
MATERIAL_FIELDS = {
    "name": "名称",
    "form": "形式",
    "form_text": "形式说明",
    "copies": "份数",
    "source": "来源",
    "necessity": "必要性",
    "requirements": "要求",
    "common_errors": "易错提醒",
    "when": "适用情形",
    "commitment": "容缺承诺",
}
DAYS = ("legal_days", "promised_days")


@dataclass(frozen=True)
class Words:
    """How a comparison says its lines in one language."""

    fields: Mapping[str, str]
    material_fields: Mapping[str, str]
    necessity: Mapping[str, str]  # the catalog's 必要 / 容缺 / 非必要, as said
    not_set: str
    at_once: str
    days: str  # {0}: working days
    one_day: str  # the same for one
    field_change: str  # {0} field, {1} before, {2} after
    renamed: str
    edited: str  # {0}: the fields changed
    added: str  # {0}: a material's name
    removed: str
    material_change: str  # {0} material, {1} before, {2} after
    material_edit: str  # {0} material, {1} the fields changed
    reordered: str
    joiner: str


ZH = Words(
    FIELDS,
    MATERIAL_FIELDS,
    {n: n for n in NECESSITIES},
    "未设",
    "即办",
    "{0} 个工作日",
    "1 个工作日",
    "{0} {1} → {2}",
    "名称 “{0}” → “{1}”",
    "修改{0}",
    "材料 新增“{0}”",
    "材料 删除“{0}”",
    "材料“{0}” {1} → {2}",
    "材料“{0}” 修改{1}",
    "材料 顺序调整",
    "、",
)
EN = Words(
    {  # the time limits open their line ("Promised time limit: …"); the rest follow "Changed: "
        "name": "name",
        "aliases": "other names",
        "department": "department",
        "item_type": "item type",
        "legal_days": "Statutory time limit",
        "promised_days": "Promised time limit",
        "fee": "fee",
        "result": "result",
        "conditions": "conditions",
        "steps": "steps",
        "questions": "situation questions",
        "review_points": "review points",
        "faq": "common questions",
        "source_url": "source",
    },
    {
        "name": "name",
        "form": "form",
        "form_text": "form note",
        "copies": "copies",
        "source": "where to get it",
        "necessity": "necessity",
        "requirements": "requirements",
        "common_errors": "common mistakes",
        "when": "when it applies",
        "commitment": "promise",
    },
    {"必要": "Required", "容缺": "Tolerable (容缺)", "非必要": "Optional"},
    "not set",
    "at once",
    "{0} working days",
    "1 working day",
    "{0}: {1} → {2}",
    "Name: “{0}” → “{1}”",
    "Changed: {0}",
    "Material added: “{0}”",
    "Material removed: “{0}”",
    "Material “{0}”: {1} → {2}",
    "Material “{0}”: changed {1}",
    "Materials reordered",
    ", ",
)
LANGUAGES = {"zh_CN": ZH, "en": EN}


@dataclass(frozen=True)
class Entry:
    code: str
    name: str


@dataclass(frozen=True)
class ItemChange:
    code: str
    name: str
    changes: tuple[str, ...]  # one readable line per change


@dataclass(frozen=True)
class CatalogDiff:
    added: tuple[Entry, ...]
    changed: tuple[ItemChange, ...]
    dropped: tuple[Entry, ...]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.dropped)


def _days(v: Any, w: Words) -> str:
    if v is None:
        return w.not_set
    return w.at_once if v == 0 else (w.one_day if v == 1 else w.days.format(v))


def _materials(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], w: Words
) -> list[str]:
    before = {m["id"]: m for m in old}
    after = {m["id"]: m for m in new}
    out = [w.added.format(after[i]["name"]) for i in after if i not in before]
    out += [w.removed.format(before[i]["name"]) for i in before if i not in after]
    for i in after:
        if i not in before or before[i] == after[i]:
            continue
        name = after[i]["name"]
        keys = [k for k in MATERIAL_FIELDS if before[i].get(k) != after[i].get(k)]
        if "necessity" in keys:  # 必要 / 容缺 / 非必要: the change that matters most at the desk
            was, now = (m.get("necessity") or "必要" for m in (before[i], after[i]))
            out.append(
                w.material_change.format(name, w.necessity.get(was, was), w.necessity.get(now, now))
            )
        rest = w.joiner.join(w.material_fields[k] for k in keys if k != "necessity")
        if rest:
            out.append(w.material_edit.format(name, rest))
    if [m["id"] for m in old if m["id"] in after] != [m["id"] for m in new if m["id"] in before]:
        out.append(w.reordered)
    return out


def item_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], language: str = "zh_CN"
) -> tuple[str, ...]:
    w = LANGUAGES.get(language, ZH)
    out: list[str] = []
    for key in FIELDS:
        if old.get(key) == new.get(key):
            continue
        label = w.fields[key]
        if key in DAYS:
            out.append(w.field_change.format(label, _days(old.get(key), w), _days(new.get(key), w)))
        elif key == "name":
            out.append(w.renamed.format(old.get(key), new.get(key)))
        else:
            out.append(w.edited.format(label))
    out += _materials(old.get("materials") or [], new.get("materials") or [], w)
    return tuple(out)


def _dumped(items: Iterable[Any]) -> dict[str, dict[str, Any]]:
    return {i.code: catalog_format.dump_item(i) for i in items}


def compare(old: Catalog | None, new: Catalog, language: str = "zh_CN") -> CatalogDiff:
    """``new`` against ``old`` (None: no catalog yet, everything is added), in ``new``'s order
    and then ``old``'s for the dropped ones; the lines in ``language`` (zh_CN or en)."""
    before = _dumped(old.items) if old is not None else {}
    after = _dumped(new.items)
    added = tuple(Entry(c, d["name"]) for c, d in after.items() if c not in before)
    dropped = tuple(Entry(c, d["name"]) for c, d in before.items() if c not in after)
    changed = []
    same = 0
    for code, d in after.items():
        if code not in before:
            continue
        lines = item_changes(before[code], d, language)
        if lines:
            changed.append(ItemChange(code, d["name"], lines))
        else:
            same += 1
    return CatalogDiff(added, tuple(changed), dropped, same)
