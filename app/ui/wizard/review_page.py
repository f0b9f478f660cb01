"""Step 7, the applicant's review of this visit; the review window opens by itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel

from app.devices.evaluation_pad import ReviewAsk
from app.ui.review_prompt import ReviewPrompt
from app.ui.wizard.page import WizardPage
from app.ui.wizard.state import IntakeState


class ReviewPage(WizardPage):
    step_id = "review"

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        info = QLabel(
            self.tr(
                "Ask the applicant to rate this visit. A rating of 2 or 1 asks for "
                "a reason and opens a rectification ticket. The applicant may also "
                "decline: they tap Skip, or press Finish twice."
            )
        )
        info.setWordWrap(True)
        info.setProperty("role", "muted")
        self.prompt = ReviewPrompt(self.session)
        self.prompt.recorded.connect(self._reviewed)
        self.prompt.keep_clear = self._clerk_buttons
        self.body.addWidget(info)
        self.body.addWidget(self.prompt)
        self.body.addStretch(1)
        self._asked_for: str | None = None

    def _clerk_buttons(self) -> QRect:
        """The wizard's buttons row, from 取消 to 完成, in screen coordinates."""
        w = self.wizard
        left = w.cancel_button.mapToGlobal(QPoint(0, 0))
        right = w.next_button.mapToGlobal(QPoint(w.next_button.width(), w.next_button.height()))
        return QRect(left, right)

    def _reviewed(self, _level: int) -> None:
        self.wizard.error.clear()
        self.wizard.update_buttons()
        self.wizard.next_button.setFocus()

    def title(self) -> str:
        return self.tr("Review")

    def key_hint(self) -> str:
        return self.tr("Keys: F9 ask for the review again · Ctrl+Enter finish · F3 next applicant")

    def applies(self, state: IntakeState) -> bool:
        return self.wizard.result is not None

    def next_label(self) -> str | None:
        return self.tr("Finish (Ctrl+Enter)")

    def load(self, state: IntakeState) -> None:
        result = self.wizard.result
        if result is None or self._asked_for == result.record_id:
            return
        self._asked_for = result.record_id
        self.prompt.reset(
            ReviewAsk(
                result.record_id, self.session.clerk.display_name, state.item_name, result.case_no
            )
        )

    def entered(self) -> None:
        if self.prompt.done_level is None:
            self.prompt.ask()
