"""办不成事 (could not get it done): a complaint is recorded and always opens a ticket."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.tickets import Ticket
from app.ui import messages
from app.ui.session import Session


class ComplaintPage(QWidget):
    recorded = Signal(object)  # core.tickets.Ticket

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("complaintPage")
        self.session = session
        title = QLabel(self.tr("Could not get it done (办不成事)"))
        title.setProperty("role", "title")
        note = QLabel(
            self.tr(
                "Record what the person could not get done. Every complaint opens a "
                "rectification ticket with a deadline; the supervisor follows it up."
            )
        )
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.text = QPlainTextEdit()
        self.text.setObjectName("complaintText")
        self.text.setPlaceholderText(self.tr("What happened, what the person needs"))
        self.name = QLineEdit()
        self.name.setObjectName("complaintName")
        self.phone = QLineEdit()
        self.phone.setObjectName("complaintPhone")
        self.case_no = QLineEdit()
        self.case_no.setObjectName("complaintCase")
        self.case_no.setPlaceholderText(self.tr("optional"))
        self.status = QLabel()
        self.status.setObjectName("complaintStatus")
        self.status.setWordWrap(True)
        self.button = QPushButton(self.tr("Record complaint (Ctrl+Enter)"))
        self.button.setObjectName("recordComplaint")
        self.button.setProperty("primary", True)
        self.button.clicked.connect(self.record)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.record,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        card = QFrame()
        card.setProperty("role", "card")
        form = QFormLayout(card)
        form.setContentsMargins(16, 12, 16, 12)
        form.addRow(self.tr("Problem"), self.text)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Case number"), self.case_no)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(card)
        layout.addLayout(row)
        layout.addStretch(1)

    def activate(self, case_no: str | None = None) -> None:
        for w in (self.name, self.phone):
            w.clear()
        self.text.clear()
        self.case_no.setText(case_no or "")
        self.status.clear()
        self.button.setEnabled(True)
        self.text.setFocus()

    def record(self) -> None:
        text = self.text.toPlainText().strip()
        applicant = {
            k: v
            for k, v in (("name", self.name.text().strip()), ("phone", self.phone.text().strip()))
            if v
        } or None
        case_no = self.case_no.text().strip() or None
        feedback, clerk = self.session.ctx.feedback, self.session.clerk.username
        self.button.setEnabled(False)
        self.session.db.run(
            lambda: feedback.complaint(clerk, text, applicant=applicant, case_no=case_no),
            self._done,
            self._failed,
        )

    def _done(self, ticket: Ticket) -> None:
        self.status.setText(self.tr("Recorded. Ticket due {0}.").format(ticket.due.isoformat()))
        self.recorded.emit(ticket)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.status.setText(messages.describe(exc))
