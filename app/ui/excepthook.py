"""Last resort for errors nobody caught: log the trace, tell the clerk, keep running.

Qt calls Python slots from C++; an exception escaping one would otherwise only be printed to
a console nobody sees. Records already committed are safe, so the message says so.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

log = logging.getLogger("counter.crash")
_showing = False


def _hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    global _showing
    log.critical("uncaught exception", exc_info=(kind, value, tb))
    if issubclass(kind, KeyboardInterrupt) or _showing:
        return
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        sys.__excepthook__(kind, value, tb)
        return
    from app.ui import messages

    _showing = True
    try:
        messages.show_error(QApplication.activeWindow(), value)
    finally:
        _showing = False


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    log.critical(
        "uncaught exception in thread %s",
        args.thread,
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )  # type: ignore[arg-type]


def install() -> None:
    sys.excepthook = _hook
    threading.excepthook = _thread_hook
