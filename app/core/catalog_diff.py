"""What a new catalog version adds, changes and drops, item by item, before it takes effect.

Compared on the interchange form of each item (catalog_format.dump_item), so every field the
window shows or prints counts; a change is said in a line a supervisor can read (时限 5 → 3
个工作日, 材料 新增“户口簿”). No I/O: services/catalog_versions.py hands the two catalogs in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.core import catalog_format
from app.core.catalog import Catalog

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


def _days(v: Any) -> str:
    return "未设" if v is None else ("即办" if v == 0 else f"{v} 个工作日")


def _materials(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> list[str]:
    before = {m["id"]: m for m in old}
    after = {m["id"]: m for m in new}
    out = [f"材料 新增“{after[i]['name']}”" for i in after if i not in before]
    out += [f"材料 删除“{before[i]['name']}”" for i in before if i not in after]
    for i in after:
        if i not in before or before[i] == after[i]:
            continue
        name = after[i]["name"]
        keys = [k for k in MATERIAL_FIELDS if before[i].get(k) != after[i].get(k)]
        if "necessity" in keys:  # 必要 / 容缺 / 非必要: the change that matters most at the desk
            was, now = (m.get("necessity") or "必要" for m in (before[i], after[i]))
            out.append(f"材料“{name}” {was} → {now}")
        rest = "、".join(MATERIAL_FIELDS[k] for k in keys if k != "necessity")
        if rest:
            out.append(f"材料“{name}” 修改{rest}")
    if [m["id"] for m in old if m["id"] in after] != [m["id"] for m in new if m["id"] in before]:
        out.append("材料 顺序调整")
    return out


def item_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    out: list[str] = []
    for key, label in FIELDS.items():
        if old.get(key) == new.get(key):
            continue
        if key in DAYS:
            out.append(f"{label} {_days(old.get(key))} → {_days(new.get(key))}")
        elif key == "name":
            out.append(f"名称 “{old.get(key)}” → “{new.get(key)}”")
        else:
            out.append(f"修改{label}")
    out += _materials(old.get("materials") or [], new.get("materials") or [])
    return tuple(out)


def _dumped(items: Iterable[Any]) -> dict[str, dict[str, Any]]:
    return {i.code: catalog_format.dump_item(i) for i in items}


def compare(old: Catalog | None, new: Catalog) -> CatalogDiff:
    """``new`` against ``old`` (None: no catalog yet, everything is added), in ``new``'s order
    and then ``old``'s for the dropped ones."""
    before = _dumped(old.items) if old is not None else {}
    after = _dumped(new.items)
    added = tuple(Entry(c, d["name"]) for c, d in after.items() if c not in before)
    dropped = tuple(Entry(c, d["name"]) for c, d in before.items() if c not in after)
    changed = []
    same = 0
    for code, d in after.items():
        if code not in before:
            continue
        lines = item_changes(before[code], d)
        if lines:
            changed.append(ItemChange(code, d["name"], lines))
        else:
            same += 1
    return CatalogDiff(added, tuple(changed), dropped, same)
