"""The supervisor's and the administrator's screens, driven through their real widgets: the
navigation a role sees, the rectification list (enter, take, measure, call back, appeal), the
overdue notice on home, the reports with their rendered pages, the archive, the catalog
versions and the conflicts list."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt

from app.core import tickets as tk
from app.services.tickets import TicketService
from tests.conftest import PASSWORD

from .conftest import settle


def open_window(ctx, username: str, qtbot, today: date | None = None):  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow
    from app.ui.session import Session
    from app.ui.worker import Worker

    session = Session.open(ctx, ctx.users.get(username), Worker("db", 1), Worker("print", 1))
    if today is not None:
        session.today = lambda: today
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    w.start()
    settle(session)
    return w


@pytest.fixture
def boss(window_ctx, dialogs):  # type: ignore[no-untyped-def]
    window_ctx.users.add("boss", "赵值班", "supervisor", PASSWORD)
    return window_ctx


def nav(w) -> list[str]:  # type: ignore[no-untyped-def]
    return [k for k, b in w.nav_buttons.items() if b.isVisible()]


def test_a_role_decides_the_navigation(boss, qtbot) -> None:  # type: ignore[no-untyped-def]
    clerk = open_window(boss, "clerk1", qtbot)
    assert nav(clerk) == ["home", "intake", "consultation", "checklists", "complaint"]
    supervisor = open_window(boss, "boss", qtbot)
    assert nav(supervisor)[5:] == ["tickets", "reports", "archive", "accounts", "posts"]
    admin = open_window(boss, "admin", qtbot)
    assert nav(admin)[5:] == ["tickets", "reports", "archive", "versions", "accounts", "posts"]
    with boss.store.write() as s:  # a window that syncs with the county lists conflicts too
        from app.services.settings import Settings

        Settings.central_url.set(s, "postgresql://county.example/counter")
    synced = open_window(boss, "admin", qtbot)
    assert nav(synced)[-1] == "conflicts"


def test_enter_a_referral_take_it_and_record_the_measure(boss, qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.ui.tickets_page import NewTicketDialog, TicketsPage

    w = open_window(boss, "boss", qtbot, today=date(2026, 9, 28))
    qtbot.keyClick(w, Qt.Key.Key_F10)
    settle(w.session)
    page = w.stack.currentWidget()
    assert isinstance(page, TicketsPage) and w.nav_buttons["tickets"].isChecked()
    assert page.model.rowCount() == 0

    dialog = NewTicketDialog(w.session, page)
    dialog.source.setCurrentIndex(dialog.source.findData("hotline"))
    assert dialog.referral_no.isVisibleTo(dialog) and not dialog.contact.isVisibleTo(dialog)
    dialog.summary.setPlainText("来电反映办理居住证被要求提供清单外证明")
    dialog.reply_by.setDate(QDate(2026, 10, 9))
    dialog.submit()
    settle(w.session)
    assert dialog.created is None and "转办单号" in dialog.status.text()  # refused, said why
    dialog.referral_no.setText("GD20260928-0113")
    dialog.submit()
    settle(w.session)
    assert dialog.created is not None, dialog.status.text()
    assert dialog.created.due == date(2026, 10, 9)

    page.refresh()
    settle(w.session)
    assert page.model.rowCount() == 1 and page.current is not None
    assert page.model.index(0, 2).data() == "12345转办"
    visible = [k for k, b in page.buttons.items() if b.isVisibleTo(page)]
    assert visible == ["take", "classify", "appeal"] or visible == ["take", "classify"]
    qtbot.mouseClick(page.buttons["take"], Qt.MouseButton.LeftButton)
    settle(w.session)
    assert page.current.state == "taken" and page.current.responsible == "boss"

    # The measure without text is refused with the reason, and nothing is recorded.
    page.category.setCurrentIndex(page.category.findData("extra_material"))
    qtbot.mouseClick(page.buttons["fix"], Qt.MouseButton.LeftButton)
    settle(w.session)
    assert "整改措施" in page.status.text()
    assert TicketService(boss).get(page.current.id).state == "taken"
    page.text.setPlainText("组织窗口人员学习材料清单，清单外材料一律不得要求")
    qtbot.mouseClick(page.buttons["fix"], Qt.MouseButton.LeftButton)
    settle(w.session)
    stored = TicketService(boss).get(page.current.id)
    assert (stored.state, stored.category) == ("fixed", "extra_material")
    assert not page.buttons["close"].isVisibleTo(page)  # a referral is answered first
    qtbot.mouseClick(page.buttons["dissatisfied"], Qt.MouseButton.LeftButton)
    settle(w.session)
    assert page.model.index(0, 1).data() == "整改中（第2次）"
    assert "回访" in page.history.text() and "不满意" in page.history.text()


def test_appeal_is_decided_by_the_administrator_not_the_supervisor(boss, qtbot) -> None:  # type: ignore[no-untyped-def]
    service = TicketService(boss)
    t = service.open("boss", "spot_check", "窗口桌面摆放私人物品", now=datetime(2026, 9, 28, 10))
    service.act(t.id, tk.Act("take", "boss"))
    w = open_window(boss, "boss", qtbot, today=date(2026, 9, 28))
    w.nav_buttons["tickets"].click()
    settle(w.session)
    page = w.stack.currentWidget()
    page.text.setPlainText("抽查时该物品为办事群众遗留")
    qtbot.mouseClick(page.buttons["appeal"], Qt.MouseButton.LeftButton)
    settle(w.session)
    assert page.current.state == "appealed"
    assert not page.buttons["upheld"].isVisibleTo(page)  # the supervisor may not decide
    admin = open_window(boss, "admin", qtbot, today=date(2026, 9, 29))
    admin.nav_buttons["tickets"].click()
    settle(admin.session)
    apage = admin.stack.currentWidget()
    assert apage.buttons["upheld"].isVisibleTo(apage)
    qtbot.mouseClick(apage.buttons["upheld"], Qt.MouseButton.LeftButton)
    settle(admin.session)
    assert service.get(t.id).resolution == "appeal_upheld"
    assert apage.model.rowCount() == 0  # closed: only with 显示已销单
    apage.show_closed.setChecked(True)
    settle(admin.session)
    assert apage.model.rowCount() == 1


def test_home_shows_overdue_tickets(boss, qtbot) -> None:  # type: ignore[no-untyped-def]
    TicketService(boss).open("boss", "spot_check", "叫号器故障未报修", now=datetime(2026, 9, 28, 9))
    quiet = open_window(boss, "clerk1", qtbot, today=date(2026, 9, 29))
    assert not quiet.home.tickets_warning.isVisible()
    late = open_window(boss, "clerk1", qtbot, today=date(2026, 10, 12))
    assert late.home.tickets_warning.isVisible()
    text = late.home.tickets_warning.text()
    assert "1" in text and "叫号器故障未报修" in text and "2026-10-10" in text


@pytest.fixture(scope="module")
def month_ctx(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A month of real work (tests/services/month.py), its ended cases filed."""
    from app.bootstrap import open_context
    from app.core.figures import month_period
    from app.services.archive import ArchiveService
    from tests.services.conftest import month_window

    home, made = month_window(tmp_path_factory.mktemp("month-ui") / "home")
    ctx = open_context(home)
    ArchiveService(ctx).file_period(month_period(2026, 11), "boss", now=datetime(2026, 12, 1, 9))
    yield ctx, made
    ctx.close()


def test_reports_show_the_figures_and_the_rendered_pages(month_ctx, qtbot, dialogs) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = month_ctx
    w = open_window(ctx, "boss", qtbot, today=date(2026, 11, 30))
    qtbot.keyClick(w, Qt.Key.Key_F11)
    settle(w.session)
    page = w.stack.currentWidget()
    assert page.objectName() == "reportsPage"
    page.kind.setCurrentIndex(page.kind.findData("monthly"))
    qtbot.keyClick(page.kind, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert "2026-11 月报" in page.heading.text()
    assert "跑一次率" in page.figures.text() and "按时办结率" in page.figures.text()
    pages = [page.findChild(type(page.heading), f"reportPage{n}") for n in (1, 2)]
    assert all(p is not None and p.pixmap().width() >= 420 for p in pages)
    assert page.pdf is not None and page.pdf.startswith(b"%PDF")


def test_archive_lists_the_month_and_finds_by_case_and_id(month_ctx, qtbot, dialogs) -> None:  # type: ignore[no-untyped-def]
    from tests.services.month import APPLICANTS

    ctx, made = month_ctx
    w = open_window(ctx, "boss", qtbot, today=date(2026, 11, 30))
    w.nav_buttons["archive"].click()
    settle(w.session)
    page = w.stack.currentWidget()
    page.month.setDate(QDate(2026, 11, 1))
    qtbot.keyClick(page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    listed = {page.model.rows[r][1] for r in range(page.model.rowCount())}
    assert listed and listed <= set(made.ended) | set(made.cases)
    case_no = page.model.rows[0][1]
    page.case_no.setText(case_no)
    qtbot.keyClick(page.case_no, Qt.Key.Key_Return)
    settle(w.session)
    assert [r[1] for r in page.model.rows] == [case_no]
    masked = page.model.rows[0][4]
    assert "*" in masked  # a supervisor sees the ID masked
    page.case_no.clear()
    page.id_number.setText(APPLICANTS[0].id_number)
    qtbot.keyClick(page.id_number, Qt.Key.Key_Return)
    settle(w.session)
    assert page.model.rowCount() >= 1
    assert all(r[3] == APPLICANTS[0].name for r in page.model.rows)


def test_catalog_versions_compare_a_file_before_it_takes_effect(boss, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.core import catalog_format

    current = boss.catalog.export()
    doc = catalog_format.dump_catalog(current)
    first = doc["items"][0]
    first["promised_days"] = (first.get("promised_days") or 10) + 1
    dropped = doc["items"].pop()
    path = tmp_path / "next.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    versions_before = len(boss.catalog.versions())

    w = open_window(boss, "admin", qtbot)
    qtbot.keyClick(w, Qt.Key.Key_F6, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    page = w.stack.currentWidget()
    assert page.objectName() == "catalogVersionsPage" and page.model.rowCount() == versions_before
    page.preview_file(path)
    settle(w.session)
    shown = page.diff.toPlainText()
    assert "承诺办结时限" in shown and dropped["name"] in shown
    assert len(boss.catalog.versions()) == versions_before  # nothing imported by looking
    assert page.import_button.isVisibleTo(page)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    settle(w.session)
    assert len(boss.catalog.versions()) == versions_before + 1
    assert page.model.rowCount() == versions_before + 1
    assert "承诺办结时限" in page.diff.toPlainText()  # the new version against the one before


def test_catalog_versions_speak_the_interface_language(boss, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.core import catalog_format
    from app.ui import i18n

    doc = catalog_format.dump_catalog(boss.catalog.export())
    first = doc["items"][0]
    first["promised_days"] = (first.get("promised_days") or 10) + 1
    path = tmp_path / "next.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(i18n, "current", lambda: "en")
    w = open_window(boss, "admin", qtbot)
    qtbot.keyClick(w, Qt.Key.Key_F6, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    page = w.stack.currentWidget()
    page.preview_file(path)
    settle(w.session)
    shown = page.diff.toPlainText()
    assert "Promised time limit:" in shown and "承诺办结时限" not in shown
    assert first["name"] in shown  # the catalog's own name, as it is


def test_conflicts_list_and_opening_a_case(boss, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.services import centre_cases

    rows = [
        {
            "case_no": "C3301-W03-20260928-MG-0001",
            "kind": "pickup_twice",
            "window": "C3301/W01",
            "at": "2026-09-28T10:15:00.000+08:00",
            "rule": "结果已由先登记的窗口送达",
        }
    ]
    monkeypatch.setattr(centre_cases, "conflicts", lambda _ctx: rows)
    with boss.store.write() as s:
        from app.services.settings import Settings

        Settings.central_url.set(s, "postgresql://county.example/counter")
    w = open_window(boss, "boss", qtbot)
    qtbot.keyClick(w, Qt.Key.Key_F12, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    page = w.stack.currentWidget()
    assert page.objectName() == "conflictsPage"
    assert page.model.rows[0][:3] == ("C3301-W03-20260928-MG-0001", "重复领取", "C3301/W01")
    opened: list[str] = []
    monkeypatch.setattr(w, "open_case", opened.append)
    page.open_case.disconnect()
    page.open_case.connect(w.open_case)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == ["C3301-W03-20260928-MG-0001"]


def test_the_tickets_page_opens_no_window_of_its_own(boss, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The acts' buttons are shown and hidden as a ticket's state allows: none may flash up as
    a top-level window (one shown before it had a parent), which would take the focus away."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    service = TicketService(boss)
    first = service.open("boss", "spot_check", "窗口桌面摆放私人物品", now=datetime(2026, 9, 28, 9))
    service.act(first.id, tk.Act("take", "boss"))
    service.open("boss", "spot_check", "叫号器故障未报修", now=datetime(2026, 9, 28, 10))

    class Windows(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.shown: list[str] = []

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Show
                and isinstance(obj, QWidget)
                and obj.isWindow()
                and obj.objectName() != "mainWindow"
            ):
                self.shown.append(f"{type(obj).__name__} {obj.objectName()}")
            return False

    w = open_window(boss, "boss", qtbot, today=date(2026, 9, 28))
    # Windows of earlier tests (e.g. their applicants' review windows) may still be open.
    before = {id(t) for t in QApplication.topLevelWidgets() if t.isVisible()}
    windows = Windows()
    app = QApplication.instance()
    app.installEventFilter(windows)
    try:
        qtbot.keyClick(w, Qt.Key.Key_F10)
        settle(w.session)
        page = w.stack.currentWidget()
        assert page.model.rowCount() == 2
        for row in (1, 0, 1):  # a taken ticket and a new one: different acts shown
            page.table.selectRow(row)
            settle(w.session)
        qtbot.mouseClick(page.buttons["take"], Qt.MouseButton.LeftButton)
        settle(w.session)
        page.show_closed.setChecked(True)
        settle(w.session)
    finally:
        app.removeEventFilter(windows)
    assert windows.shown == []
    others = [
        t
        for t in QApplication.topLevelWidgets()
        if t.isVisible() and t is not w and id(t) not in before
    ]
    assert others == [], others
    assert all(b.window() is w for b in page.buttons.values())
