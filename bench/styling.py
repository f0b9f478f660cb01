#!/usr/bin/env python3
"""Building the main window under the application style sheet, against building it first and
applying the sheet once (``theme.styled_after``, what the start does).

    .venv/bin/python bench/styling.py [--runs 15]

One process, a set-up window with the demo catalog, the two ways interleaved; each time is the
constructor of ``MainWindow`` (plus, for the second way, lifting and re-applying the sheet),
not showing or painting it. Prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PASSWORD = "counter2026"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=15)
    args = p.parse_args()

    from PySide6.QtCore import QEvent

    from app.bootstrap import open_context
    from app.paths import Home
    from app.services.window import FirstAdmin, WindowSetup, initialise
    from app.ui import main as ui_main
    from app.ui import theme
    from app.ui.main_window import MainWindow
    from app.ui.session import Session
    from app.ui.worker import Worker

    app = ui_main.application()
    ui_main.prepare(app, "zh_CN")
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as tmp:
        ctx = open_context(Home(Path(tmp) / "home"))
        initialise(
            ctx.store,
            ctx.users,
            WindowSetup("C3301", "城东街道便民服务中心", "W03"),
            FirstAdmin("admin", "王管理", PASSWORD),
        )
        ctx.users.add("clerk1", "李窗口", "clerk", PASSWORD)
        session = Session.open(
            ctx, ctx.users.get("clerk1"), Worker("db", 1, app), Worker("print", 1, app)
        )

        def build(styled_after: bool) -> float:
            start = time.perf_counter()
            if styled_after:
                with theme.styled_after(app):
                    window = MainWindow(session)
            else:
                window = MainWindow(session)
            took = (time.perf_counter() - start) * 1000
            window.close()
            window.deleteLater()  # gone before the next build: the sheet would polish it too
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            return took

        build(False)  # the first build pays PySide's one-off type set-up
        under, after = [], []
        for _ in range(args.runs):
            under.append(build(False))
            after.append(build(True))
        session.db.drain()
        session.close()
    a, b = statistics.median(under), statistics.median(after)
    print(
        f"main window built under the style sheet : {a:6.1f} ms median "
        f"(runs {', '.join(f'{x:.0f}' for x in under)})"
    )
    print(
        f"built first, styled once at the end     : {b:6.1f} ms median "
        f"(runs {', '.join(f'{x:.0f}' for x in after)})"
    )
    print(f"ratio                                   : {b / a:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
