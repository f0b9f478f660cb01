"""The intake wizard: drives the step pages, saves the draft, records the visit.

Applicant -> item -> situation -> materials -> outcome -> slips -> review. A returning
applicant's supplement visit (补正) runs the same wizard from the materials step with only
the outstanding materials. Keys: Ctrl+Enter or Alt+→ forward, Alt+← back, Alt+1..7 back to
an earlier step. Every step change saves the draft (and so does a timer while typing), so a
closed window or a crash loses nothing; once the visit is recorded the draft is deleted.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.cases import CaseView, IntakeRequest, IntakeResult
from app.core.catalog import Bundle, Item, applicable_materials
from app.core.decision import Decision
from app.core.errors import CounterError
from app.core.identity import mask
from app.ui import messages, theme
from app.ui.catalog_data import PickerData
from app.ui.elided_label import ElidedLabel
from app.ui.item_view import bundle_html, item_html
from app.ui.session import Session
from app.ui.wizard.applicant_page import ApplicantPage
from app.ui.wizard.item_page import ItemPage
from app.ui.wizard.materials_page import MaterialsPage
from app.ui.wizard.outcome_page import OutcomePage
from app.ui.wizard.page import WizardPage
from app.ui.wizard.questions_page import QuestionsPage
from app.ui.wizard.review_page import ReviewPage
from app.ui.wizard.slips_page import SlipsPage
from app.ui.wizard.state import INTAKE, SUPPLEMENT, IntakeState

log = logging.getLogger(__name__)
AUTOSAVE_MS = 15_000
BEFORE_RECORD = ("applicant", "item", "questions", "materials", "outcome")


class IntakeWizard(QWidget):
    closed = Signal()  # the clerk left the wizard
    recorded = Signal(object)  # IntakeResult, once the visit is in the store

    def __init__(
        self,
        session: Session,
        state: IntakeState,
        picker_data: Callable[[Callable[[PickerData], None]], None],
        case: CaseView | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("intakeWizard")
        self.session = session
        self.state = state
        if not state.draft_id:
            state.draft_id = str(uuid.uuid4())
        self.case = case
        self.item: Item | None = None
        self.result: IntakeResult | None = None
        self.recorded_elsewhere = False  # a 一件事 chosen here was recorded by its own wizard
        self.bundle_wizard: Any = None  # the 一件事 wizard that took this one's place
        self._picker_data = picker_data
        self._items: dict[str, Item] = {}
        self._provisional: dict[str, int | None] = {}  # item -> year of a 暂定 promise
        self._busy = False
        self._saved_json = ""
        self._error_path: str | None = None  # what the error shown is about
        self._finish_unrated = False  # Ctrl+Enter pressed once while the applicant still rates
        self._numbered: list[int] = []  # the steps shown in the bar, in order: Alt+1, Alt+2, ...

        self.pages: list[WizardPage] = [
            ApplicantPage(self),
            ItemPage(self),
            QuestionsPage(self),
            MaterialsPage(self),
            OutcomePage(self),
            SlipsPage(self),
            ReviewPage(self),
        ]
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)

        bar = QFrame()
        bar.setProperty("role", "stepbar")
        self.steps_row = QHBoxLayout(bar)
        self.steps_row.setContentsMargins(16, 8, 16, 8)
        self.step_labels: list[QLabel] = []
        for page in self.pages:
            label = QLabel()
            label.setProperty("role", "step")
            label.setObjectName(f"step_{page.step_id}")
            label.setWordWrap(True)  # a narrow screen or a long translation: two lines
            self.step_labels.append(label)
            self.steps_row.addWidget(label)
        self.steps_row.addStretch(1)
        self.summary = ElidedLabel()
        self.summary.setObjectName("wizardSummary")
        self.summary.setProperty("role", "muted")
        # The summary takes what the steps leave (elided, whole in its tool tip): the steps
        # keep one line each while they fit.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.steps_row.addWidget(self.summary, 3)

        self.error = QLabel()
        self.error.setObjectName("wizardError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Close"))
        self.cancel_button.setObjectName("wizardCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.back_button = QPushButton(self.tr("← Back (Alt+←)"))
        self.back_button.setObjectName("wizardBack")
        self.back_button.clicked.connect(self.previous_step)
        self.next_button = QPushButton()
        self.next_button.setObjectName("wizardNext")
        self.next_button.setProperty("primary", True)
        self.next_button.setMinimumWidth(220)
        self.next_button.clicked.connect(self.next_step)
        nav = QHBoxLayout()
        nav.setContentsMargins(24, 6, 24, 12)
        nav.addWidget(self.cancel_button)
        nav.addWidget(self.error, 1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(nav)

        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Alt+Right"):
            QShortcut(QKeySequence(keys), self, self.next_step, context=ctx)
        QShortcut(QKeySequence("Alt+Left"), self, self.previous_step, context=ctx)
        for n in range(1, len(self.pages) + 1):
            QShortcut(QKeySequence(f"Alt+{n}"), self, lambda n=n: self.jump_to_step(n), context=ctx)

        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self.autosave.start()

    # ---- starting ------------------------------------------------------------------------------

    def start(self) -> None:
        """Load the item (and the case, for a supplement) the state names, then show its step."""
        state = self.state
        if not state.item_code:
            self._show(self._index(state.step if state.step in BEFORE_RECORD else "applicant"))
            return
        ctx = self.session.ctx
        code, version, case_no = state.item_code, state.catalog_version, state.case_no

        def load() -> tuple[Item, CaseView | None]:
            case = ctx.cases.case(case_no) if case_no and self.case is None else self.case
            return ctx.catalog.item(code, version), case

        def loaded(result: tuple[Item, CaseView | None]) -> None:
            self.item, case = result
            self.case = case
            step = state.step if state.step in BEFORE_RECORD else "materials"
            target = self._index(step)
            if not self.pages[target].applies(state):
                target = self._index("materials")
            self.pages[target].prepare(state, lambda: self._show(target))

        self.session.db.run(load, loaded, self.failed)

    @classmethod
    def for_supplement(
        cls,
        session: Session,
        case: CaseView,
        picker_data: Callable[[Callable[[PickerData], None]], None],
    ) -> IntakeWizard:
        state = IntakeState(
            kind=SUPPLEMENT,
            step="materials",
            case_no=case.case_no,
            item_code=case.item_code,
            item_name=case.item_name,
            catalog_version=case.catalog_version,
            applicant=case.applicant.to_dict(),
            answers=case.answers,
        )
        return cls(session, state, picker_data, case)

    # ---- what the pages ask of the wizard --------------------------------------------------------

    def materials(self) -> list[Any]:
        if self.item is None:
            return []
        if self.state.kind == SUPPLEMENT and self.case is not None:
            found = [self.item.material(mid) for mid in self.case.outstanding]
            return [m for m in found if m is not None]
        return applicable_materials(self.item, self.state.answers)

    def with_picker_data(self, callback: Callable[[PickerData], None]) -> None:
        self._picker_data(callback)

    def choose_item(self, code: str) -> None:
        ctx = self.session.ctx

        def chosen(result: tuple[Item, int | None] | None) -> None:
            if result is None:  # a 一件事: its own wizard takes over, with this applicant
                from app.ui.wizard.bundle_wizard import take_over

                take_over(self, code)
                return
            item, version = result
            if item.code != self.state.item_code or version != self.state.catalog_version:
                self.state.answers, self.state.verdicts, self.state.outcome = {}, {}, None
            self.state.item_code, self.state.item_name = item.code, item.name
            self.state.catalog_version = version
            self.item = item
            self.next_step()

        clerk, today = self.session.clerk.username, self.session.today()

        def load() -> tuple[Item, int | None] | None:
            if ctx.catalog.bundle(code) is not None:
                return None
            item = ctx.catalog.item(code)
            # 收件: said when the item is chosen, naming the post that lacks it.
            ctx.visits.require_intake(item.code, clerk, today)
            return item, ctx.catalog.current_version()

        self.session.db.run(load, chosen, self.failed)

    def describe_item(self, code: str, browser: QTextBrowser) -> None:
        ctx, today = self.session.ctx, self.session.today()
        if code in self._items:
            item = self._items[code]
            browser.setHtml(item_html(item, provisional_year=self._provisional.get(code)))
            return

        def load() -> tuple[Item, int | None] | tuple[Bundle, dict[str, Item]]:
            bundle = ctx.catalog.bundle(code)
            if bundle is not None:  # a 一件事: its members, shown as such
                return bundle, {m.item: ctx.catalog.item(m.item) for m in bundle.members}
            item = ctx.catalog.item(code)  # said at item selection, not at the outcome
            return item, ctx.visits.provisional_year(item, today)

        def show(loaded: tuple[Item, int | None] | tuple[Bundle, dict[str, Item]]) -> None:
            if isinstance(loaded[0], Bundle):
                bundle, members = loaded
                assert isinstance(members, dict)
                browser.setHtml(bundle_html(bundle, members))
                return
            item, self._provisional[code] = loaded  # type: ignore[assignment]
            self._items[code] = item
            browser.setHtml(item_html(item, provisional_year=self._provisional[code]))

        self.session.db.run(load, show, lambda _exc: None)

    def preview_call(self) -> Callable[[], Decision]:
        """The service's decision of this visit (first or return) for a snapshot of the current
        answers and verdicts, to run on the database worker. The wizard never decides itself."""
        visits, state, today = self.session.ctx.visits, self.state, self.session.today()
        answers = {k: list(v) for k, v in state.answers.items()}
        verdicts = state.verdict_objects()
        code, version = state.item_code or "", state.catalog_version
        case_no = state.case_no if state.kind == SUPPLEMENT else None
        clerk = self.session.clerk.username  # the outcomes offered are this clerk's (授权深度)

        def decided() -> Decision:
            decision = visits.preview(
                code, answers, verdicts, today, version, case_no=case_no, clerk=clerk
            )
            # An original marked present by a clerk without 原件核验: said at the materials.
            visits.refuse_unchecked_originals(decision)
            return decision

        return decided

    def failed(self, exc: BaseException) -> None:
        self._busy = False
        self.update_buttons()
        self.error.setText(messages.describe(exc))
        if not isinstance(exc, CounterError):
            messages.show_error(self, exc)

    # ---- navigation ----------------------------------------------------------------------------

    def _index(self, step_id: str) -> int:
        return next(i for i, p in enumerate(self.pages) if p.step_id == step_id)

    @property
    def current(self) -> int:
        return self.stack.currentIndex()

    def reachable(self, index: int) -> bool:
        page = self.pages[index]
        if self.result is not None:
            return page.step_id in ("slips", "review")
        return self._belongs(index)

    def _belongs(self, index: int) -> bool:
        """A step this visit goes through before it is recorded."""
        page = self.pages[index]
        return (
            page.step_id in BEFORE_RECORD
            and page.applies(self.state)
            and (self.state.kind == INTAKE or page.step_id in ("materials", "outcome"))
        )

    def is_blank(self) -> bool:
        """Nothing typed or chosen yet: leaving it loses nothing."""
        if self.result is not None or self.state.kind != INTAKE:
            return False
        self.pages[self.current].store(self.state)
        s = self.state
        typed = [v for k, v in s.applicant.items() if k not in ("kind", "id_type") and v]
        return not (typed or s.has_agent or s.ticket or s.item_code or self.bundle_wizard)

    def describe(self) -> str:
        """Who and what, for the questions about leaving an unfinished visit."""
        if self.bundle_wizard is not None:
            return str(self.bundle_wizard.state.summary())
        return self.state.summary()

    def _neighbour(self, step: int) -> int | None:
        i = self.current + step
        while 0 <= i < len(self.pages):
            if self.reachable(i):
                return i
            i += step
        return None

    def next_step(self) -> None:
        if self._busy:
            return
        page = self.pages[self.current]
        page.store(self.state)
        self.error.clear()
        try:
            page.validate(self.state)
        except CounterError as exc:
            self.error.setText(exc.message)
            self._error_path = exc.path
            page.focus_field(exc.path)
            return
        if page.step_id == "outcome":
            self.submit()
            return
        if page.step_id == "review":
            if page.prompt.waiting() and not self._finish_unrated:  # type: ignore[attr-defined]
                # The applicant is still rating: a reflex Ctrl+Enter must not take their
                # window away. Pressed again, the visit ends without a review.
                self._finish_unrated = True
                self.error.setText(
                    self.tr(
                        "The applicant has not rated yet. Press Ctrl+Enter again to finish "
                        "without a review."
                    )
                )
                return
            self.finish()
            return
        target = self._neighbour(+1)
        if target is None:
            return
        self._busy = True
        self.update_buttons()
        self.pages[target].prepare(self.state, lambda: self._show(target))

    def previous_step(self) -> None:
        if self._busy:
            return
        target = self._neighbour(-1)
        if target is not None:
            self.pages[self.current].store(self.state)
            self.error.clear()
            self._show(target)

    def jump_to_step(self, n: int) -> None:
        """Alt+n: the n-th step as numbered in the bar."""
        if 1 <= n <= len(self._numbered):
            self.jump(self._numbered[n - 1])

    def jump(self, index: int) -> None:
        if index < self.current and self.reachable(index) and not self._busy:
            self.pages[self.current].store(self.state)
            self.error.clear()
            self._show(index)

    def _show(self, index: int) -> None:
        self._busy = False
        page = self.pages[index]
        self.state.step = page.step_id
        page.title_label.setText(page.title())
        page.key_hint_label.setText(page.key_hint())
        page.load(self.state)
        self.stack.setCurrentIndex(index)
        self.update_buttons()
        page.entered()
        if self.result is None:
            self.save_draft()

    def update_buttons(self) -> None:
        page = self.pages[self.current]
        self.back_button.setEnabled(self._neighbour(-1) is not None and not self._busy)
        self.next_button.setEnabled(not self._busy)
        self.next_button.setText(page.next_label() or self.tr("Next → (Ctrl+Enter)"))
        self.cancel_button.setText(
            self.tr("Close") if self.result is not None else self.tr("Cancel intake")
        )
        # The same steps and numbers from the start to the end of the visit: a step the item
        # does not need (no situation questions) stays in the bar, greyed, and the earlier
        # ones stay after the visit is recorded (done, no longer reachable), so a number
        # always names one step.
        self._numbered = []
        kind = self.state.kind
        for i, (p, label) in enumerate(zip(self.pages, self.step_labels, strict=True)):
            visible = kind == INTAKE or p.step_id in ("materials", "outcome", "slips", "review")
            label.setProperty(
                "skipped",
                visible
                and p.step_id in BEFORE_RECORD
                and not self._belongs(i)
                and self.item is not None,
            )
            label.setVisible(visible)
            if visible:
                self._numbered.append(i)
                n = len(self._numbered)
                label.setText(f"{n} {p.title()}")
                label.setToolTip(f"Alt+{n}")
            label.setProperty("current", i == self.current)
            label.setProperty("done", i < self.current)
            theme.polish(label)
        who = self.state.applicant.get("name") or ""
        number = self.state.applicant.get("id_number") or ""
        parts = [
            who + (f"（{mask(number)}）" if number else ""),
            self.state.item_name or "",
            self.state.case_no or "",
        ]
        text = "　".join(p for p in parts if p)
        self.summary.set_full_text(text)

    # ---- drafts --------------------------------------------------------------------------------

    def save_draft(self) -> None:
        """Save the state as the draft, when it changed since the last save. A 一件事 chosen
        here keeps its own draft instead (kind ``bundle``)."""
        if self.result is not None or self.recorded_elsewhere:
            return
        if self.bundle_wizard is not None:
            self.bundle_wizard.save_draft()
            return
        self.pages[self.current].store(self.state)
        data = self.state.to_json()
        text = json.dumps(data, sort_keys=True, ensure_ascii=False)
        if text == self._saved_json:
            return
        self._saved_json = text
        drafts, clerk, draft_id = (
            self.session.drafts,
            self.session.clerk.username,
            self.state.draft_id,
        )
        kind = self.state.kind
        self.session.db.run(
            lambda: drafts.save(clerk, kind, data, draft_id),
            None,
            lambda exc: log.warning("draft not saved: %s", exc),
        )

    def discard_draft(self) -> None:
        drafts, draft_id = self.session.drafts, self.state.draft_id
        self.autosave.stop()
        if draft_id:
            self.session.db.run(lambda: drafts.discard(draft_id))

    # ---- recording -----------------------------------------------------------------------------

    def request(self) -> IntakeRequest:
        s = self.state
        supplement = s.kind == SUPPLEMENT
        return IntakeRequest(
            clerk=self.session.clerk.username,
            item_code=s.item_code or "",
            applicant=None if supplement else s.applicant_party(),
            answers={} if supplement else s.answers,
            verdicts=s.verdict_objects(),
            agent=None if supplement else s.agent_party(),
            outcome=s.outcome,
            reason=s.reason or None,
            supplement_deadline=s.deadline(),
            case_no=s.case_no if supplement else None,
            ticket=s.ticket or None,
            started_at=s.started(),
            question=s.question or None,
            answer=s.answer or None,
            catalog_version=None if supplement else s.catalog_version,
            draft_id=s.draft_id,
        )

    def submit(self) -> None:
        try:
            req = self.request()
        except CounterError as exc:
            self.error.setText(exc.message)
            return
        self._busy = True
        self.update_buttons()
        self.error.setText(self.tr("Recording…"))
        visits = self.session.ctx.visits
        self.session.db.run(lambda: visits.submit(req), self._recorded, self.failed)

    def _recorded(self, result: IntakeResult) -> None:
        self.result = result
        self.error.clear()
        self.discard_draft()
        self.recorded.emit(result)
        self._show(self._index("slips"))

    def finish(self) -> None:
        self.autosave.stop()
        review = self.pages[self._index("review")]
        review.prompt.close_window()  # type: ignore[attr-defined]
        self.closed.emit()

    def recheck(self) -> None:
        """After an edit: the error goes as soon as what it was about is mended."""
        if not self.error.text() or self._busy or self.result is not None:
            return
        page = self.pages[self.current]
        page.store(self.state)
        try:
            page.validate(self.state)
        except CounterError as exc:
            if exc.path == self._error_path:
                return  # still wrong: the message stays
        self.error.clear()  # mended (what is wrong next is said at the next Ctrl+Enter)

    def cancel(self) -> None:
        if self.result is not None:
            self.finish()
            return
        if messages.ask(
            self,
            self.tr("Cancel intake"),
            self.tr("Discard this intake? Nothing has been recorded for it yet."),
            default=False,
        ):
            self.discard_draft()
            self.closed.emit()
