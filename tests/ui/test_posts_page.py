"""The 岗位分工 screen, driven through its real widgets: a window without a published table
says so; with one, each post's members, who holds it that day, its items with their depths
and its work standards; marking an account absent shows its B covering, a refused mark
changes nothing, 到岗 ends the absence; the printed 分工表 saved as a PDF."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from app.core.posts import parse_posts
from app.services.posts import store_published
from tests.conftest import PASSWORD

from .conftest import settle
from .screen_fit import SMALL, SMALL_125, WIDE, WIDE_125, all_problems
from .test_supervisor_screens import open_window

DAY = date(2027, 1, 11)
DOC = {
    "format": "counter-posts/1",
    "version": "2027-01",
    "published_at": "2027-01-04T08:30:00+08:00",
    "posts": [
        {
            "code": "QT-ZHSL",
            "name": "前台综合受理",
            "kind": "前台",
            "items": "*",
            "depths": {"*": ["收件", "原件核验", "一次性告知", "受理"], "DEMO-0011": ["收件"]},
            "standards": [{"step": "收件", "text": "核对申请人身份，当场出具收件凭证。"}],
            "members": [{"username": "clerk1", "role": "A"}, {"username": "clerk2", "role": "B"}],
        },
        {
            "code": "ZZ-SD",
            "name": "制证送达",
            "kind": "送达",
            "items": ["DEMO-0009"],
            "depths": {"*": ["结果送达"]},
            "members": [{"username": "clerk2", "role": "A"}, {"username": "clerk1", "role": "C"}],
        },
    ],
}


@pytest.fixture
def centre(window_ctx, dialogs):  # type: ignore[no-untyped-def]
    window_ctx.users.add("boss", "赵值班", "supervisor", PASSWORD)
    window_ctx.users.add("clerk2", "钱窗口", "clerk", PASSWORD)
    return window_ctx


def absences(ctx):  # type: ignore[no-untyped-def]
    from app.services.posts import PostService

    return PostService(ctx.store, ctx.users).absences()


def publish(ctx) -> None:  # type: ignore[no-untyped-def]
    with ctx.store.write() as s:
        store_published(s, 3, parse_posts(DOC))


def posts_page(w, qtbot):  # type: ignore[no-untyped-def]
    from app.ui.posts_page import PostsPage

    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w, Qt.Key.Key_F8, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    page = w.stack.currentWidget()
    assert isinstance(page, PostsPage) and w.nav_buttons["posts"].isChecked()
    return page


def cells(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_a_window_without_a_published_table_says_so(centre, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = open_window(centre, "boss", qtbot, today=DAY)
    page = posts_page(w, qtbot)
    assert page.model.rowCount() == 0
    assert "还没有收到中心发布的岗位职责分工表" in page.info.text()
    assert not page.save_button.isEnabled() and not page.absent_button.isEnabled()


def test_the_posts_their_members_depths_and_standards(centre, qtbot) -> None:  # type: ignore[no-untyped-def]
    publish(centre)
    w = open_window(centre, "clerk1", qtbot, today=DAY)
    assert "posts" not in w.nav_buttons  # a clerk has no such screen
    w = open_window(centre, "boss", qtbot, today=DAY)
    page = posts_page(w, qtbot)
    assert "2027-01" in page.info.text() and "2027-01-04" in page.info.text()
    assert cells(page.model) == [
        ["前台综合受理", "李窗口", "李窗口", "钱窗口"],
        ["制证送达", "钱窗口", "钱窗口", "—"],
    ]
    assert page.heading.text() == "前台综合受理（QT-ZHSL）· 前台"
    assert "李窗口（clerk1）" in page.members.text() and "钱窗口（clerk2）" in page.members.text()
    depths = cells(page.depth_model)
    assert depths[0] == ["其余全部事项", "●", "●", "●", "●", ""]
    assert depths[1][0].startswith("DEMO-0011 ") and depths[1][1:] == ["●", "", "", "", ""]
    assert "核对申请人身份" in page.standards.text()
    page.table.selectRow(1)
    assert cells(page.depth_model)[0][0].startswith("DEMO-0009 ")
    assert cells(page.depth_model)[0][1:] == ["", "", "", "", "●"]
    assert "没有写明" in page.standards.text()


def test_an_absent_a_is_covered_by_its_b_until_back_at_work(
    centre, qtbot, dialogs, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.posts_page import AbsenceDialog

    publish(centre)
    w = open_window(centre, "boss", qtbot, today=DAY)
    page = posts_page(w, qtbot)
    assert not page.present_button.isEnabled()  # nobody is away

    def refused_then_marked(dialog: AbsenceDialog) -> int:
        assert dialog.account.currentData() == "clerk1"  # the chosen post's A
        dialog.end.setDate(QDate(2027, 1, 8))  # before the start: refused, said
        dialog.submit()
        settle(w.session)
        assert dialog.result() == 0 and "早于" in dialog.status.text()
        assert absences(centre) == []
        dialog.end.setDate(QDate(2027, 1, 15))
        dialog.submit()
        settle(w.session)
        return dialog.result()

    monkeypatch.setattr(AbsenceDialog, "exec", refused_then_marked)
    qtbot.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert [(a.username, a.start, a.end, a.by) for a in absences(centre)] == [
        ("clerk1", DAY, date(2027, 1, 15), "boss")
    ]
    rows = cells(page.model)
    assert rows[0][2] == "李窗口（缺岗）" and rows[0][1] == "钱窗口（顶岗）"
    assert rows[1][1] == "钱窗口"  # the A of 制证送达 is in: no cover
    assert cells(page.absence_model) == [["李窗口", "2027-01-11", "2027-01-15", "赵值班"]]
    assert "缺岗" in page.members.text()

    page.day.setDate(QDate(2027, 1, 16))  # after the absence: the A again
    settle(w.session)
    assert cells(page.model)[0][1] == "李窗口" and page.absence_model.rowCount() == 0

    page.day.setDate(QDate(2027, 1, 13))
    settle(w.session)
    page.absences.selectRow(0)
    assert page.present_button.isEnabled()
    dialogs.answers = [True]
    qtbot.keyClick(page.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert [(a.start, a.end) for a in absences(centre)] == [(DAY, date(2027, 1, 12))]
    assert cells(page.model)[0][1] == "李窗口"
    assert "2027-01-13" in page.status.text()


def test_the_table_is_saved_as_a_pdf(centre, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    publish(centre)
    w = open_window(centre, "boss", qtbot, today=DAY)
    page = posts_page(w, qtbot)
    target = tmp_path / "分工表"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF (*.pdf)")
    )
    qtbot.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    pdf = tmp_path / "分工表.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert str(pdf) in page.status.text()


@pytest.mark.parametrize("available", [SMALL, WIDE, SMALL_125, WIDE_125], ids=str)
def test_the_accounts_and_posts_screens_fit_the_usual_screens(centre, qtbot, available) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    publish(centre)
    with centre.store.write() as s:  # every column of the accounts list filled
        from app.models.schema import User

        s.query(User).filter_by(username="clerk2").one().locked_until = datetime.now() + timedelta(
            minutes=5
        )
    w = open_window(centre, "admin", qtbot, today=DAY)
    for key in ("accounts", "posts"):
        w.nav_buttons[key].click()
        settle(w.session)
        w.resize(available)
        QApplication.processEvents()
        problems = all_problems(w, available)
        assert not problems, f"{key}: " + "\n".join(problems)


def test_printing_without_a_printer_says_to_save_the_pdf(centre, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui import printer

    monkeypatch.setattr(printer, "printers_available", lambda: False)
    publish(centre)
    w = open_window(centre, "boss", qtbot, today=DAY)
    page = posts_page(w, qtbot)
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    settle(w.session)
    assert "没有可用的打印机" in page.status.text() and "Ctrl+S" in page.status.text()


@pytest.fixture
def english(qapp):  # type: ignore[no-untyped-def]
    from app.ui.i18n import install_language

    install_language(qapp, "en")
    yield
    install_language(qapp, "zh_CN")


def test_in_english_the_depths_roles_and_kinds_are_english(centre, qtbot, english) -> None:  # type: ignore[no-untyped-def]
    """The depths, the A/B/C roles and the kind of a post are the interface's words; only the
    data (names of people, posts and items, the standards' text) stays as the central wrote it."""
    import re

    from app.core.posts import DEPTHS, KINDS, ROLES
    from app.ui.labels import depth_labels, post_kind_labels, post_role_labels

    assert tuple(depth_labels()) == DEPTHS and set(post_role_labels()) == set(ROLES)
    assert tuple(post_kind_labels()) == KINDS

    cjk = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    publish(centre)
    with centre.store.write() as s:
        from app.models.schema import User

        s.query(User).filter_by(username="clerk2").one().origin = "central"
    w = open_window(centre, "admin", qtbot, today=DAY)
    page = posts_page(w, qtbot)
    heads = [page.depth_model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert heads == [
        "Item",
        "Receive",
        "Check\noriginals",
        "One-time\nnotice",
        "Accept",
        "Deliver\nresult",
    ]
    assert page.heading.text() == "前台综合受理 (QT-ZHSL) · Front desk"
    members = page.members.text()
    assert "A (lead): 李窗口 (clerk1)" in members
    assert "B (covers when the A is away): 钱窗口 (clerk2)" in members
    assert "<b>Receive</b>: 核对申请人身份" in page.standards.text()
    page.table.selectRow(1)
    assert page.heading.text().endswith("· Delivery")
    assert (
        "C (reserve, covers when the A and the B are away): 李窗口 (clerk1)" in page.members.text()
    )
    assert not cjk.search(re.sub(r"<[^>]+>|李窗口|钱窗口", "", page.members.text()))

    from .test_accounts_page import accounts_page, column

    page = accounts_page(w, qtbot)
    origins = dict(zip(column(page, 0), column(page, 4), strict=True))
    assert origins["clerk2"] == "Central" and origins["clerk1"] == "Local"
    held = dict(zip(column(page, 0), column(page, 6), strict=True))
    assert held["clerk1"] == "前台综合受理 A, 制证送达 C"


@pytest.mark.parametrize("available", [SMALL_125, WIDE_125], ids=str)
def test_in_english_the_accounts_and_posts_screens_fit(centre, qtbot, english, available) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    publish(centre)
    w = open_window(centre, "admin", qtbot, today=DAY)
    for key in ("accounts", "posts"):
        w.nav_buttons[key].click()
        settle(w.session)
        for _ in range(2):  # the first resize from the wide default narrows the navigation,
            w.resize(available)  # and the window settles at the second (as a window
            QApplication.processEvents()  # manager's placing does)
        problems = all_problems(w, available)
        assert not problems, f"{key}: " + "\n".join(problems)
