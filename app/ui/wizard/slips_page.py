"""Step 6, the slips: preview the PDFs of the recorded visit, print, reprint.

Once a slip has gone to the printer the review follows by itself: the applicant rates while
the slip comes out, and the clerk presses no key between the two (with the settings' 直接打印
the slip prints as the visit is recorded, so the review opens then). A print that fails or
is cancelled stays here."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from app.core.errors import CounterError
from app.ui.labels import outcome_labels
from app.ui.slip_panel import SlipPanel
from app.ui.wizard.page import WizardPage
from app.ui.wizard.state import IntakeState


class SlipsPage(WizardPage):
    scrolls = False
    step_id = "slips"

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.done = QLabel()
        self.done.setObjectName("recordedSummary")
        self.done.setProperty("role", "subtitle")
        self.done.setWordWrap(True)
        self.panel = SlipPanel(self.session)
        self.panel.printed.connect(self._printed)
        self.body.addWidget(self.done)
        self.body.addWidget(self.panel, 1)
        self._shown_for: str | None = None

    def title(self) -> str:
        return self.tr("Slips")

    def key_hint(self) -> str:
        return self.tr(
            "Keys: Ctrl+P print, then the review opens · Ctrl+Enter the review without "
            "printing · F3 next applicant"
        )

    def applies(self, state: IntakeState) -> bool:
        return self.wizard.result is not None

    def load(self, state: IntakeState) -> None:
        result = self.wizard.result
        if result is None or self._shown_for == result.record_id:
            return
        self._shown_for = result.record_id
        label = outcome_labels().get(result.outcome, result.outcome)
        if result.case_no:
            text = self.tr("Recorded: {0}, case {1}.").format(label, result.case_no)
        else:
            text = self.tr("Recorded: {0}.").format(label)
        if result.promised_date:
            text += " " + self.tr("Promised completion: {0}.").format(
                result.promised_date.isoformat()
            )
        if result.missing:
            text += " " + self.tr("Still missing: {0}.").format("、".join(result.missing))
        self.done.setText(text)
        try:
            docs = self.session.slips.for_result(result)
        except CounterError as exc:  # recorded all the same: say so, and offer to retry
            self.panel.show_failure(exc.message, result.case_no)
            return
        self.panel.set_documents(docs, result.case_no)
        if docs and self.session.window.silent_print:
            self.panel.print_all()

    def entered(self) -> None:
        self.panel.print_button.setFocus()

    def _printed(self, _pdf: str) -> None:
        """A slip of this visit reached the printer: on to the review, if still here."""
        if self.wizard.result is not None and self.wizard.stack.currentWidget() is self:
            self.wizard.next_step()
