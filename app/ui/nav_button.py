"""A navigation entry: the page's name on the left, its key on the right, both readable."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.elided_label import ElidedLabel


class NavButton(QPushButton):
    def __init__(self, text: str, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "nav")
        self.setCheckable(True)
        self.setToolTip(f"{text} ({key})" if key else text)
        self.name = ElidedLabel()  # a long name ends in "…" in a narrow navigation
        self.name.set_full_text(text)
        self.key = QLabel(key)
        self.key.setProperty("role", "navkey")  # the look is in theme.STYLE
        for label in (self.name, self.key):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 0, 10, 0)
        row.addWidget(self.name, 1)
        row.addWidget(self.key)

    def sizeHint(self) -> QSize:
        hint = self.name.sizeHint()
        return QSize(hint.width() + self.key.sizeHint().width() + 40, max(44, hint.height() + 20))
