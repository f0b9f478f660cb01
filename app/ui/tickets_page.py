"""整改清单 (the rectification list) for the supervisor: every ticket with its deadline in colour,
one ticket's details and history, and the acts its state allows (core/tickets.py): take,
classify, record the measure, call back, close, appeal, decide an appeal. 12345 referrals,
spot checks and evaluation findings are entered here (NewTicketDialog)."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import tickets as tk
from app.ui import messages, theme
from app.ui.columns import ColumnFitter
from app.ui.form_dialog import FormDialog
from app.ui.rows_table import RowsModel
from app.ui.session import Session
from app.ui.ticket_labels import act_labels, category_labels, source_labels, ticket_state_labels

if TYPE_CHECKING:
    from app.services.tickets import Due, Step

Index = QModelIndex | QPersistentModelIndex
WIDE = 1000  # px of page from which the list and a ticket's details sit side by side


def now_of(session: Session) -> datetime:
    """The moment of an act: the session's day (a test's fixed one) at the clock's time."""
    return datetime.combine(session.today(), datetime.now().time())


def state_text(t: tk.Ticket) -> str:
    label = ticket_state_labels().get(t.state, t.state)
    if t.state == "taken" and t.reopened:
        return QCoreApplication.translate("TicketsPage", "{0} (round {1})").format(
            label, t.reopened + 1
        )
    return label


class TicketTableModel(RowsModel):
    def __init__(self, parent: QObject | None = None) -> None:
        translate = QCoreApplication.translate  # the headers before the model exists
        heads = [
            translate("TicketTableModel", "Due"),
            translate("TicketTableModel", "State"),
            translate("TicketTableModel", "Source"),
            translate("TicketTableModel", "Category"),
            translate("TicketTableModel", "Problem"),
            translate("TicketTableModel", "Responsible"),
        ]
        super().__init__(heads, parent)
        self.rows: list[Due] = []  # type: ignore[assignment]
        self.names: dict[str, str] = {}  # login name -> full name

    def set_rows(self, rows: list[Due]) -> None:  # type: ignore[override]
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self.rows[index.row()]
        t = d.ticket
        if role == Qt.ItemDataRole.DisplayRole:
            due = t.due.isoformat() if t.due else self.tr("stopped")
            return (
                due,
                state_text(t),
                source_labels().get(t.source, t.source),
                category_labels().get(t.category or "", self.tr("Not classified")),
                t.summary,
                self.names.get(t.responsible or "", t.responsible or ""),
            )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if d.status == "overdue":
                return QBrush(theme.OVERDUE_BG)
            if d.status == "near":
                return QBrush(theme.WARN_BG)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 4:
                return t.summary
            if d.status == "overdue":
                return self.tr("Overdue: the due date has passed")
            if d.status == "near":
                return self.tr("Near the due date")
        if role == Qt.ItemDataRole.UserRole:
            return t.id
        return None


def _category_box(name: str, allow_none: bool) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    if allow_none:
        box.addItem(QCoreApplication.translate("TicketsPage", "Not classified yet"), None)
    for code, label in category_labels().items():
        box.addItem(label, code)
    return box


class NewTicketDialog(FormDialog):
    """A 12345 referral, a spot check's or the third-party evaluation's finding, entered by hand."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, "newTicketDialog", "newTicketStatus", width=560)
        self.setWindowTitle(self.tr("Enter a problem"))
        self.created: tk.Ticket | None = None
        self.source = QComboBox()
        self.source.setObjectName("newTicketSource")
        for code in tk.ENTERED_SOURCES:
            self.source.addItem(source_labels()[code], code)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("newTicketSummary")
        self.summary.setPlaceholderText(self.tr("What the problem is"))
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(110)
        self.category = _category_box("newTicketCategory", True)
        self.referral_from = QLineEdit(self.tr("12345 hotline"))
        self.referral_from.setObjectName("newTicketReferralFrom")
        self.referral_no = QLineEdit()
        self.referral_no.setObjectName("newTicketReferralNo")
        self.reply_by = QDateEdit()
        self.reply_by.setObjectName("newTicketReplyBy")
        self.reply_by.setCalendarPopup(True)
        self.reply_by.setDisplayFormat("yyyy-MM-dd")
        today = session.today()
        self.reply_by.setDate(QDate(today.year, today.month, today.day))
        self.case_no = QLineEdit()
        self.case_no.setObjectName("newTicketCase")
        self.case_no.setPlaceholderText(self.tr("optional"))
        self.contact = QCheckBox(self.tr("Someone is to be called back"))
        self.contact.setObjectName("newTicketContact")
        form = self.form
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Problem"), self.summary)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Referred by"), self.referral_from)
        form.addRow(self.tr("Referral number"), self.referral_no)
        form.addRow(self.tr("Reply by"), self.reply_by)
        form.addRow(self.tr("Case number"), self.case_no)
        form.addRow("", self.contact)
        self._referral_rows = (self.referral_from, self.referral_no, self.reply_by)
        self.source.currentIndexChanged.connect(self._source_changed)
        self._source_changed()

    def _source_changed(self) -> None:
        referral = self.source.currentData() == "hotline"
        for w in self._referral_rows:
            self.form.setRowVisible(w, referral)
        self.contact.setVisible(not referral)  # a referral is always answered

    def submit(self) -> None:
        reply = self.reply_by.date()
        args = {
            "category": self.category.currentData(),
            "contact": self.contact.isChecked(),
            "case_no": self.case_no.text().strip() or None,
            "referral_from": self.referral_from.text(),
            "referral_no": self.referral_no.text(),
            "reply_by": date(reply.year(), reply.month(), reply.day()),
        }
        source, summary = self.source.currentData(), self.summary.toPlainText()
        tickets, user = self.session.ctx.feedback.rectification, self.session.clerk.username

        def done(t: tk.Ticket) -> None:
            self.created = t

        now = now_of(self.session)
        self.run(lambda: tickets.open(user, source, summary, now=now, **args), done)


class TicketsPage(QWidget):
    changed = Signal()  # a ticket was opened or moved: home's overdue notice may change

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("ticketsPage")
        self.session = session
        self.account = session.clerk
        self.current: tk.Ticket | None = None
        self.names: dict[str, str] = {}  # login name -> full name, for the responsible
        title = QLabel(self.tr("Rectification list"))
        title.setProperty("role", "title")
        note = QLabel(
            self.tr(
                "Bad reviews and complaints open tickets by themselves; enter 12345 referrals, "
                "spot checks and evaluation findings with Ctrl+N. Yellow: due soon · Red: overdue"
            )
        )
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.show_closed = QCheckBox(self.tr("Show closed tickets"))
        self.show_closed.setObjectName("showClosedTickets")
        self.show_closed.toggled.connect(self.refresh)
        self.new_button = QPushButton(self.tr("Enter a problem (Ctrl+N)"))
        self.new_button.setObjectName("newTicket")
        self.new_button.clicked.connect(self.new_ticket)
        QShortcut(
            QKeySequence("Ctrl+N"),
            self,
            self.new_ticket,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        top = QHBoxLayout()
        top.addWidget(self.show_closed)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.model = TicketTableModel(self)
        self.table = view = QTableView()
        view.setObjectName("ticketsTable")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.setShowGrid(False)
        # State, source and category wrap rather than squeeze the problem: English names are
        # long ("Third-party evaluation").
        view.fitter = ColumnFitter(  # type: ignore[attr-defined]
            view, stretch=4, shares={1: 0.14, 2: 0.16, 3: 0.16}
        )
        view.selectionModel().currentRowChanged.connect(self._row_changed)
        view.activated.connect(lambda _i: self.text.setFocus())

        self.detail = self._detail_panel()
        split = QSplitter()
        split.addWidget(view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.split = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        """Side by side where the list keeps its columns readable; the details below it on a
        narrow screen (1024x768), as home does with its two lists, and wherever the list's
        columns would not fit beside them (English names are longer than Chinese ones)."""
        view, fitter = self.table, self.table.fitter  # type: ignore[attr-defined]
        header = view.horizontalHeader()
        needed = fitter.minimum(fitter.stretch) + sum(
            max(view.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(self.model.columnCount())
            if c != fitter.stretch
        )
        beside = (self.width() - 48) * 3 // 5  # the list's share of the page, side by side
        wide = self.width() >= WIDE and needed <= beside
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.split.orientation() != wanted:
            self.split.setOrientation(wanted)
            total = sum(self.split.sizes())
            if total > 0:  # the list keeps its larger share in either orientation
                self.split.setSizes([total * 3 // 5, total - total * 3 // 5])

    # ---- the detail panel ----------------------------------------------------------------------

    def _detail_panel(self) -> QWidget:
        card = QFrame()
        card.setProperty("role", "card")
        self.heading = QLabel(self.tr("Choose a ticket in the list"))
        self.heading.setObjectName("ticketHeading")
        self.heading.setProperty("role", "subtitle")
        self.heading.setWordWrap(True)
        self.info = QLabel()
        self.info.setObjectName("ticketInfo")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.history = QLabel()
        self.history.setObjectName("ticketHistory")
        self.history.setProperty("role", "muted")
        self.history.setWordWrap(True)
        self.category = _category_box("ticketCategory", False)
        self.category.setPlaceholderText(self.tr("Choose the category"))
        self.text = QPlainTextEdit()
        self.text.setObjectName("ticketText")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(90)
        self.text.setPlaceholderText(
            self.tr("The measure taken, the call-back's words, or the grounds of an appeal")
        )
        self.status = QLabel()
        self.status.setObjectName("ticketStatus")
        self.status.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        # Only the acts the ticket's state allows are shown, two a row, without gaps.
        self.grid = grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        acts = [
            ("take", self.tr("Take"), tk.Act("take", "")),
            ("classify", self.tr("Save category"), tk.Act("classify", "")),
            ("fix", self.tr("Measure done"), tk.Act("fix", "")),
            (
                "satisfied",
                self.tr("Called back: satisfied"),
                tk.Act("call_back", "", None, "satisfied"),
            ),
            (
                "dissatisfied",
                self.tr("Called back: not satisfied"),
                tk.Act("call_back", "", None, "dissatisfied"),
            ),
            ("close", self.tr("Close"), tk.Act("close", "")),
            ("appeal", self.tr("Appeal"), tk.Act("appeal", "")),
            ("upheld", self.tr("Appeal upheld"), tk.Act("decide", "", None, "upheld")),
            ("rejected", self.tr("Appeal rejected"), tk.Act("decide", "", None, "rejected")),
        ]
        for key, label, act in acts:
            # Parented to the card from the start: a button shown before it had a parent
            # would flash up as a window of its own and take the focus from the main window.
            b = QPushButton(label, card)
            b.hide()
            b.setObjectName(f"ticketAct_{key}")
            b.clicked.connect(lambda _c=False, a=act: self.do(a))
            b.setProperty("act", act.name)
            self.buttons[key] = b
        form = QFormLayout()
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Text"), self.text)
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 12, 16, 12)
        box.addWidget(self.heading)
        box.addWidget(self.info)
        box.addLayout(form)
        box.addLayout(grid)
        box.addWidget(self.status)
        box.addWidget(self.history)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(card)
        scroll.setMinimumWidth(300)
        self._set_buttons(None)
        return scroll

    def _set_buttons(self, t: tk.Ticket | None) -> None:
        for b in self.buttons.values():
            act = str(b.property("act"))
            allowed = (
                t is not None
                and t.state in tk.ACTS[act]
                and self.account.may(tk.ACT_PERMISSION[act])
                and not (act == "close" and t.state == "fixed" and t.contact)
                and not (act == "decide" and t.appealed_by == self.account.username)
            )
            b.setVisible(allowed)
        while self.grid.count():
            self.grid.takeAt(0)
        shown = [b for b in self.buttons.values() if not b.isHidden()]
        for n, b in enumerate(shown):
            self.grid.addWidget(b, n // 2, n % 2)
        self.category.setEnabled(t is not None and t.state != "closed")
        self.text.setEnabled(t is not None and t.state != "closed")

    def _show_ticket(self, t: tk.Ticket | None, steps: list[Step] | None = None) -> None:
        self.current = t
        self._set_buttons(t)
        if t is None:
            self.heading.setText(self.tr("Choose a ticket in the list"))
            self.info.clear()
            self.history.clear()
            return
        self.heading.setText(t.summary)
        self.category.setCurrentIndex(self.category.findData(t.category) if t.category else -1)
        rows = [
            (self.tr("Source"), source_labels().get(t.source, t.source)),
            (self.tr("State"), state_text(t)),
            (self.tr("Due"), t.due.isoformat() if t.due else self.tr("stopped while appealed")),
            (self.tr("Responsible"), self.names.get(t.responsible or "", t.responsible or "—")),
        ]
        if t.referral_no:
            rows.append(
                (
                    self.tr("Referral"),
                    self.tr("{0} No. {1}, reply by {2}").format(
                        t.referral_from, t.referral_no, t.reply_by
                    ),
                )
            )
        if t.case_no:
            rows.append((self.tr("Case"), t.case_no))
        for label, value in (
            (self.tr("Measure"), t.measure),
            (self.tr("Appeal"), t.appeal),
        ):
            if value:
                rows.append((label, value))
        colon = self.tr("{0}:")  # the label of a field, as the language writes it
        self.info.setText(
            "<table cellspacing=2>"
            + "".join(
                f"<tr><td>{escape(colon.format(k))}</td><td>{escape(str(v))}</td></tr>"
                for k, v in rows
            )
            + "</table>"
        )
        lines = [
            f"{s.at[5:16].replace('T', ' ')}　{act_labels().get(s.act, s.act)}　{s.user}"
            + (f"　{s.note}" if s.note else "")
            for s in steps or []
        ]
        self.history.setText("\n".join(lines))

    # ---- loading and acting --------------------------------------------------------------------

    def activate(self) -> None:
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        service, today = self.session.ctx.feedback.rectification, self.session.today()
        open_only = not self.show_closed.isChecked()
        keep = self.current.id if self.current else None
        users = self.session.ctx.users

        def load() -> tuple[list[Due], dict[str, str]]:
            names = {a.username: a.display_name for a in users.list()}
            return service.with_status(today, open_only), names

        self.session.db.run(load, lambda result: self._loaded(*result, keep))

    def _loaded(self, rows: list[Due], names: dict[str, str], keep: str | None) -> None:
        self.names = names
        self.model.names = names
        self.model.set_rows(rows)
        self._place()
        ids = [d.ticket.id for d in rows]
        row = ids.index(keep) if keep in ids else (0 if ids else -1)
        if row >= 0:
            self.table.selectRow(row)
            self._row_changed(self.model.index(row, 0))
        else:
            self._show_ticket(None)

    def _row_changed(self, index: QModelIndex) -> None:
        if not index.isValid() or index.row() >= len(self.model.rows):
            return
        t = self.model.rows[index.row()].ticket
        self._show_ticket(t)
        service = self.session.ctx.feedback.rectification
        self.session.db.run(
            lambda: service.steps(t.id),
            lambda steps: self._show_ticket(t, steps) if self.current is t else None,
        )

    def do(self, template: tk.Act) -> None:
        t = self.current
        if t is None:
            return
        text = self.text.toPlainText().strip() or None
        category = self.category.currentData() if template.name in ("fix", "classify") else None
        act = tk.Act(template.name, self.session.clerk.username, text, template.result, category)
        service = self.session.ctx.feedback.rectification
        self.status.setProperty("role", "muted")
        theme.polish(self.status)
        self.status.setText(self.tr("Working…"))

        def done(after: tk.Ticket) -> None:
            self.text.clear()
            self.status.setText(
                self.tr("Recorded: {0}.").format(
                    ticket_state_labels().get(after.state, after.state)
                )
            )
            self.current = after
            self.changed.emit()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.status.setProperty("role", "error")
            theme.polish(self.status)
            self.status.setText(messages.describe(exc))

        now = now_of(self.session)
        self.session.db.run(lambda: service.act(t.id, act, now), done, failed)

    def new_ticket(self) -> None:
        if not self.account.may("tickets"):
            return
        dialog = NewTicketDialog(self.session, self)
        if dialog.exec() and dialog.created is not None:
            self.current = dialog.created
            self.changed.emit()
            self.refresh()
