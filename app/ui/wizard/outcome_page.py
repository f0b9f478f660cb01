"""Step 5, the outcome: only the outcomes the rules allow are enabled, the suggested one is
chosen, and each disabled one says why. All of it is the service's preview of the visit
(``app.core.decision``): this page shows the decision, it never takes one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from app.core.checklist import ACCEPT, CONSULT, CORRECTION, REFUSE, TOLERATE
from app.core.decision import Decision
from app.core.errors import CounterError
from app.ui.labels import outcome_labels
from app.ui.wizard.page import WizardPage
from app.ui.wizard.state import SUPPLEMENT, IntakeState

MNEMONICS = {ACCEPT: "A", TOLERATE: "T", CORRECTION: "C", REFUSE: "R", CONSULT: "Q"}


class OutcomePage(WizardPage):
    step_id = "outcome"

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.decision: Decision | None = None
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.why: dict[str, QLabel] = {}
        choices = QFrame()
        choices.setProperty("role", "card")
        box = QVBoxLayout(choices)
        box.setContentsMargins(16, 12, 16, 12)
        labels = outcome_labels()
        for outcome in (ACCEPT, TOLERATE, CORRECTION, REFUSE, CONSULT):
            radio = QRadioButton(f"{labels[outcome]}　(Alt+{MNEMONICS[outcome]})")
            QShortcut(
                QKeySequence(f"Alt+{MNEMONICS[outcome]}"),
                self,
                lambda o=outcome: self.pick(o),
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
            radio.setObjectName(f"outcome_{outcome}")
            radio.setStyleSheet("font-size: 18px;")
            radio.toggled.connect(self._toggled)
            self.group.addButton(radio)
            why = QLabel()
            why.setObjectName(f"why_{outcome}")
            why.setProperty("role", "muted")
            why.setWordWrap(True)
            # Beside the outcome it explains, so the eye finds why it cannot be chosen.
            line = QHBoxLayout()
            line.setSpacing(16)
            line.addWidget(radio)
            line.addWidget(why, 1)
            box.addLayout(line)
            self.radios[outcome] = radio
            self.why[outcome] = why

        self.deadline = QDateEdit()
        self.deadline.setObjectName("supplementDeadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.reason = QLineEdit()
        self.reason.setObjectName("refusalReason")
        self.reason.setPlaceholderText(self.tr("Printed on the refusal notice"))
        self.question = QLineEdit()
        self.question.setObjectName("consultQuestion")
        self.answer = QLineEdit()
        self.answer.setObjectName("consultAnswer")
        extra = QFrame()
        extra.setProperty("role", "card")
        self.extra = QFormLayout(extra)
        self.extra.setContentsMargins(16, 12, 16, 12)
        self.extra.addRow(self.tr("Supply the missing materials by"), self.deadline)
        self.extra.addRow(self.tr("Reason for refusing"), self.reason)
        self.extra.addRow(self.tr("Question asked"), self.question)
        self.extra.addRow(self.tr("Answer given"), self.answer)
        for field in (self.reason, self.answer):
            field.returnPressed.connect(self.wizard.next_step)
        self.reason.textChanged.connect(lambda _t: self.wizard.recheck())

        self.summary = QLabel()
        self.summary.setObjectName("outcomeSummary")
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(320)
        side = QFrame()
        side.setProperty("role", "card")
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(16, 12, 16, 12)
        side_box.addWidget(self.summary)
        side_box.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(choices)
        left.addWidget(extra)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left, 3)
        row.addWidget(side, 2)
        self.body.addLayout(row, 1)

    def title(self) -> str:
        return self.tr("Outcome")

    def key_hint(self) -> str:
        return self.tr(
            "Keys: Alt+A accept · Alt+T tolerate · Alt+C correction · Alt+R refuse · "
            "Alt+Q consultation · Ctrl+Enter record and make the slips · Alt+← back"
        )

    def next_label(self) -> str | None:
        return self.tr("Record and print (Ctrl+Enter)")

    def prepare(self, state: IntakeState, ready: Callable[[], None]) -> None:
        def done(decision: Decision) -> None:
            self.decision = decision
            ready()

        self.session.db.run(self.wizard.preview_call(), done, self.wizard.failed)

    def load(self, state: IntakeState) -> None:
        d = self.decision
        if d is None:
            return
        for outcome, radio in self.radios.items():
            allowed = d.allowed.get(outcome, False)
            radio.setEnabled(allowed)
            # A return visit records no consultation: not offered at all, rather than greyed.
            radio.setVisible(not (outcome == CONSULT and state.kind == SUPPLEMENT))
            reason = d.why_not.get(outcome, "")
            self.why[outcome].setText(reason if not allowed else "")
            self.why[outcome].setVisible(bool(reason) and not allowed)
        wanted = state.outcome if state.outcome and d.allowed.get(state.outcome) else d.suggested
        self.group.setExclusive(False)  # nothing may be allowed: then nothing is chosen
        for outcome, radio in self.radios.items():
            radio.setChecked(outcome == wanted)
        self.group.setExclusive(True)
        self.deadline.setMinimumDate(QDate(d.today))
        if d.latest_deadline:
            self.deadline.setMaximumDate(QDate(d.latest_deadline))
        deadline = state.deadline() or d.default_deadline or d.today
        self.deadline.setDate(QDate(deadline))
        self.reason.setText(state.reason)
        self.question.setText(state.question)
        self.answer.setText(state.answer)
        self._summarise()
        self._toggled()

    def _summarise(self) -> None:
        d = self.decision
        assert d is not None
        title = self.tr("Materials")
        counts = self.tr("{0} received, {1} outstanding").format(
            len(d.evaluation.received), len(d.gaps)
        )
        tolerable = self.tr("tolerable")
        lines = [f"<b>{title}</b>：{counts}"]
        if d.gaps:
            lines.append(
                "<ul>"
                + "".join(
                    f"<li>{g.name}"
                    + (f"（{g.reason}）" if g.reason else "")
                    + (f"　<i>{tolerable}</i>" if g.tolerable else "")
                    + "</li>"
                    for g in d.gaps
                )
                + "</ul>"
            )
        promised = d.evaluation.promised
        if promised:  # 告知承诺: counted as received, checked after acceptance
            lines.append(
                self.tr("Promised in place of proof: {0}").format(
                    "、".join(m.name for m in promised)
                )
            )
        if d.promised_date:
            lines.append(self.tr("Promised completion: {0}").format(d.promised_date.isoformat()))
        self.summary.setText("<br>".join(lines))

    def pick(self, outcome: str) -> None:
        radio = self.radios[outcome]
        if radio.isEnabled() and radio.isVisible():
            radio.setChecked(True)
            radio.setFocus()
            follow = {TOLERATE: self.deadline, REFUSE: self.reason, CONSULT: self.question}
            if outcome in follow:
                follow[outcome].setFocus()

    def chosen(self) -> str | None:
        return next((o for o, r in self.radios.items() if r.isChecked()), None)

    def _toggled(self, *_: object) -> None:
        outcome = self.chosen()
        rows = {TOLERATE: self.deadline, REFUSE: self.reason, CONSULT: self.question}
        for key, widget in rows.items():
            visible = outcome == key
            self.extra.setRowVisible(widget, visible)
        self.extra.setRowVisible(self.answer, outcome == CONSULT)
        self.extra.parentWidget().setVisible(outcome in rows)

    def store(self, state: IntakeState) -> None:
        state.outcome = self.chosen()
        state.supplement_deadline = (
            self.deadline.date().toPython().isoformat()  # type: ignore[union-attr]
            if state.outcome == TOLERATE
            else None
        )
        state.reason = self.reason.text().strip()
        state.question = self.question.text().strip()
        state.answer = self.answer.text().strip()

    def validate(self, state: IntakeState) -> None:
        if state.outcome is None:
            raise CounterError("wizard.outcome", self.tr("Choose the outcome."))
        if state.outcome == REFUSE and not state.reason:
            raise CounterError(
                "outcome.reason",
                self.tr("Give the reason for refusing: it is printed on the refusal notice."),
                path="reason",
            )

    def focus_field(self, path: str | None) -> None:
        if path == "reason":
            self.reason.setFocus()

    def entered(self) -> None:
        outcome = self.chosen()
        if outcome:
            self.radios[outcome].setFocus()
