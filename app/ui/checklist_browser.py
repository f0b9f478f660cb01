"""The item checklist browser: the read-only catalog with search, for answering questions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from app.core.catalog import Item
from app.ui.catalog_data import PickerData
from app.ui.item_picker import ItemPicker
from app.ui.item_view import item_html
from app.ui.session import Session


class ItemBrowser(QWidget):
    """Search on the left, the highlighted item's whole checklist on the right."""

    def __init__(
        self, session: Session, picker_data: Callable[[Callable[[PickerData], None]], None]
    ) -> None:
        super().__init__()
        self.session = session
        self._picker_data = picker_data
        self.item: Item | None = None
        self._cache: dict[str, Item] = {}
        self.picker = ItemPicker()
        # Show the highlighted item once typing pauses (see ItemPage); Enter shows it at once.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(
            lambda: self.show_item(self._pending) if self._pending else None
        )
        self._pending: str | None = None
        self.picker.highlighted.connect(self._highlighted)
        self.picker.picked.connect(self.show_item)
        self.view = QTextBrowser()
        self.view.setObjectName("itemChecklist")
        self.view.setOpenExternalLinks(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.picker, 2)
        row.addWidget(self.view, 3)

    def activate(self) -> None:
        self._picker_data(lambda d: self.picker.set_index(d.index, d.usage, d.suggestions))
        self.picker.focus_search()

    def _highlighted(self, code: str) -> None:
        self._pending = code
        self._timer.start()

    def show_item(self, code: str) -> None:
        if code in self._cache:
            self._set(self._cache[code])
            return
        catalog = self.session.ctx.catalog

        def loaded(item: Item) -> None:
            self._cache[code] = item
            if self.picker.current_code() in (code, None):
                self._set(item)

        self.session.db.run(lambda: catalog.item(code), loaded, lambda _e: None)

    def _set(self, item: Item) -> None:
        self.item = item
        self.view.setHtml(item_html(item))


class ChecklistPage(QWidget):
    def __init__(
        self, session: Session, picker_data: Callable[[Callable[[PickerData], None]], None]
    ) -> None:
        super().__init__()
        self.setObjectName("checklistPage")
        title = QLabel(self.tr("Item checklists"))
        title.setProperty("role", "title")
        note = QLabel(
            self.tr("Read-only: the catalog as published. Search by name, pinyin initials or code.")
        )
        note.setProperty("role", "muted")
        self.browser = ItemBrowser(session, picker_data)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.browser, 1)

    def activate(self) -> None:
        self.browser.activate()
