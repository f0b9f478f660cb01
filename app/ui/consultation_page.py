"""A consultation (咨询): which item, what was asked and answered; print the item's guide."""

from __future__ import annotations

from collections.abc import Callable

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

from app.core.cases import IntakeRequest, IntakeResult
from app.core.checklist import CONSULT
from app.devices.evaluation_pad import ReviewAsk
from app.ui import messages
from app.ui.catalog_data import PickerData
from app.ui.checklist_browser import ItemBrowser
from app.ui.printer import print_documents
from app.ui.review_prompt import ReviewPrompt
from app.ui.session import Session


class ConsultationPage(QWidget):
    recorded = Signal(object)  # IntakeResult

    def __init__(
        self, session: Session, picker_data: Callable[[Callable[[PickerData], None]], None]
    ) -> None:
        super().__init__()
        self.setObjectName("consultationPage")
        self.session = session
        title = QLabel(self.tr("Consultation"))
        title.setProperty("role", "title")
        self.browser = ItemBrowser(session, picker_data)
        self.question = QLineEdit()
        self.question.setObjectName("consultationQuestion")
        self.question.setPlaceholderText(self.tr("What the person asked"))
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("consultationAnswer")
        self.answer.setPlaceholderText(self.tr("What you answered"))
        self.answer.setFixedHeight(72)
        self.guide_button = QPushButton(self.tr("Print the guide (Ctrl+P)"))
        self.guide_button.setObjectName("printGuide")
        self.guide_button.clicked.connect(self.print_guide)
        QShortcut(
            QKeySequence("Ctrl+P"),
            self,
            self.print_guide,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.record_button = QPushButton(self.tr("Record consultation (Ctrl+Enter)"))
        self.record_button.setObjectName("recordConsultation")
        self.record_button.setProperty("primary", True)
        self.record_button.clicked.connect(self.record)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.record,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        self.status = QLabel()
        self.status.setObjectName("consultationStatus")
        self.status.setWordWrap(True)
        self.review = ReviewPrompt(session)
        self.review.hide()

        form_card = QFrame()
        form_card.setProperty("role", "card")
        form = QFormLayout(form_card)
        form.setContentsMargins(16, 10, 16, 10)
        form.addRow(self.tr("Question"), self.question)
        form.addRow(self.tr("Answer"), self.answer)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.guide_button)
        buttons.addWidget(self.record_button)
        form.addRow(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(self.browser, 1)
        layout.addWidget(form_card)
        layout.addWidget(self.review)

    def activate(self) -> None:
        self.question.clear()
        self.answer.clear()
        self.status.clear()
        self.review.hide()
        self.record_button.setEnabled(True)
        self.browser.activate()

    def item_code(self) -> str | None:
        item = self.browser.item
        return item.code if item else None

    def record(self) -> None:
        code = self.item_code()
        if code is None:
            self.status.setText(self.tr("Choose the item the person asked about."))
            self.browser.picker.focus_search()
            return
        req = IntakeRequest(
            clerk=self.session.clerk.username,
            item_code=code,
            applicant=None,
            outcome=CONSULT,
            question=self.question.text().strip() or None,
            answer=self.answer.toPlainText().strip() or None,
        )
        visits = self.session.ctx.visits
        self.record_button.setEnabled(False)
        self.session.db.run(lambda: visits.submit(req), self._recorded, self._failed)

    def _recorded(self, result: IntakeResult) -> None:
        item = self.browser.item
        self.status.setText(self.tr("Consultation recorded."))
        self.review.show()
        self.review.reset(
            ReviewAsk(
                result.record_id, self.session.clerk.display_name, item.name if item else None
            )
        )
        self.recorded.emit(result)
        self.review.ask()

    def _failed(self, exc: BaseException) -> None:
        self.record_button.setEnabled(True)
        self.status.setText(messages.describe(exc))

    def print_guide(self) -> None:
        code = self.item_code()
        if code is None:
            self.status.setText(self.tr("Choose the item first."))
            return
        slips = self.session.slips
        silent = self.session.window.silent_print
        self.status.setText(self.tr("Preparing the guide…"))
        print_documents(
            self.session.background,
            lambda: [slips.guide(code)],
            silent,
            self,
            lambda _pdf: self.status.setText(self.tr("The guide was sent to the printer.")),
            lambda exc: self.status.setText(messages.describe(exc)),
        )
