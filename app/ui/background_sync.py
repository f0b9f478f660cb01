"""Sync in the background while the clerk works: at start, every few minutes, after each visit.

Runs the Qt-free ``SyncEngine`` on its own worker thread, one run at a time, never on the UI
thread and never on the database worker the screens use (a slow network must not delay a
search or a recording). The status bar is refreshed after every run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.worker import Worker

if TYPE_CHECKING:
    from app.bootstrap import Context

log = logging.getLogger(__name__)


class BackgroundSync(QObject):
    finished = Signal(object)  # the SyncSummary, or the exception

    def __init__(
        self,
        ctx: Context,
        parent: QObject | None = None,
        runner: Callable[[threading.Event], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker = Worker("sync", 1, self)
        self.cancel = threading.Event()
        self.running = False
        self._again = False
        self._runner = runner or self._run_engine
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.request)

    def start(self) -> None:
        """A run now, then one every few minutes (the interval, too, is read on the worker)."""

        def every(minutes: int) -> None:
            if minutes > 0:
                self.timer.start(minutes * 60_000)

        self.worker.run(
            self._interval, every, lambda exc: log.warning("sync interval unreadable: %s", exc)
        )
        self.request()

    def _interval(self) -> int:
        from app.services.settings import Settings

        with self.ctx.store.read() as s:
            return int(Settings.sync_interval_minutes.get(s))

    def _configured(self) -> bool:
        from app.services.settings import Settings

        with self.ctx.store.read() as s:
            return bool(Settings.central_url.get(s))

    def request(self) -> None:
        """Sync soon; a request during a run starts one more run right after it."""
        if self.running:
            self._again = True
            return
        self.running = True
        self.cancel.clear()
        # Even the "is a central database set up?" read happens on the worker, not here.
        self.worker.run(
            lambda: self._runner(self.cancel) if self._configured() else None,
            self._done,
            self._failed,
        )

    def _run_engine(self, cancel: threading.Event) -> Any:
        from app.sync.engine import SyncEngine, SyncOptions

        # One quick retry: the timer tries again in a few minutes anyway, and a long backoff
        # would hold back the run a new visit asks for.
        return SyncEngine(self.ctx, SyncOptions(retries=1, backoff=0.5)).run(None, cancel)

    def _done(self, summary: Any) -> None:
        self.running = False
        if summary is not None:  # None: no central database, nothing was attempted
            self.finished.emit(summary)
        if self._again and not self.cancel.is_set():
            self._again = False
            self.request()

    def _failed(self, exc: BaseException) -> None:
        log.warning("background sync failed: %s", exc)
        self._done(exc)

    def stop(self) -> None:
        """Closing the window: cut a run short (the outbox keeps whatever was not answered)."""
        self.timer.stop()
        self.cancel.set()
        self.worker.drain()
