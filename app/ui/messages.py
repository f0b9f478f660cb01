"""How errors reach the clerk: what happened and what to do, never a bare traceback."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import CounterError, ValidationFailed

log = logging.getLogger(__name__)


def describe(exc: BaseException) -> str:
    """The message for a person; CounterError already says what to do."""
    if isinstance(exc, ValidationFailed):
        return exc.message + "\n" + "\n".join(f"• {p}" for p in exc.problems[:10])
    if isinstance(exc, CounterError):
        return exc.message
    from app.files import is_disk_full

    if is_disk_full(exc):
        return QCoreApplication.translate(
            "Messages",
            "The disk is full, so this could not be done. Free some space on it and "
            "try again; what was already recorded is safe.",
        )
    return QCoreApplication.translate(
        "Messages",
        "An unexpected error occurred ({0}). The details are in the log file; "
        "what was already recorded is safe.",
    ).format(type(exc).__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    if not isinstance(exc, CounterError):
        log.error("unexpected error", exc_info=exc)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or QCoreApplication.translate("Messages", "Cannot continue"),
        describe(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("errorBox")
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, default: bool = True) -> bool:
    """Yes or no. ``default=False`` makes 否 the button Enter presses: for a question whose yes
    throws work away or leaves it, so a hurried Enter keeps things as they are."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(
        parent,
        title,
        text,
        buttons,
        QMessageBox.StandardButton.Yes if default else QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
