"""Asking for and recording the review of one visit (一次一评), on the pad or the review window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.devices.evaluation_pad import PadAnswer, ReviewAsk
from app.ui import messages
from app.ui.labels import level_labels
from app.ui.review_window import ReviewWindow
from app.ui.session import Session


class ReviewPrompt(QFrame):
    recorded = Signal(int)  # the level recorded

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.session = session
        self.ask_data: ReviewAsk | None = None
        self.review_window: ReviewWindow | None = None
        self.done_level: int | None = None
        # What of the clerk's window the review dialog must leave uncovered (screen coordinates).
        self.keep_clear: Callable[[], QRect] | None = None
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        self.button = QPushButton(self.tr("Ask for the review (F9)"))
        self.button.setObjectName("askReview")
        self.button.clicked.connect(self.ask)
        QShortcut(
            QKeySequence("F9"),
            self,
            self.ask,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        row.addWidget(self.status, 1)
        row.addWidget(self.button)
        self.reset(None)

    def reset(self, ask: ReviewAsk | None) -> None:
        self.ask_data = ask
        self.done_level = None
        self.button.setEnabled(ask is not None)
        self.status.setText(
            self.tr("The applicant has not reviewed this visit yet.") if ask else ""
        )

    def ask(self) -> None:
        if self.ask_data is None or self.done_level is not None:
            return
        pad = self.session.pad
        if pad is not None:
            self.status.setText(self.tr("Waiting for the applicant on the evaluation pad…"))
            ask = self.ask_data

            def answered(answer: PadAnswer | None) -> None:
                if answer is None:
                    self.status.setText(self.tr("No answer from the evaluation pad."))
                else:
                    self.record(answer.level, answer.reason, pad.channel)

            self.session.background.run(lambda: pad.ask(ask), answered, self._failed)
            return
        if self.review_window is not None:
            self.review_window.close()
        review = ReviewWindow(self.ask_data)
        review.answered.connect(lambda level, reason: self.record(level, reason, review.channel))
        review.answered.connect(lambda *_: self._back_to_clerk())
        review.declined.connect(self._declined)
        self.review_window = review
        review.present(self.window(), self.keep_clear() if self.keep_clear else None)
        self.status.setText(self.tr("Waiting for the applicant's review…"))

    def _declined(self) -> None:
        self.status.setText(self.tr("The applicant did not review this visit."))
        self._back_to_clerk()

    def waiting(self) -> bool:
        """The review window is open and the applicant has not answered yet."""
        return (
            self.done_level is None
            and self.review_window is not None
            and self.review_window.isVisible()
        )

    def close_window(self) -> None:
        """The visit is over: a review window still open means the applicant declined."""
        if self.review_window is not None and self.review_window.isVisible():
            self.review_window.close()
            self.window().activateWindow()
        self.review_window = None

    def _back_to_clerk(self) -> None:
        """The clerk's keyboard carries on in the clerk's window after the applicant answered."""
        clerk_window = self.window()
        clerk_window.activateWindow()
        self.button.setFocus()

    def record(self, level: int, reason: str | None, channel: str) -> None:
        ask = self.ask_data
        if ask is None:
            return
        feedback = self.session.ctx.feedback
        clerk = self.session.clerk.username

        def done(result: object) -> None:
            self.done_level = level
            self.button.setEnabled(False)
            text = self.tr("Reviewed: {0}").format(level_labels()[level])
            if getattr(result, "ticket", None) is not None:
                text += "　" + self.tr("(a rectification ticket was opened)")
            self.status.setText(text)
            self.recorded.emit(level)

        self.session.db.run(
            lambda: feedback.review(ask.visit_record_id, level, reason, channel, clerk),
            done,
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(messages.describe(exc))
