"""Home: today's numbers and cases at this window, and the results waiting for pickup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape as escape_html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.case_table import CaseRow, CaseTableModel, case_row, in_time_order
from app.ui.columns import ColumnFitter
from app.ui.session import Session

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.services.rollout import Rollout


@dataclass(frozen=True)
class HomeData:
    counts: dict[str, int]
    today: list[CaseRow]
    pickup: list[CaseRow]
    missing_holidays: int | None = None  # a year whose holiday schedule is needed and missing
    holidays_urgent: bool = False  # ... and it is this year: every promised date is 暂定
    # Running cases whose promised date a holiday table moved: (case number, was, now).
    promise_changes: tuple[tuple[str, date, date], ...] = ()
    rollout: Rollout | None = None  # the versions the county published (services/rollout.py)
    # Rows there are in all: a list holds at most services.case_lists.HOME_LIMIT of the
    # earlier days' (cases overdue for longest, results waiting longest are left out).
    today_total: int | None = None
    pickup_total: int | None = None
    # Rectification tickets overdue or near their due date: (summary, due, "overdue"|"near").
    tickets_due: tuple[tuple[str, date, str], ...] = ()
    # 告知承诺 post-checks past their date (case number, date), the longest overdue first,
    # and how many there are in all.
    checks_overdue: tuple[tuple[str, date], ...] = ()
    checks_total: int = 0


CHECKS_SHOWN = 5  # overdue post-checks named on home; the rest are counted (counter report)


def load_home(ctx: Context, today: date, near_days: int) -> HomeData:
    from app.core.workdays import missing_year
    from app.services import case_lists
    from app.services.reports import near_cutoff
    from app.services.rollout import published
    from app.services.tickets import TicketService

    cal = ctx.calendar.calendar()
    rows = [case_row(c, today, cal, near_days) for c in case_lists.changed_on(ctx.store, today)]
    # Cases from earlier days join the list once their deadline is near or past: only those
    # are read, the latest promised first, up to a limit (the title counts the ones overdue
    # for longest that are left out).
    listed = {r.case_no for r in rows}
    due = case_lists.due_by(ctx.store, near_cutoff(cal, today, near_days), case_lists.HOME_LIMIT)
    for c in due.rows:
        if c.case_no not in listed:
            row = case_row(c, today, cal, near_days)  # type: ignore[arg-type]
            if row.due_status in ("near", "overdue"):
                rows.append(row)
    pickup = case_lists.awaiting_pickup(ctx.store, case_lists.HOME_LIMIT)
    missing = missing_year(cal, today, ctx.catalog.longest_time_limit())
    moved = tuple((c.case_no, c.previous, c.promised_date) for c in ctx.calendar.promise_changes())
    tickets = tuple(
        (d.ticket.summary, d.ticket.due, str(d.status))
        for d in TicketService(ctx).due_soon(today)
        if d.ticket.due is not None
    )
    checks, checks_total = case_lists.checks_overdue(ctx.store, today, CHECKS_SHOWN)
    return HomeData(
        ctx.cases.day_counts(today),
        in_time_order(rows),
        [case_row(c, today, cal, near_days) for c in pickup.rows],  # type: ignore[arg-type]
        missing,
        missing == today.year,
        moved,
        published(ctx),
        today_total=len(rows) + due.total - len(due.rows),
        pickup_total=pickup.total,
        tickets_due=tickets,
        checks_overdue=tuple((c.case_no, c.check_due) for c in checks),
        checks_total=checks_total,
    )


class CountCard(QFrame):
    def __init__(self, title: str, name: str) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.value = QLabel("–")
        self.value.setObjectName(name)
        self.value.setProperty("role", "count")
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.note.hide()
        caption = QLabel(title)
        caption.setProperty("role", "muted")
        caption.setWordWrap(True)  # a longer translation takes two lines, not the width
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 10, 10, 10)  # four of them and the buttons fit 1024 at 125%
        box.setSpacing(2)
        box.addWidget(caption)
        box.addWidget(self.value)
        box.addWidget(self.note)


def _table(model: CaseTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setAlternatingRowColors(False)
    # The item's name takes what the others leave, and never fewer than a few characters;
    # the applicant's name no more than a quarter, so a long one cannot push 事项, 状态 and
    # 承诺办结 out of view (it wraps, and its tooltip shows it whole).
    view.fitter = ColumnFitter(view, stretch=3, shares={2: 0.25})  # type: ignore[attr-defined]
    return view


class HomePage(QWidget):
    open_case = Signal(str)
    new_intake = Signal()
    consultation = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("homePage")
        self.session = session
        self.cards = {
            "consult": CountCard(self.tr("Consultations"), "countConsult"),
            "accept": CountCard(self.tr("Accepted"), "countAccept"),
            "correction": CountCard(self.tr("Returned for corrections"), "countCorrection"),
            "refuse": CountCard(self.tr("Refused"), "countRefuse"),
        }
        new = QPushButton(self.tr("New intake (F3)"))
        new.setObjectName("homeNewIntake")
        new.setProperty("primary", True)
        new.setMinimumHeight(56)
        new.clicked.connect(self.new_intake)
        consult = QPushButton(self.tr("Consultation (F4)"))
        consult.setObjectName("homeConsult")
        consult.setMinimumHeight(56)
        consult.clicked.connect(self.consultation)
        top = QGridLayout()
        top.setHorizontalSpacing(8)
        for n, card in enumerate(self.cards.values()):
            top.addWidget(card, 0, n)
        actions = QVBoxLayout()
        actions.addWidget(new)
        actions.addWidget(consult)
        top.addLayout(actions, 0, 4)
        for n in range(4):
            top.setColumnStretch(n, 1)

        self.today_model = CaseTableModel(self)
        self.pickup_model = CaseTableModel(self)
        self.today_view = _table(self.today_model, "todayCases")
        self.pickup_view = _table(self.pickup_model, "pickupCases")
        for view in (self.today_view, self.pickup_view):
            view.activated.connect(lambda i: self.open_case.emit(i.data(Qt.ItemDataRole.UserRole)))
        for col in (0, 4, 5):  # time, state and due say nothing about a result waiting
            self.pickup_view.setColumnHidden(col, True)
        self.today_title = QLabel(self.tr("Today's and due cases"))
        self.today_title.setProperty("role", "subtitle")
        self.pickup_title = QLabel(self.tr("Waiting for pickup"))
        self.pickup_title.setProperty("role", "subtitle")
        legend = QLabel(
            self.tr(
                "Yellow: promised date near · Red: overdue · Enter or double-click opens a case"
            )
        )
        legend.setProperty("role", "muted")
        legend.setWordWrap(True)
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        lbox.addWidget(self.today_title)
        lbox.addWidget(self.today_view, 1)
        lbox.addWidget(legend)
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 0, 0, 0)
        rbox.addWidget(self.pickup_title)
        rbox.addWidget(self.pickup_view, 1)
        # Side by side where both tables fit, one above the other on a narrow screen.
        self.split = split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([690, 460])
        split.setChildrenCollapsible(False)

        # The county published a newer Counter (or a minimum this window is below).
        self.version_notice = QLabel()
        self.version_notice.setObjectName("versionNotice")
        self.version_notice.setProperty("role", "warning")
        self.version_notice.setWordWrap(True)
        self.version_notice.hide()
        # Said before it bites: without the year's holiday schedule no time limit reaching it
        # can be counted, and such an intake cannot be completed.
        self.holidays_warning = QLabel()
        self.holidays_warning.setObjectName("holidaysWarning")
        self.holidays_warning.setProperty("role", "warning")
        self.holidays_warning.setWordWrap(True)
        self.holidays_warning.hide()
        # A holiday table arrived and moved promised dates: the applicants are to be told.
        self.promise_changes = QLabel()
        self.promise_changes.setObjectName("promiseChanges")
        self.promise_changes.setProperty("role", "warning")
        self.promise_changes.setWordWrap(True)
        self.promise_changes.setTextFormat(Qt.TextFormat.RichText)
        self.promise_changes.hide()

        # Rectification tickets past or near their due date (问题整改清单).
        self.tickets_warning = QLabel()
        self.tickets_warning.setObjectName("ticketsWarning")
        self.tickets_warning.setProperty("role", "warning")
        self.tickets_warning.setWordWrap(True)
        self.tickets_warning.hide()

        # 告知承诺 post-checks the back office has not reported by their date.
        self.checks_warning = QLabel()
        self.checks_warning.setObjectName("checksWarning")
        self.checks_warning.setProperty("role", "warning")
        self.checks_warning.setWordWrap(True)
        self.checks_warning.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.version_notice)
        layout.addWidget(self.holidays_warning)
        layout.addWidget(self.promise_changes)
        layout.addWidget(self.tickets_warning)
        layout.addWidget(self.checks_warning)
        layout.addWidget(split, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        views = (self.today_view, self.pickup_view)
        needs = [v.fitter.needed_width() for v in views]  # type: ignore[attr-defined]
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - self.split.handleWidth()
        wanted = Qt.Orientation.Horizontal if room >= sum(needs) else Qt.Orientation.Vertical
        # Side by side, today's cases get at least the width they need, or every column of
        # theirs would not be in view (a long name takes more of it).
        squeezed = wanted == Qt.Orientation.Horizontal and self.split.sizes()[0] < min(
            needs[0], room - needs[1]
        )
        if self.split.orientation() != wanted or squeezed:
            self.split.setOrientation(wanted)
            # Today's cases first; one above the other, the few results waiting take less.
            if wanted == Qt.Orientation.Horizontal:
                left = min(max(room * 3 // 5, needs[0]), room - needs[1])
                self.split.setSizes([left, room - left])
            else:
                height = max(self.split.height(), 300)
                self.split.setSizes([height * 7 // 10, height * 3 // 10])

    def refresh(self) -> None:
        ctx, today = self.session.ctx, self.session.today()
        near = self.session.window.near_due_days or 2
        self.session.db.run(lambda: load_home(ctx, today, near), self.show_data)

    def show_data(self, data: HomeData) -> None:
        c = data.counts
        self.cards["consult"].value.setText(str(c.get("consult", 0)))
        self.cards["accept"].value.setText(str(c.get("accept", 0) + c.get("tolerate", 0)))
        note = self.cards["accept"].note
        note.setText(self.tr("incl. {0} with tolerated gaps").format(c.get("tolerate", 0)))
        note.setVisible(bool(c.get("tolerate")))
        self.cards["correction"].value.setText(str(c.get("correction", 0)))
        self.cards["refuse"].value.setText(str(c.get("refuse", 0)))
        self.today_model.set_rows(data.today)
        self.pickup_model.set_rows(data.pickup)
        self._arrange()
        today_total = len(data.today) if data.today_total is None else data.today_total
        pickup_total = len(data.pickup) if data.pickup_total is None else data.pickup_total
        self.today_title.setText(self.tr("Today's and due cases ({0})").format(today_total))
        self.pickup_title.setText(self.tr("Waiting for pickup ({0})").format(pickup_total))
        self._show_missing_holidays(data.missing_holidays, data.holidays_urgent)
        self._show_promise_changes(data.promise_changes)
        self._show_version_notice(data.rollout)
        self._show_tickets_due(data.tickets_due)
        self._show_checks_overdue(data.checks_overdue, data.checks_total)

    def _show_checks_overdue(self, checks: tuple[tuple[str, date], ...], total: int) -> None:
        if not checks:
            self.checks_warning.hide()
            return
        text = self.tr("Post-checks of commitments overdue: {0} case(s).").format(total)
        items = "；".join(f"{no}（{when.isoformat()}）" for no, when in checks)
        self.checks_warning.setText(f"{text} {items}")
        self.checks_warning.show()

    def _show_tickets_due(self, due: tuple[tuple[str, date, str], ...]) -> None:
        if not due:
            self.tickets_warning.hide()
            return
        late = [d for d in due if d[2] == "overdue"]
        text = self.tr("Rectification tickets: {0} overdue, {1} due within days.").format(
            len(late), len(due) - len(late)
        )
        first = sorted(due, key=lambda d: d[1])[:3]
        items = "；".join(f"{summary[:24]}（{when.isoformat()}）" for summary, when, _s in first)
        self.tickets_warning.setText(f"{text} {items}")
        self.tickets_warning.show()

    def _show_version_notice(self, rollout: Rollout | None) -> None:
        from app import __version__

        if rollout is not None and rollout.below_minimum(__version__):
            text = self.tr(
                "This window runs Counter {0}, below the minimum version {1} the county "
                "requires: new intakes are refused (records already made are still sent). "
                "Please install Counter {2}."
            ).format(__version__, rollout.minimum, rollout.current)
        elif rollout is not None and rollout.outdated(__version__):
            text = self.tr(
                "Counter {0} has been released (this window runs {1}): please have it installed."
            ).format(rollout.current, __version__)
        else:
            self.version_notice.hide()
            return
        self.version_notice.setText(text)
        self.version_notice.show()

    def _show_promise_changes(self, changes: tuple[tuple[str, date, date], ...]) -> None:
        if not changes:
            self.promise_changes.hide()
            return
        title = self.tr(
            "The holiday schedule changed the promised date of {0} case(s); "
            "please tell the applicants:"
        ).format(len(changes))
        lines = "".join(
            f"<li>{escape_html(no)}：{was.isoformat()} → {now.isoformat()}</li>"
            for no, was, now in changes
        )
        self.promise_changes.setText(f"{escape_html(title)}<ul>{lines}</ul>")
        self.promise_changes.show()

    def _show_missing_holidays(self, year: int | None, urgent: bool) -> None:
        if year is None:
            self.holidays_warning.hide()
            return
        if urgent:
            text = self.tr(
                "The holiday schedule for {0} has not been published or imported: "
                "promised dates are counted with the statutory holidays and are "
                "provisional (暂定). Ask the administrator to sync or import the "
                "schedule the county published."
            )
        else:
            text = self.tr(
                "The holiday schedule for {0} has not been published or imported "
                "yet: a promised date falling in {0} is counted with the statutory "
                "holidays and is provisional (暂定) until it arrives. Ask the "
                "administrator to sync or import it as soon as the county "
                "publishes it."
            )
        self.holidays_warning.setText(text.format(year))
        self.holidays_warning.show()
