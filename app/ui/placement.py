"""Windows that fit the screen they open on: 1024x768, or 1366x768 less a taskbar, also at
125% (QT_SCALE_FACTOR=1.25), with room for the window manager's title bar."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

FRAME = QSize(16, 48)  # a title bar and borders, before the window manager tells


def free_area(window: QWidget) -> QSize:
    """What the screen leaves for a window's contents: its available area (without the
    taskbar) less a title bar and borders."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() - FRAME


def fit_to_screen(window: QWidget) -> None:
    """Size a window to what it asks for within the screen's free area: smaller when it would
    reach past it (its content scrolls), larger where Qt's first guess (two thirds of the
    screen at most) would make it scroll needlessly."""
    room = free_area(window)
    size = window.size().expandedTo(window.sizeHint()).boundedTo(room)
    size = size.expandedTo(window.minimumSizeHint())
    if size != window.size():
        window.resize(size)


class FittingScrollArea(QScrollArea):
    """A frameless scroll area that asks for its whole content when there is room, and
    scrolls when its window has to be smaller (QScrollArea asks for at most 24 lines)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content.setObjectName(content.objectName() or "pageContent")
        self.setWidget(content)

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())

    def minimumSizeHint(self) -> QSize:
        least = self.widget().minimumSizeHint()
        return QSize(
            least.width() + self.verticalScrollBar().sizeHint().width(), min(least.height(), 120)
        )
