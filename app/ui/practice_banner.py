"""Practice mode on the screen: a band no clerk can miss, and the way out of it.

The window knows it works in practice mode before the store has opened (from the real window's
settings read at log-in), so the band shows from the first paint; ``app.ui.main`` hands such a
window the practice store only (``app.services.practice``), and the main window refuses any
other.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from app.services.practice import practising
from app.ui.session import Session


def in_practice(session: Session) -> bool:
    """Does this session work in practice mode? Its account is in the real window's list,
    or the window's settings are those of a practice store already."""
    window = session.window
    return window.practice_store or practising(window, session.clerk.username)


class PracticeBanner(QFrame):
    """练习模式, what it means, and 结束练习."""

    end_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("practiceBanner")
        self.setProperty("role", "practice")
        title = QLabel(self.tr("PRACTICE MODE"))
        title.setObjectName("practiceTitle")
        text = QLabel(
            self.tr(
                "Nothing done here enters the window's records or is synced; every slip "
                "printed says 练习 and is no valid notice for an applicant."
            )
        )
        text.setObjectName("practiceText")
        text.setWordWrap(True)
        self.end_button = QPushButton(self.tr("End practice"))
        self.end_button.setObjectName("endPractice")
        self.end_button.clicked.connect(self.end_requested)
        box = QHBoxLayout(self)
        box.setContentsMargins(20, 6, 20, 6)
        box.setSpacing(14)
        box.addWidget(title)
        box.addWidget(text, 1)
        box.addWidget(self.end_button)
