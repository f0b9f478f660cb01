"""Background work with callbacks on the UI thread (Anki's ``QueryOp`` / taskman idea).

``Worker.run(fn, on_success, on_failure)`` runs ``fn()`` on a thread pool and calls one of the
callbacks on the UI thread. The database worker has ONE thread, so writes keep their order
(a draft saved before the visit is recorded is written before it) and SQLite never sees two
writers from this process. ``drain()`` waits for everything queued and delivers the callbacks:
tests and shutdown use it instead of sleeping.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Callable[[Any, BaseException | None], None]):
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._done = done

    def run(self) -> None:
        try:
            value = self._fn()
        except BaseException as exc:  # delivered to on_failure on the UI thread
            self._done(None, exc)
        else:
            self._done(value, None)


class Worker(QObject):
    """A named pool of background threads whose results come back on the UI thread."""

    _finished = Signal(object, object, object, object)  # on_success, on_failure, value, error
    busy_changed = Signal(bool)

    def __init__(
        self,
        name: str,
        threads: int = 1,
        parent: QObject | None = None,
        on_error: Failure | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(name)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._pending = 0
        self.on_error = on_error  # failures without their own handler go here
        self._finished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Success | None = None,
        on_failure: Failure | None = None,
    ) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def done(value: Any, error: BaseException | None) -> None:
            self._finished.emit(on_success, on_failure, value, error)

        self._pool.start(_Task(fn, done))

    def _deliver(
        self,
        on_success: Success | None,
        on_failure: Failure | None,
        value: Any,
        error: BaseException | None,
    ) -> None:
        self._pending -= 1
        try:
            if error is None:
                if on_success is not None:
                    on_success(value)
            elif on_failure is not None:
                on_failure(error)
            elif self.on_error is not None:
                self.on_error(error)
            else:
                log.error("%s worker: unhandled failure", self.name, exc_info=error)
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def drain(self) -> None:
        """Wait for every queued task and deliver its callback (which may queue more)."""
        while self._pending:
            self._pool.waitForDone()
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            QCoreApplication.sendPostedEvents()
