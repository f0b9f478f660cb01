"""The status bar's sync indicator: offline / last synced at / records waiting.

It polls a ``Callable[[], SyncStatus]`` (``services.sync_state.sync_status``, read from the
local store only) on the database worker, so the UI thread never waits for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.session import Session
from app.ui.theme import AMBER, MUTED, OK

if TYPE_CHECKING:  # the window shows before the data layer loads
    from app.services.sync_state import SyncStatus

POLL_MS = 30_000


def describe_status(s: SyncStatus) -> tuple[str, str]:
    """(text, colour) for a status."""
    translate = QCoreApplication.translate
    waiting = translate("SyncIndicator", "{0} waiting").format(s.waiting)
    if not s.configured:
        return translate("SyncIndicator", "No central database configured") + " · " + waiting, MUTED
    when = s.last_synced_at.astimezone().strftime("%H:%M") if s.last_synced_at else "—"
    if s.online:
        return translate("SyncIndicator", "Synced at {0}").format(when) + " · " + waiting, OK
    return (
        translate("SyncIndicator", "Offline, last synced {0}").format(when) + " · " + waiting,
        AMBER,
    )


def describe_problems(s: SyncStatus) -> str:
    """The tool tip: the last error, and the records the central database refused."""
    lines = [f"[{s.last_error_code}] {s.last_error}"] if s.last_error else []
    if s.quarantined:
        lines.append(
            QCoreApplication.translate(
                "SyncIndicator",
                "{0} record(s) refused by the central database, kept for checking",
            ).format(s.quarantined)
        )
    return "\n".join(lines)


class SyncIndicator(QLabel):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.session = session
        self.status: SyncStatus | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def refresh(self) -> None:
        source = self.session.sync_status
        if source is not None and self.session.ready:  # nothing to read before the store opens
            self.session.db.run(source, self.show_status, lambda _exc: None)

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        text, colour = describe_status(status)
        self.setText("● " + text)
        self.setStyleSheet(f"color: {colour};")
        self.setToolTip(describe_problems(status))
