"""What the item pickers need, loaded once on the database worker: index, usage, suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.core.search import SearchIndex
from app.ui.item_picker import ItemRow, suggestions_from

if TYPE_CHECKING:
    from app.bootstrap import Context


@dataclass(frozen=True)
class PickerData:
    index: SearchIndex
    usage: dict[str, int]
    suggestions: list[ItemRow]


def load_picker_data(ctx: Context, today: date) -> PickerData:
    """Build (or reuse) the search index and this window's recent and frequent items."""
    index = ctx.catalog.index()
    usage = dict(ctx.catalog.usage())
    names = {e.code: e.name for e in index.entries}
    recent = [(c.item_code, names.get(c.item_code, c.item_name)) for c in ctx.cases.cases_on(today)]
    translate = QCoreApplication.translate
    rows = suggestions_from(
        recent, usage, names, translate("ItemPicker", "recent"), translate("ItemPicker", "frequent")
    )
    return PickerData(index, usage, rows)
