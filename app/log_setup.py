"""The log file of a data directory (``logs/counter.log``, rotated), for the CLI and the window."""

from __future__ import annotations

import logging
import logging.handlers

from app.paths import Home


def setup_logging(home: Home, verbose: bool = False) -> None:
    root = logging.getLogger()
    target = str(home.logs / "counter.log")
    for h in [h for h in root.handlers if getattr(h, "_counter", False)]:
        if getattr(h, "baseFilename", None) == target:
            return
        # Another data directory in the same process (tests, an administrator's script):
        # log into the one now in use.
        root.removeHandler(h)
        h.close()
    try:
        home.logs.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            home.logs / "counter.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._counter = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
