"""One case, opened by its number (scanned or typed): where it stands and what to do next.

A returning applicant either brings the missing materials (supplement: the wizard opens with
only what is outstanding) or collects the result (pickup: by the applicant, or by an agent
whose document is recorded). Between the two the window records the back office's steps: the
materials handed on (材料流转, with its transfer list printed) and the result arrived back at
the window (结果到件). Kept slips can be reprinted.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.cases import (
    OPEN_FOR_SUPPLEMENT,
    TRANSITIONS,
    CaseState,
    CaseView,
    IntakeResult,
    shown_state,
)
from app.core.catalog import Item
from app.core.errors import CounterError
from app.core.identity import mask
from app.core.parties import party_from_dict
from app.devices.evaluation_pad import ReviewAsk
from app.ui import messages, theme
from app.ui.labels import id_type_labels, outcome_labels, state_labels
from app.ui.review_prompt import ReviewPrompt
from app.ui.session import Session
from app.ui.slip_panel import SlipPanel
from app.ui.wizard.applicant_page import PartyForm

if TYPE_CHECKING:
    from app.bootstrap import Context


def load_case(ctx: Context, case_no: str) -> tuple[CaseView, Item]:
    """By number, or by a return slip's QR (the scanner types it into the lookup field):
    the slip opens a case of another window of the centre, without the network."""
    from app.core.return_ticket import looks_like_ticket

    if looks_like_ticket(case_no):
        from app.services.centre_cases import open_ticket

        case_no = open_ticket(ctx, case_no)
    case = ctx.cases.case(case_no)
    return case, ctx.catalog.item(case.item_code, case.catalog_version)


def can_pick_up(case: CaseView) -> bool:
    instant = case.promised_days == 0 and case.state in (
        CaseState.ACCEPTED,
        CaseState.TRANSFERRED,
    )
    return case.state == CaseState.RESULT_READY or instant


def can_transfer(case: CaseView) -> bool:
    return case.state in TRANSITIONS[CaseState.TRANSFERRED]


def can_receive_result(case: CaseView) -> bool:
    return case.state in TRANSITIONS[CaseState.RESULT_READY]


BackOfficeDone = tuple[CaseView, Item, Path | None, BaseException | None]


class CasePage(QWidget):
    supplement = Signal(object)  # CaseView
    visit_recorded = Signal(object)  # IntakeResult of a pickup
    state_recorded = Signal(str)  # the case's new state (a back-office step was recorded)
    back = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("casePage")
        self.session = session
        self.case: CaseView | None = None
        self.item: Item | None = None
        self.title = QLabel()
        self.title.setObjectName("caseTitle")
        self.title.setProperty("role", "title")
        self.details = QLabel()
        self.details.setObjectName("caseDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        info = QFrame()
        info.setProperty("role", "card")
        ibox = QVBoxLayout(info)
        ibox.setContentsMargins(16, 12, 16, 12)
        ibox.addWidget(self.details)

        self.supplement_button = QPushButton(self.tr("Check the missing materials (Ctrl+Enter)"))
        self.supplement_button.setObjectName("startSupplement")
        self.supplement_button.setProperty("primary", True)
        self.supplement_button.clicked.connect(self._supplement)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys),
                self,
                self._supplement,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )

        # Pickup: who collects the result.
        self.pickup_box = QFrame()
        self.pickup_box.setProperty("role", "card")
        pbox = QVBoxLayout(self.pickup_box)
        pbox.setContentsMargins(16, 12, 16, 12)
        ptitle = QLabel(self.tr("Hand over the result"))
        ptitle.setProperty("role", "subtitle")
        self.by_applicant = QRadioButton(self.tr("The applicant collects it (&S)"))
        self.by_applicant.setObjectName("pickupSelf")
        self.by_agent = QRadioButton(self.tr("An agent collects it (&G)"))
        self.by_agent.setObjectName("pickupAgent")
        group = QButtonGroup(self.pickup_box)
        group.addButton(self.by_applicant)
        group.addButton(self.by_agent)
        self.by_applicant.setChecked(True)
        self.collector = PartyForm("collector", allow_organisation=False)
        self.collector.hide()
        self.by_agent.toggled.connect(self.collector.setVisible)
        self.pickup_button = QPushButton(self.tr("Record the pickup"))
        self.pickup_button.setObjectName("recordPickup")
        self.pickup_button.setProperty("primary", True)
        self.pickup_button.clicked.connect(self._pickup)
        self.pickup_error = QLabel()
        self.pickup_error.setProperty("role", "error")
        self.pickup_error.setWordWrap(True)
        pbox.addWidget(ptitle)
        pbox.addWidget(self.by_applicant)
        pbox.addWidget(self.by_agent)
        pbox.addWidget(self.collector)
        prow = QHBoxLayout()
        prow.addWidget(self.pickup_error, 1)
        prow.addWidget(self.pickup_button)
        pbox.addLayout(prow)

        # Back office: the materials handed on, the result back at the window.
        self.office_box = QFrame()
        self.office_box.setObjectName("backOffice")
        self.office_box.setProperty("role", "card")
        obox = QVBoxLayout(self.office_box)
        obox.setContentsMargins(16, 12, 16, 12)
        otitle = QLabel(self.tr("Back office"))
        otitle.setProperty("role", "subtitle")
        self.office_hint = QLabel()
        self.office_hint.setObjectName("backOfficeHint")
        self.office_hint.setProperty("role", "muted")
        self.office_hint.setWordWrap(True)
        self.transfer_button = QPushButton(self.tr("Transfer the materials (Ctrl+T)"))
        self.transfer_button.setObjectName("transferCase")
        self.transfer_button.clicked.connect(self._transfer)
        self.result_button = QPushButton(self.tr("Result arrived (Ctrl+R)"))
        self.result_button.setObjectName("resultArrived")
        self.result_button.clicked.connect(self._result_arrived)
        for keys, slot in (("Ctrl+T", self._transfer), ("Ctrl+R", self._result_arrived)):
            QShortcut(
                QKeySequence(keys),
                self,
                slot,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        self.office_error = QLabel()
        self.office_error.setObjectName("backOfficeError")
        self.office_error.setProperty("role", "error")
        self.office_error.setWordWrap(True)
        orow = QHBoxLayout()
        orow.addStretch(1)
        orow.addWidget(self.transfer_button)
        orow.addWidget(self.result_button)
        obox.addWidget(otitle)
        obox.addWidget(self.office_hint)
        obox.addWidget(self.office_error)
        obox.addLayout(orow)

        self.slips = SlipPanel(session)
        self.slips.setMinimumHeight(220)
        self.review = ReviewPrompt(session)
        self.review.hide()
        back = QPushButton(self.tr("Back to home (Esc)"))
        back.setObjectName("caseBack")
        QShortcut(
            QKeySequence("Esc"),
            self,
            self.back.emit,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        back.clicked.connect(self.back)

        actions = QHBoxLayout()
        actions.addWidget(back)
        actions.addStretch(1)
        actions.addWidget(self.supplement_button)
        column = QWidget()
        column.setObjectName("pageContent")
        left = QVBoxLayout(column)
        left.setContentsMargins(0, 0, 8, 0)
        left.addWidget(info)
        left.addWidget(self.office_box)
        left.addWidget(self.pickup_box)
        left.addWidget(self.review)
        left.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(column)
        slips_box = QVBoxLayout()
        slips_box.addWidget(self.slips, 1)
        body = QHBoxLayout()
        body.addWidget(scroll, 1)
        body.addLayout(slips_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        layout.addLayout(actions)

    def show_case(self, case: CaseView, item: Item, current: Path | None = None) -> None:
        """Show the case; ``current`` is the kept slip to preview first (else the oldest)."""
        self.case, self.item = case, item
        shown = shown_state(case.state, case.outcome)
        state = state_labels().get(shown, shown)
        self.title.setText(f"{case.case_no}　·　{state}")
        self.details.setText(self._details_html(case, item))
        open_ = case.state in OPEN_FOR_SUPPLEMENT and bool(case.outstanding)
        self.supplement_button.setVisible(open_)
        self.pickup_box.setVisible(can_pick_up(case))
        self.pickup_error.clear()
        self.by_applicant.setChecked(True)
        self.collector.set_values({"kind": "person", "id_type": "resident_id"})
        self.review.hide()
        self._show_office(case)
        self.slips.set_documents(self.session.slips.kept(case.case_no), case.case_no, current)
        if open_:
            self.supplement_button.setFocus()
        elif can_pick_up(case):
            self.pickup_button.setFocus()
        elif self.office_box.isVisible():
            (self.transfer_button if can_transfer(case) else self.result_button).setFocus()

    def _show_office(self, case: CaseView) -> None:
        self.office_box.setVisible(can_receive_result(case))
        self.office_error.clear()
        self.office_error.hide()
        transfer = can_transfer(case)
        self.transfer_button.setEnabled(transfer)
        self.result_button.setEnabled(can_receive_result(case))
        # The next step stands out.
        for button, next_ in ((self.transfer_button, transfer), (self.result_button, not transfer)):
            button.setProperty("primary", next_)
            theme.polish(button)
        if transfer:
            self.office_hint.setText(
                self.tr(
                    "When the materials go to the back office, record it here: a transfer list "
                    "is printed to go with them."
                )
            )
            self.transfer_button.setToolTip("")
        else:
            self.office_hint.setText(
                self.tr(
                    "The materials are with the back office. When the result comes back to this "
                    "window, record it here: the applicant can then collect it."
                )
            )
            self.transfer_button.setToolTip(self.tr("The materials were transferred already."))

    def _transfer(self) -> None:
        case = self.case
        if case is None or not self.office_box.isVisible() or not self.transfer_button.isEnabled():
            return
        if messages.ask(
            self,
            self.tr("Transfer the materials"),
            self.tr(
                "Hand the materials of case {0} ({1}) on to the back office? A transfer list is "
                "printed to go with them."
            ).format(case.case_no, case.item_name),
        ):
            self._set_state(case, CaseState.TRANSFERRED)

    def _result_arrived(self) -> None:
        case = self.case
        if case is None or not self.office_box.isVisible() or not self.result_button.isEnabled():
            return
        if messages.ask(
            self,
            self.tr("Result arrived"),
            self.tr(
                "Has the result of case {0} ({1}) arrived at this window? The applicant can "
                "then collect it."
            ).format(case.case_no, case.item_name),
        ):
            self._set_state(case, CaseState.RESULT_READY)

    def _set_state(self, case: CaseView, state: CaseState) -> None:
        ctx, clerk, slips = self.session.ctx, self.session.clerk.username, self.session.slips
        case_no = case.case_no

        def record() -> BackOfficeDone:
            ctx.case_state.set_state(case_no, state, clerk)
            view, item = load_case(ctx, case_no)
            transfer, problem = None, None
            if state == CaseState.TRANSFERRED:
                try:  # printed by the service with the transfer; made again if that failed
                    transfer = slips.transfer_list(case_no)
                except Exception as exc:  # the transfer is recorded all the same
                    problem = exc
            return view, item, transfer, problem

        self.transfer_button.setEnabled(False)
        self.result_button.setEnabled(False)
        self.session.db.run(record, self._state_set, self._state_failed)

    def _state_set(self, done: BackOfficeDone) -> None:
        view, item, transfer, problem = done
        self.show_case(view, item, current=transfer)
        self.state_recorded.emit(view.state)
        if problem is not None:
            messages.show_error(self, problem, self.tr("Transfer list"))
        if transfer is not None:
            self.slips.print_button.setFocus()
            if self.session.window.silent_print:
                self.slips.print_current()

    def _state_failed(self, exc: BaseException) -> None:
        if self.case is not None:
            self._show_office(self.case)
        self.office_error.setText(messages.describe(exc))
        self.office_error.show()

    def _promised_text(self, case: CaseView) -> str:
        if case.promised_date is None:
            return "—"
        if case.promised_provisional:
            return self.tr(
                "{0} (provisional: subject to the State Council's {1} holiday schedule)"
            ).format(case.promised_date.isoformat(), case.promised_date.year)
        return case.promised_date.isoformat()

    def _details_html(self, case: CaseView, item: Item) -> str:
        labels = id_type_labels()
        rows = [
            (self.tr("Item"), case.item_name),
            (
                self.tr("Applicant"),
                f"{case.applicant.name}（{labels.get(case.applicant.id_type, '')} "
                f"{mask(case.applicant.id_number)}）",
            ),
        ]
        if case.agent:
            rows.append((self.tr("Agent"), f"{case.agent.name}（{mask(case.agent.id_number)}）"))
        rows += [
            (self.tr("Outcome"), outcome_labels().get(case.outcome or "", case.outcome or "—")),
            (self.tr("Received"), f"{case.created_at:%Y-%m-%d %H:%M}"),
            (self.tr("Promised completion"), self._promised_text(case)),
            (self.tr("Visits"), str(case.visits)),
        ]
        if case.supplement_deadline:
            rows.append(
                (self.tr("Supply missing materials by"), case.supplement_deadline.isoformat())
            )
        if case.reason:
            rows.append((self.tr("Reason"), case.reason))
        html = (
            "<table cellpadding='3'>"
            + "".join(
                f"<tr><td style='color:{theme.MUTED}' nowrap>{escape(k)}</td><td>{escape(v)}</td></tr>"
                for k, v in rows
            )
            + "</table>"
        )
        if case.outstanding:
            names = [m.name for mid in case.outstanding if (m := item.material(mid))]
            title = self.tr("Still missing")
            html += (
                f"<p><b>{escape(title)}</b></p><ul>"
                + "".join(f"<li>{escape(n)}</li>" for n in names)
                + "</ul>"
            )
        return html

    def _supplement(self) -> None:
        if self.case is not None and self.supplement_button.isVisible():
            self.supplement.emit(self.case)

    def _pickup(self) -> None:
        case = self.case
        if case is None:
            return
        by_agent = self.by_agent.isChecked()
        try:
            collector = (
                party_from_dict(
                    {k: v for k, v in self.collector.values().items() if v}, "collector"
                )
                if by_agent
                else case.applicant
            )
        except CounterError as exc:
            self.pickup_error.setText(exc.message)
            self.collector.focus((exc.path or "").rpartition(".")[2] or "name")
            return
        visits, clerk = self.session.ctx.visits, self.session.clerk.username
        self.pickup_button.setEnabled(False)
        self.session.db.run(
            lambda: visits.pickup(case.case_no, clerk, collector, by_agent),
            self._picked_up,
            self._pickup_failed,
        )

    def _picked_up(self, result: IntakeResult) -> None:
        self.pickup_button.setEnabled(True)
        self.pickup_box.hide()
        self.title.setText(f"{result.case_no}　·　{state_labels()[CaseState.DELIVERED]}")
        try:
            docs = self.session.slips.for_result(result)
        except CounterError as exc:  # the pickup is recorded all the same
            self.slips.show_failure(exc.message, result.case_no)
        else:
            if docs:
                self.slips.set_documents(docs, result.case_no)
        self.review.show()
        self.review.reset(
            ReviewAsk(
                result.record_id,
                self.session.clerk.display_name,
                self.case.item_name if self.case else None,
                result.case_no,
            )
        )
        self.visit_recorded.emit(result)
        self.review.ask()

    def _pickup_failed(self, exc: BaseException) -> None:
        self.pickup_button.setEnabled(True)
        self.pickup_error.setText(messages.describe(exc))
