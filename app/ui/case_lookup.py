"""Opening a case by its number from anywhere: the lookup field (F2) and scanner bursts.

A handheld scanner types the case number and Enter. When the lookup field has the focus,
that is an ordinary Enter. Anywhere else in the main window, ``ScannerFilter`` watches every key
press: a fast burst shaped like a case number, ended by Enter, opens the case, and the
characters the burst left in whatever field had the focus are taken out again. Modifier keys
(the Shift a scanner presses for each capital) come and go inside a burst without breaking it.

The filter sits on the main window's native window (its ``QWindow``), which sees each key
press once, before the focused widget does, and few other events. A filter on the whole
application would run Python for every event of every widget: about 90 ms more when the main
window first shows, and a share of every keystroke. A modal dialog is its own window; a scan
there is typed into the dialog like any other keys.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from app.devices.scanner import ScanBurstDetector

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# A scanner presses Shift for each capital (and some press Caps Lock or AltGr): these keys
# type nothing and neither end nor break a burst.
MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)
KEY_PRESS = QEvent.Type.KeyPress


class CaseLookupField(QLineEdit):
    case_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseLookup")
        self.setPlaceholderText(self.tr("Scan or type a case number (F2)"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(300)
        self.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        text = self.text().strip()
        if text:
            self.case_requested.emit(text)
            self.clear()


class ScannerFilter(QObject):
    """Application-wide event filter that turns scanner bursts into ``scanned(code)``."""

    scanned = Signal(str)

    def __init__(
        self,
        lookup: CaseLookupField,
        max_gap_ms: float = 50.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(lookup)
        self.lookup = lookup
        self.detector = ScanBurstDetector(max_gap_ms=max_gap_ms)
        self.clock = clock or (lambda: time.monotonic() * 1000.0)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.type() != KEY_PRESS:
            return False
        focus = QApplication.focusWidget()  # None when no field has the focus: still a scan
        if focus is self.lookup:
            return False
        if event.key() in MODIFIER_KEYS:
            return False
        now = self.clock()
        if event.key() in ENTER_KEYS:
            code = self.detector.enter(now)
            if code is None:
                return False
            _take_back(focus, code)
            self.scanned.emit(code)
            return True  # the Enter must not also press a default button
        text = event.text()
        if len(text) == 1 and text.isprintable():
            self.detector.key(text, now)
        else:
            self.detector.reset()
        return False


def _take_back(widget: QWidget | None, code: str) -> None:
    """Remove what the scanner typed into the focused text field, if it is there."""
    if isinstance(widget, QLineEdit) and widget.text().endswith(code):
        widget.setText(widget.text()[: -len(code)])
    elif isinstance(widget, QPlainTextEdit):
        text = widget.toPlainText()
        if text.endswith(code):
            widget.setPlainText(text[: -len(code)])
