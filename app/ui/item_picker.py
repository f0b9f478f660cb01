"""Find an item as you type: name, alias, code, pinyin or its initials (残疾证 / cjz).

Each keystroke searches the in-memory index on the UI thread (well under a frame at 10,000
items; bench/startup.py measures it) and resets a small list model. With nothing typed, the
list shows this window's recent items, then its most frequent ones.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from app.core.search import SearchIndex

Index = QModelIndex | QPersistentModelIndex
RESULTS = 40


@dataclass(frozen=True, slots=True)
class ItemRow:
    code: str
    name: str
    note: str = ""  # "最近" / "常用"


class ItemResultsModel(QAbstractListModel):
    CodeRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ItemRow] = []

    def set_rows(self, rows: Sequence[ItemRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.name}    {row.note}" if row.note else row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.code}  {row.name}"
        if role == self.CodeRole:
            return row.code
        return None


class ItemPicker(QWidget):
    """A search field over a result list; Up/Down move in the list, Enter picks.

    With nothing typed the list shows recent items, the first highlighted; Enter picks it only
    once the clerk has moved to it with the arrows. Otherwise a second Enter (a key pressed
    twice, or held) would choose an item nobody asked for; it emits ``nothing_chosen``."""

    picked = Signal(str)  # item code
    highlighted = Signal(str)
    nothing_chosen = Signal()  # Enter on the suggestions, none of them moved to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index: SearchIndex | None = None
        self._usage: Mapping[str, int] = {}
        self._suggestions: list[ItemRow] = []
        self._moved = False  # the clerk moved in the suggestions with the arrow keys
        self.last_search_ms = 0.0
        self.field = QLineEdit()
        self.field.setObjectName("itemSearch")
        self.field.setPlaceholderText(self.tr("Type the item: name, pinyin initials or code"))
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(self._pick_current)
        self.field.installEventFilter(self)
        self.model = ItemResultsModel(self)
        self.list = QListView()
        self.list.setObjectName("itemResults")
        self.list.setProperty("role", "results")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.activated.connect(lambda i: self.picked.emit(i.data(ItemResultsModel.CodeRole)))
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.status.setText(self.tr("Preparing the item index…"))

    # ---- data --------------------------------------------------------------------------------

    def set_index(
        self, index: SearchIndex, usage: Mapping[str, int], suggestions: Sequence[ItemRow] = ()
    ) -> None:
        self._index = index
        self._usage = usage
        self._suggestions = list(suggestions)
        self._search(self.field.text())

    @property
    def ready(self) -> bool:
        return self._index is not None

    def current_code(self) -> str | None:
        i = self.list.currentIndex()
        return i.data(ItemResultsModel.CodeRole) if i.isValid() else None

    # ---- behaviour ---------------------------------------------------------------------------

    def _search(self, text: str) -> None:
        if self._index is None:
            return
        started = time.perf_counter()
        if text.strip():
            hits = self._index.search(text, RESULTS, self._usage)
            rows = [ItemRow(h.code, h.name) for h in hits]
            self.status.setText(
                self.tr("%n item(s) found", "", len(rows))
                if rows
                else self.tr("No item matches. Try fewer characters or the pinyin initials.")
            )
        else:
            rows = self._suggestions
            self.status.setText(
                self.tr("Recent and frequent items at this window")
                if rows
                else self.tr("{0} items in the catalog").format(len(self._index))
            )
        self.model.set_rows(rows)
        self._moved = False
        if rows:
            self.list.setCurrentIndex(self.model.index(0))
        self.last_search_ms = (time.perf_counter() - started) * 1000

    def _pick_current(self) -> None:
        code = self.current_code()
        if not self.field.text().strip() and not self._moved:
            self.nothing_chosen.emit()
            return
        if code:
            self.picked.emit(code)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.highlighted.emit(current.data(ItemResultsModel.CodeRole))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Up/Down/PageUp/PageDown in the search field move the list's selection.
        if (
            obj is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            moves = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 8,
                Qt.Key.Key_PageUp: -8,
            }
            if key in moves and self.model.rowCount():
                self._moved = True
                row = self.list.currentIndex().row() + moves[key]
                row = max(0, min(self.model.rowCount() - 1, row))
                self.list.setCurrentIndex(self.model.index(row))
                return True
        return super().eventFilter(obj, event)

    def focus_search(self) -> None:
        self._moved = False
        self.field.setFocus()
        self.field.selectAll()


def suggestions_from(
    recent: Sequence[tuple[str, str]],
    usage: Mapping[str, int],
    names: Mapping[str, str],
    recent_label: str,
    frequent_label: str,
    limit: int = 12,
) -> list[ItemRow]:
    """Recent items first (newest first), then the most used ones not already listed."""
    rows: list[ItemRow] = []
    seen: set[str] = set()
    for code, name in recent:
        if code not in seen:
            rows.append(ItemRow(code, name, recent_label))
            seen.add(code)
    for code, _uses in sorted(usage.items(), key=lambda kv: -kv[1]):
        if len(rows) >= limit:
            break
        name = names.get(code)
        if code not in seen and name:
            rows.append(ItemRow(code, name, frequent_label))
            seen.add(code)
    return rows[:limit]
