"""The 一件事 wizard: one applicant, the bundle's questions, each member's questions, one
checklist, an outcome per member, then the slips the service printed (the notice first).

A widget of its own with its own state (``BundleState``), so the single-item wizard is not
disturbed. Nothing is decided here: every step asks ``ctx.bundles.preview`` and the visit is
recorded by ``ctx.bundles.submit``. Keys: Ctrl+Enter forward, Alt+← back; on the checklist
1/O present, 2/M missing, 3/D not acceptable (a reason then), as in the single wizard.

Like the single wizard it keeps a draft (kind ``bundle``) at every step and on a timer while
the clerk works, so a closed window, a crash or another screen loses nothing: the next start
offers it again and the wizard resumes at its step. The service removes the draft in the
transaction that records the visit.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.bundles import BundleDecision
from app.core.catalog import Question
from app.core.checklist import CONSULT, TOLERATE
from app.core.errors import CounterError
from app.services.bundle_intake import BundleResult
from app.ui import messages
from app.ui.labels import outcome_labels, verdict_labels
from app.ui.session import Session
from app.ui.slip_panel import SlipPanel, doc_title
from app.ui.wizard.bundle_state import BUNDLE, BundleState
from app.ui.wizard.materials_page import KEYS

log = logging.getLogger(__name__)
STEPS = ("questions", "members", "checklist", "outcome", "slips")
BEFORE_RECORD = STEPS[:-1]
AUTOSAVE_MS = 15_000
NO_DATE = QDate(2000, 1, 1)  # the deadline field's "not chosen yet"


class QuestionList(QListWidget):
    """One question as a list of checkable options (Space ticks); a single-choice question
    keeps one tick. Options the bundle fixes are shown ticked and cannot be changed."""

    def __init__(self, question: Question, picked: list[str], fixed: tuple[str, ...] | None):
        super().__init__()
        self.question = question
        self.setObjectName(f"question_{question.id}")
        for opt in question.options:
            item = QListWidgetItem(opt.text)
            item.setData(Qt.ItemDataRole.UserRole, opt.id)
            ticked = opt.id in (fixed if fixed is not None else picked)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setEnabled(fixed is None)
        # Every option whole, wrapped to the column's width (three members side by side on
        # a 1024 px screen), and the list as tall as its options: the page scrolls, not it.
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.itemChanged.connect(self._changed)
        if self.count():
            self.setCurrentRow(0)
        self._fit()

    def _fit(self) -> None:
        rows = sum(self.visualItemRect(self.item(i)).height() for i in range(self.count()))
        if rows == 0:  # not laid out yet
            rows = sum(self.sizeHintForRow(i) for i in range(self.count()))
        self.setFixedHeight(rows + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.doItemsLayout()  # the options wrap anew to the new width
        self._fit()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentItem() is not None:
            item = self.currentItem()
            on = item.checkState() != Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            return
        super().keyPressEvent(event)

    def _changed(self, changed: QListWidgetItem) -> None:
        if self.question.multiple or changed.checkState() != Qt.CheckState.Checked:
            return
        self.blockSignals(True)
        for i in range(self.count()):
            if self.item(i) is not changed:
                self.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def picked(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]


class BundleWizard(QWidget):
    closed = Signal()
    recorded = Signal(object)  # BundleResult

    def __init__(self, session: Session, state: BundleState) -> None:
        super().__init__()
        self.setObjectName("bundleWizard")
        self.session = session
        self.state = state
        if not state.draft_id:
            state.draft_id = str(uuid.uuid4())
        self._saved_json = ""
        self.decision: BundleDecision | None = None
        self.result: BundleResult | None = None
        self._busy = False
        self._bundle: Any = None
        self._question_lists: dict[str, QuestionList] = {}  # the bundle's
        self._member_lists: dict[tuple[str, str], QuestionList] = {}  # (item, question)
        self._outcome_boxes: dict[str, QComboBox] = {}
        self._reason_edits: dict[str, QLineEdit] = {}

        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self.bodies: dict[str, QVBoxLayout] = {}
        for step in STEPS:
            page = QWidget()
            page.setObjectName(f"bundleStep_{step}")
            self.bodies[step] = QVBoxLayout(page)
            self.pages[step] = page
            self.stack.addWidget(page)
        self._scrolls: list[QScrollArea] = []
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)
        self.bodies["members"] = self._scrolled("members", "bundleMembers")
        self._build_checklist()
        self._build_outcome_page()
        self.slips = SlipPanel(session)
        # Its entries name their member (long item names): the list never widens the window.
        self.slips.list.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.slips.list.setMinimumContentsLength(24)
        self.bodies["slips"].addWidget(self.slips, 1)

        self.hint = QLabel()
        self.hint.setProperty("role", "keyhint")
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("bundleError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Close"))
        self.cancel_button.clicked.connect(self.cancel)
        self.back_button = QPushButton(self.tr("← Back (Alt+←)"))
        self.back_button.clicked.connect(self.previous_step)
        self.next_button = QPushButton(self.tr("Next (Ctrl+Enter)"))
        self.next_button.setObjectName("bundleNext")
        self.next_button.setProperty("primary", True)
        self.next_button.clicked.connect(self.next_step)
        nav = QHBoxLayout()
        nav.addWidget(self.cancel_button)
        nav.addWidget(self.error, 1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hint)
        layout.addLayout(nav)

        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Alt+Right"):
            QShortcut(QKeySequence(keys), self, self.next_step, context=ctx)
        QShortcut(QKeySequence("Alt+Left"), self, self.previous_step, context=ctx)

        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self.autosave.start()

    # ---- steps ---------------------------------------------------------------------------------

    @property
    def step(self) -> str:
        return STEPS[self.stack.currentIndex()]

    def start(self) -> None:
        bundles, code, version = self.session.ctx.bundles, self.state.bundle_code, None

        version = self.state.catalog_version  # a resumed draft: the version it was begun on

        def loaded(found: tuple[Any, int, dict[str, Any]]) -> None:
            self._bundle, self.state.catalog_version, _ = found
            self.state.bundle_name = self._bundle.name
            self._build_questions()
            step = self.state.step
            if step in BEFORE_RECORD and step != "questions":
                self._resume(step)
            else:
                self._show("questions")

        self.session.db.run(lambda: bundles.bundle(code, version), loaded, self.failed)

    def _resume(self, step: str) -> None:
        """A draft left at ``step``: build every step up to it from one decision, so going
        back shows what was chosen there too."""
        self._busy = True
        req = self.state.request(self.session.clerk.username)
        bundles, today = self.session.ctx.bundles, self.session.today()

        def shown(decision: BundleDecision) -> None:
            self.decision = decision
            self._build_members()
            if step in ("checklist", "outcome"):
                self._fill_checklist()
            if step == "outcome":
                self._build_outcomes()
            self._show(step)

        def refused(exc: BaseException) -> None:  # e.g. the catalog changed meanwhile
            self._show("questions")
            self.failed(exc)

        self.session.db.run(lambda: bundles.preview(req, today), shown, refused)

    def _show(self, step: str) -> None:
        self._busy = False
        self.state.step = step
        self.stack.setCurrentWidget(self.pages[step])
        person = self.state.applicant.name if self.state.applicant else ""
        titles = {
            "questions": self.tr("Bundle: {0} — situation").format(self.state.bundle_name),
            "members": self.tr("Bundle: {0} — each item's situation").format(
                self.state.bundle_name
            ),
            "checklist": self.tr("Bundle: {0} — one checklist").format(self.state.bundle_name),
            "outcome": self.tr("Bundle: {0} — outcome of each item").format(self.state.bundle_name),
            "slips": self.tr("Bundle: {0} — slips").format(self.state.bundle_name),
        }
        self.heading.setText(f"{titles[step]}  ·  {person}")
        hints = {
            "checklist": self.tr(
                "Keys: ↑/↓ move · 1/O present · 2/M missing · 3/D not acceptable (then type "
                "the reason) · 4/P promised · Ctrl+Enter next · Alt+← back"
            ),
            "outcome": self.tr(
                "Keys: Tab to each item · ↑/↓ choose its outcome · Ctrl+Enter record · Alt+← back"
            ),
            "slips": self.tr("Keys: Tab to the print button · Enter print"),
        }
        self.hint.setText(
            hints.get(step, self.tr("Keys: Tab next question · Space tick · Ctrl+Enter next"))
        )
        self.next_button.setText(
            self.tr("Record (Ctrl+Enter)")
            if step == "outcome"
            else self.tr("Finish")
            if step == "slips"
            else self.tr("Next (Ctrl+Enter)")
        )
        self.back_button.setEnabled(step not in ("questions", "slips"))
        focus = {
            "questions": next(iter(self._question_lists.values()), None),
            "members": next((w for w in self._member_lists.values() if w.isEnabled()), None),
            "checklist": self.table,
            "outcome": next(iter(self._outcome_boxes.values()), None),
            "slips": self.slips.print_button,
        }[step]
        if focus is not None:
            focus.setFocus()
        if self.result is None:
            self.save_draft()

    def next_step(self) -> None:
        if self._busy:
            return
        self.error.clear()
        step = self.step
        if step == "slips":
            self.closed.emit()
            return
        try:
            self._store(step)
            self._validate(step)
        except CounterError as exc:
            self.error.setText(exc.message)
            return
        if step == "outcome":
            self.submit()
            return
        following = {"questions": "members", "members": "checklist", "checklist": "outcome"}
        self._preview(following[step])

    def previous_step(self) -> None:
        if self._busy or self.result is not None:
            return
        i = self.stack.currentIndex()
        if i > 0:
            self._store(self.step)
            self.error.clear()
            self._show(STEPS[i - 1])

    def _preview(self, target: str) -> None:
        """Ask the service for the decision, then build and show ``target`` from it."""
        self._busy = True
        req = self.state.request(self.session.clerk.username)
        bundles, today = self.session.ctx.bundles, self.session.today()

        def shown(decision: BundleDecision) -> None:
            self.decision = decision
            {"members": self._build_members, "checklist": self._fill_checklist}.get(
                target, self._build_outcomes
            )()
            self._show(target)

        self.session.db.run(lambda: bundles.preview(req, today), shown, self.failed)

    def failed(self, exc: BaseException) -> None:
        self._busy = False
        self.error.setText(messages.describe(exc))
        # A refusal naming a checklist line (``materials.<key>``) selects that line.
        path = getattr(exc, "path", None) or ""
        key = path.removeprefix("materials.")
        if self.step == "checklist" and key in self._keys:
            self.table.setCurrentCell(self._keys.index(key), 0)
            self.table.setFocus()
        if not isinstance(exc, CounterError):
            messages.show_error(self, exc)

    # ---- the questions -------------------------------------------------------------------------

    def _build_questions(self) -> None:
        body = self.bodies["questions"]
        for q in self._bundle.questions:
            body.addWidget(QLabel(q.text))
            ql = QuestionList(q, self.state.answers.get(q.id, []), None)
            self._question_lists[q.id] = ql
            body.addWidget(ql)
        body.addStretch(1)

    def _build_members(self) -> None:
        assert self.decision is not None
        body = self.bodies["members"]
        _clear(body)
        self._member_lists.clear()
        fixed_of = {m.item: m.answers for m in self._bundle.members}
        grid = QGridLayout()
        for column, m in enumerate(self.decision.members):
            box = QVBoxLayout()
            title = QLabel(m.item.name)
            title.setProperty("role", "subtitle")
            title.setWordWrap(True)  # three members side by side fit a 1024 px screen
            box.addWidget(title)
            fixed = fixed_of.get(m.item.code, {})
            given = self.state.members.get(m.item.code, {})
            for q in m.item.questions:
                text = q.text + (self.tr(" (set by the bundle)") if q.id in fixed else "")
                label = QLabel(text)
                label.setWordWrap(True)
                box.addWidget(label)
                ql = QuestionList(q, given.get(q.id, []), fixed.get(q.id))
                self._member_lists[(m.item.code, q.id)] = ql
                box.addWidget(ql)
            box.addStretch(1)
            grid.addLayout(box, 0, column)
            grid.setColumnStretch(column, 1)
        body.addLayout(grid, 1)

    def _store(self, step: str) -> None:
        if step == "questions":
            self.state.answers = {qid: ql.picked() for qid, ql in self._question_lists.items()}
            self.state.answers = {k: v for k, v in self.state.answers.items() if v}
        elif step == "members":
            members: dict[str, dict[str, list[str]]] = {}
            for (item, qid), ql in self._member_lists.items():
                if ql.isEnabled() and ql.picked():
                    members.setdefault(item, {})[qid] = ql.picked()
            self.state.members = members
        elif step == "checklist":
            row = self.table.currentRow()
            if 0 <= row < len(self._keys):
                v = self.state.verdicts.get(self._keys[row])
                if v and v.get("verdict") == "defective":
                    v["reason"] = self.reason.text()
        elif step == "outcome":
            self.state.outcomes = {c: b.currentData() for c, b in self._outcome_boxes.items()}
            self.state.reasons = {c: e.text() for c, e in self._reason_edits.items()}
            chosen = self.deadline.date()
            self.state.supplement_deadline = (
                chosen.toPython().isoformat()  # type: ignore[union-attr]
                if self._tolerated() and chosen != NO_DATE
                else None
            )

    def _validate(self, step: str) -> None:
        if step == "outcome" and self._tolerated():
            self._check_deadline()
        if step == "checklist":
            for row, key in enumerate(self._keys):
                v = self.state.verdicts.get(key)
                if v is None:
                    self.table.setCurrentCell(row, 0)
                    raise CounterError(
                        "verdict.missing",
                        self.tr(
                            "Check “{0}”: press 1 present, 2 missing, 3 not acceptable, 4 promised."
                        ).format(self._line_names[row]),
                    )
                if v["verdict"] == "defective" and not (v.get("reason") or "").strip():
                    self.table.setCurrentCell(row, 0)
                    self.reason.setFocus()
                    raise CounterError(
                        "verdict.reason", self.tr("Say what is wrong with this material.")
                    )

    # ---- the checklist -------------------------------------------------------------------------

    def _build_checklist(self) -> None:
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("bundleChecklist")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Material"), self.tr("Form"), self.tr("For items"), self.tr("Check")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.table.currentCellChanged.connect(self._row_changed)
        self._keys: list[str] = []
        self._line_names: list[str] = []
        self.saved = QLabel()
        self.saved.setProperty("role", "muted")
        self.reason = QLineEdit()
        self.reason.setObjectName("bundleReason")
        self.reason.setPlaceholderText(self.tr("What is wrong with it (for 3/D)"))
        self.reason.textEdited.connect(self._reason_edited)
        body = self.bodies["checklist"]
        body.addWidget(self.saved)
        body.addWidget(self.table, 1)
        body.addWidget(self.reason)

    def _fill_checklist(self) -> None:
        assert self.decision is not None
        names = {m.item.code: m.item.name for m in self.decision.members}
        lines = self.decision.lines
        self._keys = [line.key for line in lines]
        self._line_names = [line.name for line in lines]
        self.state.verdicts = {k: v for k, v in self.state.verdicts.items() if k in self._keys}
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            served = "、".join(dict.fromkeys(names.get(r.item, r.item) for r in line.refs))
            cells = [line.name, line.form or "", served, ""]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)  # long member names are elided in the column
                self.table.setItem(row, col, cell)
            self._paint(row)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(3)
        asked, one_by_one = len(lines), sum(len(line.refs) for line in lines)
        self.saved.setText(
            self.tr("{0} materials for {1} items ({2} if taken one by one).").format(
                asked, len(self.decision.members), one_by_one
            )
        )
        if lines:
            self.table.setCurrentCell(0, 0)

    def _paint(self, row: int) -> None:
        v = self.state.verdicts.get(self._keys[row], {})
        label = verdict_labels().get(v.get("verdict") or "", "")
        if v.get("verdict") == "defective" and v.get("reason"):
            label += f"：{v['reason']}"
        cell = self.table.item(row, 3)
        if cell is not None:
            cell.setText(label)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.table and event.type() == QEvent.Type.KeyPress:
            verdict = KEYS.get(Qt.Key(event.key()))  # type: ignore[attr-defined]
            if verdict is not None and not event.modifiers():  # type: ignore[attr-defined]
                self.mark(verdict)
                return True
        return super().eventFilter(obj, event)

    def mark(self, verdict: str) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.state.verdicts[self._keys[row]] = {"verdict": verdict, "reason": None}
        self._paint(row)
        if verdict == "defective":
            self.reason.clear()
            self.reason.setFocus()
        elif row + 1 < self.table.rowCount():
            self.table.setCurrentCell(row + 1, 0)

    def _row_changed(self, row: int, *_: object) -> None:
        v = self.state.verdicts.get(self._keys[row], {}) if 0 <= row < len(self._keys) else {}
        self.reason.setText(v.get("reason") or "")
        self.reason.setEnabled(v.get("verdict") == "defective")

    def _reason_edited(self, text: str) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._keys):
            v = self.state.verdicts.get(self._keys[row])
            if v and v.get("verdict") == "defective":
                v["reason"] = text
                self._paint(row)

    # ---- outcomes ------------------------------------------------------------------------------

    def _build_outcome_page(self) -> None:
        """The members' outcomes (built for each decision) above the one 容缺 deadline, shown
        while a member is to be 容缺受理: its missing materials are promised by that date."""
        # Many members, or a small screen: the members scroll, the deadline stays in view.
        self.outcome_area = self._scrolled("outcome", "bundleOutcomes")
        self.deadline = QDateEdit()
        self.deadline.setObjectName("bundleDeadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setMinimumDate(NO_DATE)
        self.deadline.setSpecialValueText(self.tr("(choose a date)"))
        self.deadline_label = QLabel(self.tr("Supply the missing materials by"))
        self.deadline_label.setBuddy(self.deadline)
        self.deadline_note = QLabel()
        self.deadline_note.setProperty("role", "muted")
        self.deadline_note.setWordWrap(True)
        self.deadline_row = QWidget()
        self.deadline_row.setObjectName("bundleDeadlineRow")
        row = QHBoxLayout(self.deadline_row)
        row.setContentsMargins(0, 12, 0, 0)
        row.addWidget(self.deadline_label)
        row.addWidget(self.deadline)
        row.addWidget(self.deadline_note, 1)
        self.deadline_row.hide()
        self.bodies["outcome"].addWidget(self.deadline_row)

    def _scrolled(self, step: str, name: str) -> QVBoxLayout:
        """A scrolling area filling ``step``'s page (its members, on a small or scaled screen
        taller than the page); returns the layout to build in."""
        content = QWidget()
        content.setObjectName(name)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 8, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.bodies[step].addWidget(scroll, 1)
        self._scrolls.append(scroll)
        return inner

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Tab to a member below the fold scrolls it into view."""
        for scroll in self._scrolls:
            content = scroll.widget()
            if new is not None and content is not None and content.isAncestorOf(new):
                scroll.ensureWidgetVisible(new, 8, 8)

    def _tolerated(self) -> list[str]:
        """The members to be 容缺受理, as the outcome boxes stand."""
        return [c for c, b in self._outcome_boxes.items() if b.currentData() == TOLERATE]

    def _deadline_range(self) -> tuple[Any, Any]:
        """The default and the latest deadline over the members to be 容缺受理: the earliest
        of each (one date is agreed for all of them)."""
        assert self.decision is not None
        tolerated = [self.decision.member(c) for c in self._tolerated()]
        decisions = [m.decision for m in tolerated if m is not None]
        latest = min((d.latest_deadline for d in decisions if d.latest_deadline), default=None)
        default = min((d.default_deadline for d in decisions if d.default_deadline), default=None)
        if default is not None and latest is not None:
            default = min(default, latest)
        return default, latest

    def _outcome_changed(self, *_: object) -> None:
        tolerated = bool(self._tolerated())
        self.deadline_row.setVisible(tolerated)
        if not tolerated or self.decision is None:
            return
        default, latest = self._deadline_range()
        self.deadline.setMaximumDate(QDate(latest) if latest else QDate(7999, 12, 31))
        if self.deadline.date() == NO_DATE and default is not None:
            self.deadline.setDate(QDate(default))
        self.deadline_note.setText(
            self.tr("No later than {0}.").format(latest.isoformat()) if latest else ""
        )

    def _check_deadline(self) -> None:
        """容缺受理 needs the date the missing materials are promised by: not left out, not
        already past (a draft resumed on a later day keeps its old date)."""
        assert self.decision is not None
        today = self.decision.members[0].decision.today
        chosen = self.state.deadline()
        if chosen is None:
            self.deadline.setFocus()
            raise CounterError(
                "outcome.deadline",
                self.tr(
                    "Choose the date by which the missing materials are supplied: 容缺受理 "
                    "needs it."
                ),
            )
        if chosen < today:
            self.deadline.setFocus()
            raise CounterError(
                "outcome.deadline",
                self.tr(
                    "The supply deadline {0} is already past: choose today ({1}) or a later date."
                ).format(chosen.isoformat(), today.isoformat()),
            )

    def _build_outcomes(self) -> None:
        assert self.decision is not None
        _clear(self.outcome_area)
        self._outcome_boxes.clear()
        self._reason_edits.clear()
        labels = outcome_labels()
        # Each member: its name, outcome and reason on one line, why beneath across the page
        # (box layouts: a wrapped note gets the height it needs on a 1024 px screen).
        for m in self.decision.members:
            d = m.decision
            line = QHBoxLayout()
            name = QLabel(m.item.name)
            name.setWordWrap(True)  # a long member name takes two lines on a 1024 px screen
            line.addWidget(name, 2)
            box = QComboBox()
            box.setObjectName(f"outcome_{m.item.code}")
            for outcome, ok in d.allowed.items():
                if ok and outcome != CONSULT:
                    box.addItem(labels.get(outcome, outcome), outcome)
            wanted = self.state.outcomes.get(m.item.code) or d.suggested
            box.setCurrentIndex(max(0, box.findData(wanted)))
            box.currentIndexChanged.connect(self._outcome_changed)
            line.addWidget(box)
            self._outcome_boxes[m.item.code] = box
            reason = QLineEdit(self.state.reasons.get(m.item.code, ""))
            reason.setPlaceholderText(self.tr("Reason (for a refusal)"))
            line.addWidget(reason, 2)
            self._reason_edits[m.item.code] = reason
            why = [
                self.tr("Suggested: {0}.").format(labels.get(d.suggested or "", "—")),
                *(
                    self.tr("Not {0}: {1}").format(labels.get(o, o), text)
                    for o, text in d.why_not.items()
                    if not d.allowed.get(o) and o != CONSULT
                ),
            ]
            note = QLabel("；".join(why))
            note.setProperty("role", "muted")
            note.setWordWrap(True)
            self.outcome_area.addLayout(line)
            self.outcome_area.addWidget(note)
            self.outcome_area.addSpacing(8)
        self.outcome_area.addStretch(1)
        saved = self.state.deadline()
        self.deadline.setMaximumDate(QDate(7999, 12, 31))
        self.deadline.setDate(QDate(saved) if saved else NO_DATE)
        self._outcome_changed()

    # ---- recording -----------------------------------------------------------------------------

    def submit(self) -> None:
        self._busy = True
        self.error.setText(self.tr("Recording…"))
        req = self.state.request(self.session.clerk.username)
        bundles = self.session.ctx.bundles
        self.session.db.run(lambda: bundles.submit(req), self._recorded, self.failed)

    def _recorded(self, result: BundleResult) -> None:
        from pathlib import Path

        self.autosave.stop()  # the service removed the draft with the records
        self.result = result
        self.error.setText(result.slip_error or "")
        first = next((m.result.case_no for m in result.members if m.result.case_no), None)
        # The service lists the 一件事办理告知单 first, then each member's own slips.
        docs = [Path(p) for p in result.documents]
        self.slips.set_documents(docs, first)
        # A member's own slips (its notice, its promise letters) named with the member: two
        # members' 告知承诺书 are told apart before one is handed over to be signed.
        names = {m.result.case_no: m.item_name for m in result.members if m.result.case_no}
        for row, path in enumerate(docs):
            member = names.get(path.parent.name)
            if member and not path.name.startswith("bundle"):
                self.slips.list.setItemText(row, f"{doc_title(path)} · {member}")
                self.slips.list.setItemData(row, member, Qt.ItemDataRole.ToolTipRole)
        self.recorded.emit(result)
        self._show("slips")

    def cancel(self) -> None:
        if self.result is not None or messages.ask(
            self,
            self.tr("Cancel intake"),
            self.tr("Discard this intake? Nothing has been recorded for it yet."),
            default=False,
        ):
            self.discard_draft()
            self.closed.emit()

    # ---- drafts --------------------------------------------------------------------------------

    def save_draft(self) -> None:
        """Save the state as the draft (kind ``bundle``) when it changed since the last save."""
        if self.result is not None:
            return
        if self.step in BEFORE_RECORD and not self._busy:
            self._store(self.step)
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
        self.session.db.run(
            lambda: drafts.save(clerk, BUNDLE, data, draft_id),
            None,
            lambda exc: log.warning("draft not saved: %s", exc),
        )

    def discard_draft(self) -> None:
        drafts, draft_id = self.session.drafts, self.state.draft_id
        self.autosave.stop()
        self._saved_json = ""
        if draft_id:
            self.session.db.run(lambda: drafts.discard(draft_id))


def _clear(layout: Any) -> None:
    """Remove what an earlier visit to the step built (the members or outcomes changed)."""
    while layout.count():
        child = layout.takeAt(0)
        if child.widget() is not None:
            child.widget().deleteLater()
        elif child.layout() is not None:
            _clear(child.layout())


def take_over(host: Any, code: str, resumed: BundleState | None = None) -> BundleWizard:
    """The clerk chose a 一件事 in the single-item wizard ``host``: the bundle wizard takes its
    place with the applicant, agent and ticket already taken, and the host's own keys step
    aside (two Ctrl+Enter shortcuts on one focus would cancel each other). The bundle's draft
    replaces the host's; ``resumed`` is that draft taken up again."""
    state = host.state
    wizard = BundleWizard(
        host.session,
        resumed
        or BundleState(
            code,
            applicant=state.applicant_party(),
            agent=state.agent_party(),
            ticket=state.ticket,
            started_at=state.started_at,
        ),
    )
    host.discard_draft()
    for shortcut in host.findChildren(QShortcut):
        shortcut.setEnabled(False)
    layout = host.layout()
    for i in range(layout.count()):
        widget = layout.itemAt(i).widget()
        if widget is not None:
            widget.hide()
    for widget in (host.cancel_button, host.back_button, host.next_button, host.error):
        widget.hide()
    layout.addWidget(wizard, 1)
    host.bundle_wizard = wizard

    def recorded(result: BundleResult) -> None:
        host.recorded_elsewhere = True  # nothing left to keep as a draft, nothing to lose
        host.discard_draft()
        host.recorded.emit(result)

    wizard.recorded.connect(recorded)
    wizard.closed.connect(host.closed)
    wizard.start()
    return wizard
