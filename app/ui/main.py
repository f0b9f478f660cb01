"""Start the window application: ``counter gui`` and ``python3 run.py app`` come here.

The common start (the window was set up before and its schema is current) shows the login at
once and opens the data layer meanwhile:
1. the Qt application; the window's settings (names, language) read with plain sqlite3;
2. language, fonts and the look;
3. the login dialog, while the database worker imports SQLAlchemy and opens the store; the
   password check itself needs only sqlite3 and argon2 (``app.services.login``);
4. the main window. If the store is still opening, the window says so and keeps what the clerk
   asks for until it has opened; home data, sync status and the item search index then load in
   the background, and an unfinished intake is offered for resuming.

A change of language in the settings builds the main window again (``rebuild_in``).

On a first start, or when the schema must be migrated, the store is opened first behind a
"starting" window (migrations and the demo catalog take their time there), then the set-up
dialog if ``counter init`` was never run, then the same login.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.paths import Home

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QLabel

    from app.bootstrap import Context
    from app.core.roles import Account
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
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    # Background threads (the store opening, the search index, sync) run Python too: hand the
    # interpreter lock back every 1 ms instead of 5, so a key press waits at most that long.
    sys.setswitchinterval(0.001)
    # Fractional scale factors (150% on a 1080p laptop) as they are, not rounded to 2x.
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Counter")
    app.setOrganizationName("Counter")
    return app


def starting_window() -> QLabel:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLabel

    from app.ui import theme

    splash = QLabel("Counter\n正在启动 · Starting…")
    splash.setWindowFlag(Qt.WindowType.SplashScreen)
    splash.setAlignment(Qt.AlignmentFlag.AlignCenter)
    splash.setStyleSheet(
        f"background: {theme.HEADER}; color: {theme.WHITE}; font-size: 20px; padding: 30px;"
    )
    splash.resize(360, 160)
    splash.show()
    QApplication.processEvents()
    return splash


def window_settings(home: Home) -> dict[str, Any] | None:
    """The window's settings when it can log in without opening the store first, else None
    (no database yet, a migration due, or not set up)."""
    from app.models.migrate import HEAD
    from app.models.peek import stored_revision, stored_settings
    from app.services.settings import Settings

    if stored_revision(home.db) != HEAD:
        return None
    window = Settings.values(stored_settings(home.db))
    return window if window.initialised else None


def prepare(app: QApplication, language: str) -> None:
    """Language, fonts and the look."""
    from app.ui import theme
    from app.ui.fonts import load_fonts
    from app.ui.i18n import install_language

    install_language(app, language)
    load_fonts(app)
    theme.apply(app)


class StoreOpening:
    """The data layer opening on the database worker while the clerk logs in.

    The worker has one thread, so everything queued on it later runs after the opening. The
    main window, once there, is handed the context, or the error (then it closes: the clerk
    cannot work without the store, and the message says what to do).
    """

    def __init__(self, db: Worker, home: Home) -> None:
        self.db, self.home = db, home
        self.ctx: Context | None = None
        self.error: BaseException | None = None
        self.window: MainWindow | None = None
        self.practice = False  # the clerk works in practice mode: hand over the practice store

    def start(self) -> None:
        home = self.home

        def open_store() -> Context:
            from app.bootstrap import open_context  # the ~140 ms import, on the worker too

            return open_context(home)

        self.db.run(open_store, self._opened, self._failed)

    def practise(self) -> None:
        """The account logging in works in practice mode: the window gets the practice store
        (opened from the real one, which then closes), never the real one."""
        self.practice = True
        if self.ctx is not None:
            real, self.ctx = self.ctx, None
            self._enter_practice(real)

    def _enter_practice(self, real: Context) -> None:
        self.db.run(lambda: enter_practice(real), self._opened, self._failed)

    def hand_to(self, window: MainWindow) -> bool:
        """The window takes the store, now or once it has opened. False: it had already
        failed to open (while the clerk was logging in); the error has been shown."""
        self.window = window
        if self.ctx is not None:
            window.attach(self.ctx)
        elif self.error is not None:
            self._tell(window, self.error)
            return False
        return True

    @staticmethod
    def _tell(window: MainWindow, exc: BaseException) -> None:
        """The clerk cannot work without the store: say why, and close the window."""
        from app.ui import messages

        log.error("the store did not open", exc_info=exc)
        messages.show_error(window, exc, "Counter")
        window.close_quietly()

    def _opened(self, ctx: Context) -> None:
        import gc

        # The data layer's ~200,000 long-lived objects: out of the collector's way, or its
        # full passes would slow the window building that comes next.
        gc.freeze()
        if self.practice and not ctx.practice:
            self._enter_practice(ctx)
            return
        self.ctx = ctx
        if self.window is not None:
            self.window.attach(ctx)

    def _failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QApplication

        self.error = exc
        if self.window is not None:
            self._tell(self.window, exc)
            QApplication.exit(1)


def open_store_first(home: Home, splash: QLabel | None) -> Context | None:
    """First start or a migration: open the store now, while the splash shows; an error is
    shown once the splash has gone."""
    from app.bootstrap import open_context
    from app.core.errors import CounterError
    from app.ui import messages

    try:
        ctx, error = open_context(home), None
    except CounterError as exc:
        ctx, error = None, exc
    if splash is not None:
        splash.close()
    if error is not None and error.code == "store.no_keyring" and key_file_agreed(home):
        try:
            ctx, error = open_context(home), None
        except CounterError as exc:
            ctx, error = None, exc
    if error is not None:
        messages.show_error(None, error, "Counter")
    return ctx


def key_file_agreed(home: Home) -> bool:
    """A new window on a PC without a system keyring (a fresh Linux without a desktop keyring,
    say): the store's key can only be kept in a file of the data directory. Say what that means
    and keep it there when the user agrees; an existing store is never re-keyed here."""
    from PySide6.QtCore import QCoreApplication

    from app.models import store_key
    from app.services.store_recovery import KEY_FILE_WARNING, new_key_file
    from app.ui import messages

    if home.db.exists() or store_key.read_info(home.root) is not None:
        return False
    agreed = messages.ask(
        None,
        QCoreApplication.translate("Start", "No system keyring"),
        QCoreApplication.translate(
            "Start",
            "This computer has no system keyring to keep the key of the window's encrypted "
            "database. Keep the key in a file in the data directory and start?\n\n{0}",
        ).format(KEY_FILE_WARNING),
        default=False,
    )
    if agreed:
        new_key_file(home)
    return agreed


def enter_practice(real: Context) -> Context:
    """The practice store (``app.services.practice``) opened beside the real one and brought
    up to date with it, in its place: the real one is closed."""
    from app.bootstrap import open_context
    from app.services.practice import prepare, refresh

    try:
        if real.practice:
            return real
        ctx = open_context(prepare(real.home), load_demo=False)
        try:
            refresh(real.store, real.catalog, ctx.store, ctx.catalog)
        except BaseException:
            ctx.close()
            raise
        ctx.practice = True
        return ctx
    finally:
        if not real.practice:
            real.close()


def set_up(ctx: Context, db: Worker) -> bool:
    """The set-up dialog when ``counter init`` was never run; False: the clerk cancelled."""
    from app.services.window import is_initialised

    if is_initialised(ctx.store):
        return True
    from app.ui.setup_dialog import SetupDialog

    return SetupDialog(ctx, db).exec() == SetupDialog.DialogCode.Accepted


class CodeLogin:
    """``credentials`` checked in code (benchmarks, screenshots), on a thread of its own.

    It starts before Qt is even imported: the thread imports argon2 at once, and the check
    itself (~50 ms) releases the GIL, so both run beside the imports and the window building
    that follow. With the dialog the check can only start when the clerk presses Enter.

    ``check=False``: the thread only imports, then waits to be told (``check`` or ``drop``)
    by the main thread, which alone decides whether the store can be used as it is.
    """

    def __init__(self, db_path: Path, credentials: tuple[str, str], check: bool = True) -> None:
        self._result: Account | None = None
        self._error: BaseException | None = None
        self._told = threading.Event()
        self._wanted = False
        self._thread = threading.Thread(
            target=self._run, args=(db_path, *credentials), name="login", daemon=True
        )
        self._thread.start()
        if check:
            self.check()

    def _run(self, db_path: Path, user: str, password: str) -> None:
        try:
            import argon2  # noqa: F401  # its import is half the thread's Python work

            from app.services.login import authenticate

            self._told.wait()
            if self._wanted:
                self._result = authenticate(db_path, user, password)
        except BaseException as exc:  # handed to the caller of account()
            self._error = exc

    def check(self) -> None:
        self._wanted = True
        self._told.set()

    def drop(self) -> None:
        """Check nothing (the store opens, and may migrate, first)."""
        self._told.set()
        self._thread.join()

    def account(self) -> Account:
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._result is None:
            raise RuntimeError("the password in code was not checked: call check() first")
        return self._result


def login_dialog(
    home: Home, window: dict[str, Any], worker: Worker, while_typing: Callable[[], None]
) -> Account | None:
    """The login dialog; ``while_typing`` runs once it has painted (the clerk types for
    seconds: time enough to open the store and load the main window's modules)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.services.login import authenticate
    from app.ui.login_dialog import LoginDialog

    title = f"{window.centre_name or ''}\n{window.window_name or ''}"
    login = LoginDialog(lambda user, password: authenticate(home.db, user, password), worker, title)
    login.show()
    QApplication.processEvents()  # on screen before anything else starts
    QTimer.singleShot(0, while_typing)
    if login.exec() != LoginDialog.DialogCode.Accepted:
        return None
    return login.account


def load_main_window_modules() -> None:
    import app.ui.main_window  # noqa: F401


def load_intake_modules() -> None:
    """What the clerk's first F3 needs, loaded while the password is typed: the wizard's
    modules, and PySide's set-up of ``QStyle`` (its ~30 enums), which the wizard's first
    re-styling of a field would otherwise pay (~30 ms)."""
    import app.ui.wizard.intake_wizard  # noqa: F401

    application().style()


def close_opened(db: Worker, ctx: Context | None, opening: StoreOpening) -> None:
    """No main window after all (login cancelled or failed): release what was opened."""
    db.drain()
    for opened in (ctx, opening.ctx):
        if opened is not None:
            opened.close()


def run(
    home: Home, language: str | None = None, credentials: tuple[str, str] | None = None
) -> MainWindow | None:
    """Everything up to a shown main window. ``credentials`` log in without the dialog.

    The caller closes the window's session (``window.session.close()``) when done."""
    # The check in code starts first: its Python part (importing argon2) then runs before Qt
    # holds the GIL for long stretches.
    code_login = CodeLogin(home.db, credentials, check=False) if credentials else None
    try:
        window = window_settings(home)  # plain sqlite3: before Qt is loaded
    except BaseException:
        if code_login is not None:
            code_login.drop()  # not left waiting to be told
        raise
    if code_login is not None:
        if window is None:
            code_login.drop()  # checked once the store has opened (and set up, if need be)
            code_login = None
        else:
            code_login.check()
    from app.ui.worker import Worker

    app = application()
    db, background = Worker("db", 1, app), Worker("print", 1, app)
    ctx: Context | None = None
    if window is None:
        ctx = open_store_first(home, starting_window() if credentials is None else None)
        if ctx is None:
            return None
        window = ctx.window()
    prepare(app, language or window.language)
    opening = StoreOpening(db, home)
    try:
        if ctx is not None:
            if not set_up(ctx, db):
                close_opened(db, ctx, opening)
                return None
            window = ctx.window()
            if credentials:  # the accounts exist now
                code_login = CodeLogin(home.db, credentials)
        if code_login is not None:
            load_main_window_modules()  # during the argon2 check
            account = code_login.account()
        else:

            def while_typing() -> None:
                from PySide6.QtCore import QTimer

                if ctx is None:
                    opening.start()
                load_main_window_modules()
                QTimer.singleShot(0, load_intake_modules)  # keys typed meanwhile go first

            account = login_dialog(home, window, background, while_typing)
        if account is None:
            close_opened(db, ctx, opening)
            return None
        from app.services.practice import practising

        if practising(window, account.username):
            if ctx is not None:
                ctx = enter_practice(ctx)
            else:
                opening.practise()
        from app.ui import theme
        from app.ui.main_window import MainWindow
        from app.ui.session import Session

        session = Session.before_store(home, account, db, background, window)
        if ctx is not None:
            session.attach(ctx)
        with theme.styled_after(app):
            main_window = MainWindow(session)
    except BaseException:
        close_opened(db, ctx, opening)
        raise
    main_window.show_on_screen()
    main_window.start()
    if ctx is None:
        if code_login is not None:
            # Opened once the window has painted: importing the data layer holds the GIL, and
            # the first paint should not wait for it.
            app.processEvents()
            opening.start()
        if not opening.hand_to(main_window):
            main_window.session.close()
            return None
    if credentials is None:
        main_window.offer_resume()
    return keep(main_window)


WINDOWS: list[MainWindow] = []  # this process's main window (a change of language replaces it)


def keep(window: MainWindow) -> MainWindow:
    WINDOWS[:] = [window]
    window.language_changed.connect(lambda language: rebuild_in(window, language))
    return window


def rebuild_in(old: MainWindow, language: str) -> MainWindow:
    """The main window again, on the same session, in another language: widgets set their
    texts when they are built. An intake in progress carries on where it was; text typed on
    the consultation or complaint page is not kept."""
    from app.ui.i18n import install_language
    from app.ui.main_window import MainWindow

    install_language(application(), language)
    wizard = old.wizard
    intake = None
    if wizard is not None and wizard.result is None and not wizard.recorded_elsewhere:
        # A 一件事 in progress carries on as such (its own state, its own draft).
        intake = wizard.bundle_wizard.state if wizard.bundle_wizard else wizard.state
    new = MainWindow(old.session)
    new.setGeometry(old.geometry())
    new.setWindowState(old.windowState())
    new.show()  # before the old one closes: the application ends with its last window
    old.close_quietly()  # saves the wizard's draft (so ``intake`` holds what was typed) and stops sync
    old.deleteLater()
    new.start()
    if intake is not None:
        new.resume(intake)
    return keep(new)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from app.log_setup import setup_logging
    from app.ui import excepthook

    home = Home.resolve(args.home)
    setup_logging(home, args.verbose)
    excepthook.install()
    app = application()
    window = run(home, args.lang)
    if window is None:
        return 1
    try:
        return app.exec()
    finally:
        window.session.close()


if __name__ == "__main__":
    raise SystemExit(main())
