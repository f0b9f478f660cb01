"""Step 2, the item: live search as you type; recent and frequent items first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser

from app.core.errors import CounterError
from app.ui.item_picker import ItemPicker
from app.ui.wizard.page import WizardPage
from app.ui.wizard.state import IntakeState


class ItemPage(WizardPage):
    scrolls = False
    step_id = "item"

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.picker = ItemPicker()
        self.picker.picked.connect(self._picked)
        self.picker.nothing_chosen.connect(self._nothing_chosen)
        # The preview follows the highlighted item once typing pauses, so each keystroke only
        # searches and updates the list (one frame), not re-lays out a long checklist too.
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(150)
        self._preview_timer.timeout.connect(self._show_preview)
        self._pending: str | None = None
        self.picker.highlighted.connect(self._highlighted)
        self.preview = QTextBrowser()
        self.preview.setObjectName("itemPreview")
        self.chosen = QLabel()
        self.chosen.setObjectName("chosenItem")
        self.chosen.setProperty("role", "muted")
        row = QHBoxLayout()
        row.addWidget(self.picker, 3)
        row.addWidget(self.preview, 2)
        self.body.addWidget(self.chosen)
        self.body.addLayout(row, 1)

    def title(self) -> str:
        return self.tr("Item")

    def key_hint(self) -> str:
        return self.tr("Keys: type to search · ↑/↓ move · Enter choose · Alt+← back")

    def load(self, state: IntakeState) -> None:
        if state.item_code:
            self.picker.field.clear()  # the choice stands until the clerk types a new search
        self.wizard.with_picker_data(
            lambda data: self.picker.set_index(data.index, data.usage, data.suggestions)
        )
        self.chosen.setText(
            self.tr("Chosen: {0}").format(state.item_name)
            if state.item_name
            else self.tr("Type to search; ↑/↓ to move, Enter to choose.")
        )

    def entered(self) -> None:
        self.picker.focus_search()

    def validate(self, state: IntakeState) -> None:
        code = self.picker.current_code() if self.picker.field.text().strip() else None
        if code and code != state.item_code:
            raise CounterError("wizard.item_pending", self.tr("Press Enter to choose the item."))
        if not state.item_code:
            raise CounterError("wizard.item", self.tr("Choose the item the applicant came for."))

    def _nothing_chosen(self) -> None:
        if self.wizard.state.item_code:  # back on this step: Enter keeps the chosen item
            self.wizard.next_step()
            return
        self.wizard.error.setText(
            self.tr("Type the item, or move to a recent one with ↓, then press Enter.")
        )

    def _picked(self, code: str) -> None:
        self.wizard.choose_item(code)

    def _highlighted(self, code: str) -> None:
        self._pending = code
        self._preview_timer.start()

    def _show_preview(self) -> None:
        if self._pending:
            self.wizard.describe_item(self._pending, self.preview)
