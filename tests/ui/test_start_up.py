"""Start-up: the main window shows before the data layer has opened, and nothing the clerk
asks for in the meantime is lost."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.core.errors import CounterError
from app.paths import Home
from app.ui import main as ui_main
from tests.stores import connect_store
from tests.ui.conftest import CLERK, PASSWORD, settle

HEAVY = (
    "sqlalchemy",
    "alembic",
    "argon2",
    "reportlab",
    "keyring",
    "pypinyin",
    "openpyxl",
    "psycopg",
    "chinese_calendar",
    "app.bootstrap",
    "app.services.visits",
    "app.sync",
)


def test_the_window_modules_load_without_the_data_layer():
    """What the main window needs to show (and the command that starts it) must not pull in
    the data layer or printing; nor the wizard's modules, loaded while the clerk types the
    password (the data layer is opening on the worker then)."""
    code = (
        "import sys, json; import app.cli.main, app.ui.main, app.ui.main_window, app.ui.session, "
        "app.ui.wizard.intake_wizard; "
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_window_settings_tell_when_the_store_must_open_first(tmp_path, window_ctx):
    assert ui_main.window_settings(Home(tmp_path / "new")) is None  # first start
    window = ui_main.window_settings(window_ctx.home)
    assert window is not None and window.window_name == "综合受理3号窗口"


def test_the_window_shows_first_and_keeps_what_the_clerk_asks_for(window_ctx, qtbot, dialogs):
    window = ui_main.run(window_ctx.home, "zh_CN", credentials=(CLERK, PASSWORD))
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible() and not window.session.ready
    assert window.clerk_label.text().endswith("李窗口")
    window.new_intake()  # F3 before the store has opened
    assert window.wizard is None and "打开" in window.busy.text()
    settle(window.session)
    assert window.session.ready and window.wizard is not None  # done once it opened
    assert window.stack.currentWidget() is window.wizard
    assert window.home.cards["accept"].value.text() == "0"  # the home numbers loaded
    assert dialogs.errors == []
    window.close()
    window.session.close()


def test_a_wrong_password_in_code_is_an_error_and_opens_nothing(window_ctx):
    with pytest.raises(CounterError) as info:
        ui_main.run(window_ctx.home, "zh_CN", credentials=(CLERK, "wrong-password1"))
    assert info.value.code == "login.failed"


def test_a_store_that_fails_to_open_is_reported_and_the_window_closes(
    window_ctx, qtbot, dialogs, monkeypatch
):
    import app.bootstrap

    def broken(_home, **_kw):
        raise CounterError("home.unwritable", "无法写入数据目录")

    monkeypatch.setattr(app.bootstrap, "open_context", broken)
    window = ui_main.run(window_ctx.home, "zh_CN", credentials=(CLERK, PASSWORD))
    assert window is not None
    qtbot.addWidget(window)
    settle(window.session)
    assert dialogs.errors == ["无法写入数据目录"] and not window.isVisible()
    assert not window.session.ready
    window.session.close()


def test_a_first_start_opens_the_store_first_then_sets_up_then_logs_in(
    tmp_path, qtbot, dialogs, monkeypatch
):
    """No database yet: the store is created behind the splash (demo catalog loaded), the
    set-up dialog runs, and the main window gets a store that is already open."""
    from app.services.window import FirstAdmin, WindowSetup, initialise
    from app.ui.setup_dialog import SetupDialog

    def set_up_and_accept(dialog):
        initialise(
            dialog.ctx.store,
            dialog.ctx.users,
            WindowSetup("C3301", "城东街道便民服务中心", "W03"),
            FirstAdmin("admin", "王管理", PASSWORD),
        )
        dialog.ctx.users.add(CLERK, "李窗口", "clerk", PASSWORD)
        return SetupDialog.DialogCode.Accepted

    monkeypatch.setattr(SetupDialog, "exec", set_up_and_accept)
    home = Home(tmp_path / "new")
    window = ui_main.run(home, "zh_CN", credentials=(CLERK, PASSWORD))
    assert window is not None
    qtbot.addWidget(window)
    assert window.session.ready  # opened before the window, not after
    settle(window.session)
    assert window.home.cards["accept"].value.text() == "0"
    assert ui_main.window_settings(home).centre_code == "C3301"
    window.close()
    window.session.close()


def test_a_store_that_failed_while_the_clerk_logged_in_ends_the_start(
    window_ctx, qtbot, dialogs, monkeypatch, qapp
):
    """The store fails to open behind the login dialog: after the login the error shows and
    the start ends (no window left open with nothing behind it)."""
    import app.bootstrap
    from app.ui.login_dialog import LoginDialog
    from app.ui.worker import Worker

    def broken(_home, **_kw):
        raise CounterError("store.corrupt", "数据库文件已损坏")

    def log_in_after_the_failure(dialog):
        qapp.processEvents()  # the opening starts once the dialog shows
        for db in qapp.findChildren(Worker, "db"):  # earlier tests' workers are there too
            db.drain()  # ... and fails while the clerk is still typing
        dialog.account = window_ctx.users.get(CLERK)
        return LoginDialog.DialogCode.Accepted

    monkeypatch.setattr(app.bootstrap, "open_context", broken)
    monkeypatch.setattr(LoginDialog, "exec", log_in_after_the_failure)
    assert ui_main.run(window_ctx.home, "zh_CN") is None
    assert dialogs.errors == ["数据库文件已损坏"]


def test_closing_before_the_store_has_opened_starts_nothing_more(window_ctx, qtbot, dialogs):
    window = ui_main.run(window_ctx.home, "zh_CN", credentials=(CLERK, PASSWORD))
    assert window is not None
    window.new_intake()  # kept for later ...
    window.close()  # ... but the clerk closes the window first
    assert window.background_sync is None and window.wizard is None
    assert window.session.ready  # the store opened meanwhile: the session closes it
    window.session.close()


def test_when_the_store_must_open_first_the_password_is_checked_once_after(
    window_ctx, qtbot, dialogs, monkeypatch
):
    """The check in code starts before the window's settings are read; when they say the
    store must open first (a migration due), it checks nothing, and the check made once the
    store has opened is the only one: a wrong password counts one miss, not two."""
    from contextlib import closing

    monkeypatch.setattr(ui_main, "window_settings", lambda _home: None)
    with pytest.raises(CounterError) as info:
        ui_main.run(window_ctx.home, "zh_CN", credentials=(CLERK, "wrong-password1"))
    assert info.value.code == "login.failed"
    with closing(connect_store(window_ctx.home.db)) as con:
        assert con.execute(
            "SELECT failed_attempts FROM users WHERE username = ?", (CLERK,)
        ).fetchone() == (1,)
    window = ui_main.run(window_ctx.home, "zh_CN", credentials=(CLERK, PASSWORD))
    assert window is not None
    qtbot.addWidget(window)
    assert window.session.ready  # opened before the login
    window.close()
    window.session.close()


def test_the_main_window_styled_after_it_is_built_looks_the_same(session, qapp, qtbot):
    """``run`` builds the main window without the style sheet and styles it once before it
    shows: the pixels must be those of the same window built under the sheet, and the
    palette, the font and the sheet must be as they were. (Each window is looked at alone:
    lifting the sheet while a window is on screen re-lays that window out.)"""
    from app.ui import theme
    from app.ui.main_window import MainWindow

    def looks(window: MainWindow):  # type: ignore[no-untyped-def]
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        image = window.grab().toImage()
        window.close()
        return image

    sheet, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    assert sheet == theme.STYLE
    under_sheet = looks(MainWindow(session))
    with theme.styled_after(qapp):
        assert qapp.styleSheet() == ""
        window = MainWindow(session)
    assert qapp.styleSheet() == sheet and qapp.palette() == palette and qapp.font() == font
    styled_after = looks(window)
    assert under_sheet.size() == styled_after.size() and under_sheet == styled_after
    # ... and the sheet really is what makes the look: a window shown unstyled differs.
    with theme.styled_after(qapp):
        unstyled = looks(MainWindow(session))
    assert unstyled != under_sheet


def test_a_password_check_in_code_dropped_before_it_was_told_checks_nothing(window_ctx):
    from contextlib import closing

    login = ui_main.CodeLogin(window_ctx.home.db, (CLERK, "wrong-password1"), check=False)
    login.drop()
    with pytest.raises(RuntimeError):
        login.account()
    with closing(connect_store(window_ctx.home.db)) as con:
        assert con.execute(
            "SELECT failed_attempts FROM users WHERE username = ?", (CLERK,)
        ).fetchone() == (0,)
