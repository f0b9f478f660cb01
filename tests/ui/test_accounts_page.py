"""The accounts screen (账号), driven through its real widgets: what a supervisor and an
administrator see, adding an account, a refusal said in the dialog, disabling and enabling,
a reset password ending a lock-out, and a window registered with a central, where adding and
enabling are the central's."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.schema import User
from app.services.settings import Settings
from tests.conftest import PASSWORD

from .conftest import settle
from .test_supervisor_screens import open_window


@pytest.fixture
def staff(window_ctx, dialogs):  # type: ignore[no-untyped-def]
    window_ctx.users.add("boss", "赵值班", "supervisor", PASSWORD)
    return window_ctx


def accounts_page(w, qtbot):  # type: ignore[no-untyped-def]
    from app.ui.accounts_page import AccountsPage

    w.activateWindow()  # the page's own keys work in the active window, as on a desk
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w, Qt.Key.Key_F7, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    page = w.stack.currentWidget()
    assert isinstance(page, AccountsPage) and w.nav_buttons["accounts"].isChecked()
    return page


def column(page, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def test_the_supervisor_sees_the_accounts_but_changes_nothing(staff, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = open_window(staff, "boss", qtbot)
    page = accounts_page(w, qtbot)
    assert column(page, 0) == ["admin", "boss", "clerk1"]
    assert column(page, 1) == ["王管理", "赵值班", "李窗口"]
    assert column(page, 2) == ["管理员", "值班长", "窗口人员"]
    assert set(column(page, 4)) == {"本地"}
    assert not any(b.isVisibleTo(page) for b in page.buttons.values())
    assert "管理员" in page.note.text()
    assert page.table.hasFocus() and w.isActiveWindow()


def test_the_administrator_adds_an_account_after_a_refusal(staff, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.accounts_page import NewAccountDialog

    w = open_window(staff, "admin", qtbot)
    page = accounts_page(w, qtbot)
    assert all(b.isVisibleTo(page) for b in page.buttons.values())
    dialogs: list[NewAccountDialog] = []

    def fill(dialog: NewAccountDialog) -> int:
        dialogs.append(dialog)
        dialog.username.setText("clerk2")
        dialog.display_name.setText("钱窗口")
        dialog.role.setCurrentIndex(dialog.role.findData("clerk"))
        dialog.password.first.setText("password1")  # common: refused, said in the dialog
        dialog.password.again.setText("password1")
        dialog.submit()
        settle(w.session)
        assert dialog.result() == 0 and "常见密码" in dialog.status.text()
        dialog.password.first.setText("Chuang-kou-7")
        dialog.password.again.setText("Chuang-kou-8")
        dialog.submit()
        assert "两次" in dialog.status.text()
        dialog.password.again.setText("Chuang-kou-7")
        dialog.submit()
        settle(w.session)
        return dialog.result()

    monkeypatch.setattr(NewAccountDialog, "exec", fill)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert dialogs and dialogs[0].created == "clerk2"
    assert column(page, 0) == ["admin", "boss", "clerk1", "clerk2"]
    assert page.current is not None and page.current.username == "clerk2"
    assert "clerk2" in page.status.text()
    assert staff.users.authenticate("clerk2", "Chuang-kou-7").display_name == "钱窗口"


def test_disable_enable_and_reset_a_locked_account(staff, qtbot, dialogs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.accounts_page import ResetPasswordDialog

    with staff.store.write() as s:
        u = s.query(User).filter_by(username="clerk1").one()
        u.locked_until = datetime.now() + timedelta(minutes=15)
        u.failed_attempts = 5
    w = open_window(staff, "admin", qtbot)
    page = accounts_page(w, qtbot)
    page.table.selectRow(2)
    assert page.current.username == "clerk1"
    assert page.model.index(2, 5).data().startswith("锁定至")
    assert page.disable_button.isEnabled() and not page.enable_button.isEnabled()

    dialogs.answers = [False]  # 否: nothing changes
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert staff.users.get("clerk1").active
    dialogs.answers = [True]
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert not staff.users.get("clerk1").active
    assert page.model.index(2, 3).data() == "停用"
    assert page.enable_button.isEnabled() and not page.disable_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert staff.users.get("clerk1").active

    def reset(dialog: ResetPasswordDialog) -> int:
        dialog.password.first.setText("Xin-mima-2026")
        dialog.password.again.setText("Xin-mima-2026")
        dialog.submit()
        settle(w.session)
        return dialog.result()

    monkeypatch.setattr(ResetPasswordDialog, "exec", reset)
    qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert staff.users.get("clerk1").locked_until is None
    assert staff.users.authenticate("clerk1", "Xin-mima-2026").username == "clerk1"
    assert page.model.index(2, 5).data() == ""


def test_the_administrator_cannot_disable_their_own_account(staff, qtbot, dialogs) -> None:  # type: ignore[no-untyped-def]
    w = open_window(staff, "admin", qtbot)
    page = accounts_page(w, qtbot)
    page.table.selectRow(0)
    page.disable_button.click()
    settle(w.session)
    assert staff.users.get("admin").active and "登录" in page.status.text()
    assert dialogs.asked == []


def test_a_registered_window_takes_its_accounts_from_the_central(staff, qtbot, dialogs) -> None:  # type: ignore[no-untyped-def]
    staff.users.set_active("clerk1", False)
    with staff.store.write() as s:
        Settings.central_url.set(s, "postgresql://county.example/counter")
        s.query(User).filter_by(username="boss").one().origin = "central"
    w = open_window(staff, "admin", qtbot)
    page = accounts_page(w, qtbot)
    assert column(page, 4) == ["本地", "中心", "本地"]
    assert not page.add_button.isEnabled() and "中心" in page.add_button.toolTip()
    assert "中心" in page.note.text()
    page.table.selectRow(2)
    assert not page.enable_button.isEnabled() and "中心" in page.enable_button.toolTip()
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert not staff.users.get("clerk1").active and staff.users.count() == 3
    assert "中心" in page.status.text()
    assert QApplication.activeModalWidget() is None
    page.table.selectRow(1)  # disabling stays possible (a staff change not yet synced)
    assert page.disable_button.isEnabled()
    # The central owns the password of an account it sent: reset there, not here.
    assert not page.reset_button.isEnabled()
    assert "counter central user passwd boss" in page.reset_button.toolTip()
    qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert QApplication.activeModalWidget() is None
    assert "counter central user passwd boss" in page.status.text()
    assert "中心" in page.status.text()
    page.table.selectRow(0)  # the window's own administrator: reset here
    assert page.reset_button.isEnabled() and page.reset_button.toolTip() == ""


def test_each_account_shows_the_posts_it_holds(staff, qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.core.posts import parse_posts
    from app.services.posts import store_published

    table = {
        "format": "counter-posts/1",
        "version": "2027-01",
        "posts": [
            {
                "code": "QT",
                "name": "前台综合受理",
                "kind": "前台",
                "items": "*",
                "depths": {"*": ["收件", "受理"]},
                "members": [{"username": "clerk1", "role": "A"}, {"username": "boss", "role": "B"}],
            },
            {
                "code": "ZX",
                "name": "咨询导办",
                "kind": "导办",
                "items": "*",
                "depths": {"*": ["收件"]},
                "members": [{"username": "boss", "role": "A"}],
            },
        ],
    }
    with staff.store.write() as s:
        store_published(s, 1, parse_posts(table))
    w = open_window(staff, "boss", qtbot)
    page = accounts_page(w, qtbot)
    assert column(page, 6) == ["", "前台综合受理 B、咨询导办 A", "前台综合受理 A"]
