"""Start the window application: ``counter gui`` and ``python3 run.py app`` come here.

Order of start-up, each step before any window that depends on it:
1. the Qt application and a small "starting" window, so the clerk sees something at once;
2. the data directory (migrations run here, before the main window exists);
3. language and fonts; the first-start set-up dialog if ``counter init`` was never run;
4. login (the password check runs on the database worker);
5. the main window; home data, sync status and the item search index load in the background
   with a visible state, and an unfinished intake is offered for resuming.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.paths import Home

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.services.accounts import Account
    from app.ui.main_window import MainWindow
    from app.ui.worker import Worker

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="counter gui", description="Start the Counter window.")
    p.add_argument("--home", help="data directory (default: $COUNTER_HOME or the user data dir)")
    p.add_argument("--lang", choices=("zh_CN", "en"), help="interface language for this run")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    return p.parse_args(list(argv))


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    # Fractional scale factors (150% on a 1080p laptop) as they are, not rounded to 2x.
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Counter")
    app.setOrganizationName("Counter")
    return app


def starting_window() -> QLabel:
    splash = QLabel("Counter\n正在启动 · Starting…")
    splash.setWindowFlag(Qt.WindowType.SplashScreen)
    splash.setAlignment(Qt.AlignmentFlag.AlignCenter)
    splash.setStyleSheet("background: #17365d; color: white; font-size: 20px; padding: 30px;")
    splash.resize(360, 160)
    splash.show()
    QApplication.processEvents()
    return splash


def prepare(app: QApplication, ctx: Context, language: str | None) -> None:
    """Language, fonts and the look; done once the stored language is known."""
    from app.services.preferences import read_preferences
    from app.ui.fonts import load_fonts
    from app.ui.i18n import install_language
    from app.ui.theme import STYLE

    install_language(app, language or read_preferences(ctx.store).language)
    load_fonts(app)
    app.setStyleSheet(STYLE)


def open_main_window(ctx: Context, account: Account, db: Worker, background: Worker) -> MainWindow:
    from app.ui.main_window import MainWindow
    from app.ui.session import Session

    window = MainWindow(Session.open(ctx, account, db, background))
    window.show()
    window.start()
    return window


def run(home: Home, language: str | None = None,
        credentials: tuple[str, str] | None = None) -> tuple[MainWindow | None, Context | None]:
    """Everything up to a shown main window. ``credentials`` log in without the dialog (bench)."""
    from app.bootstrap import open_context
    from app.core.errors import CounterError
    from app.ui import messages
    from app.ui.worker import Worker

    app = application()
    splash = starting_window() if credentials is None else None
    try:
        ctx = open_context(home)
    except CounterError as exc:
        if splash is not None:
            splash.close()
        messages.show_error(None, exc, "Counter")
        return None, None
    db, background = Worker("db", 1, app), Worker("print", 1, app)
    account: list[Account] = []
    if credentials is not None:
        # The password check (argon2, C code without the GIL) overlaps with the imports below.
        user, password = credentials
        db.run(lambda: ctx.users.authenticate(user, password), account.append)
    prepare(app, ctx, language)
    # Import the main window's modules now: with credentials, this overlaps the password check.
    import app.ui.main_window
    from app.services.window import is_initialised

    if not is_initialised(ctx.store):
        from app.ui.setup_dialog import SetupDialog

        if splash is not None:
            splash.close()
        if SetupDialog(ctx, db).exec() != SetupDialog.DialogCode.Accepted:
            return None, ctx
    if credentials is None:
        from app.ui.login_dialog import LoginDialog

        w = ctx.intake.window()
        login = LoginDialog(ctx, db, f"{w.get('centre_name') or ''}\n{w.get('window_name') or ''}")
        if splash is not None:
            splash.close()
        if login.exec() != LoginDialog.DialogCode.Accepted or login.account is None:
            return None, ctx
        account.append(login.account)
    else:
        db.drain()
        if not account:
            raise CounterError("login.failed", "programmatic login failed")
    window = open_main_window(ctx, account[0], db, background)
    if credentials is None:
        window.offer_resume()
    return window, ctx


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from app.bootstrap import setup_logging
    from app.ui import excepthook

    home = Home.resolve(args.home)
    setup_logging(home, args.verbose)
    excepthook.install()
    app = application()
    window, ctx = run(home, args.lang)
    try:
        if window is None:
            return 1
        return app.exec()
    finally:
        if ctx is not None:
            ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
