"""Practice mode (练习模式): a new clerk on the real screens with the real catalog, on a store of
their own; the window's real records stay as they were, nothing is synced, every slip says 练习.

The window is started as a clerk starts it (``app.ui.main.run``, the real log-in), and the
intake is driven with key events."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from app.core.errors import CounterError
from app.services.practice import practice_home, set_practice
from app.ui import main as ui_main
from tests.ui.conftest import CLERK, PASSWORD, settle
from tests.ui.test_first_day import recorded_to_review
from tests.ui.test_intake_wizard import review


def dump(ctx) -> dict[str, list[str]]:
    """Every row of every table of a store, read through the store's own connection."""
    raw = ctx.store.engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor()
        tables = [r[0] for r in cur.execute("select name from sqlite_master where type='table'")]
        return {t: sorted(map(repr, cur.execute(f'select * from "{t}"'))) for t in tables}
    finally:
        raw.close()


def pdf_text(path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def log_in(home, qtbot):
    window = ui_main.run(home, "zh_CN", credentials=(CLERK, PASSWORD))
    assert window is not None
    qtbot.addWidget(window)
    settle(window.session)
    return window


@pytest.fixture
def practising(window_ctx):
    set_practice(window_ctx.store, CLERK, True)
    return window_ctx


def test_a_practice_account_enters_a_window_that_says_so_on_the_practice_store(
    practising, qtbot, dialogs
):
    window = log_in(practising.home, qtbot)
    ctx = window.session.ctx
    assert ctx.practice and ctx.home.root == practice_home(practising.home).root
    banner = window.practice_banner
    assert banner is not None and banner.isVisible()
    assert banner.findChild(type(window.busy), "practiceTitle").text() == "练习模式"
    assert "练习" in window.windowTitle()
    assert window.findChild(type(window.busy), "practiceSync").text() == "练习模式：不同步"
    assert not window.findChild(type(window.nav_buttons["home"]), "nav_settings").isEnabled()
    assert window.background_sync is None  # nothing is ever pushed from a practice store
    # The real window's catalog, holidays and identity; never its central database.
    assert [i.code for i in ctx.catalog.items()] == [i.code for i in practising.catalog.items()]
    assert ctx.calendar.covered_years() == practising.calendar.covered_years()
    window_settings = ctx.window()
    assert window_settings.window_code == "W03" and window_settings.practice_store
    assert window_settings.central_url is None
    assert dialogs.errors == []
    window.close()
    window.session.close()


def test_an_intake_in_practice_leaves_the_real_records_as_they_were(practising, qtbot, dialogs):
    before = dump(practising)
    window = log_in(practising.home, qtbot)
    wizard = recorded_to_review(qtbot, window)
    case_no = wizard.result.case_no
    review(qtbot, wizard, 5)
    settle(window.session)
    practice = window.session.ctx
    assert practice.cases.case(case_no).outcome == "accept"
    slips = practice.slips.documents(case_no)
    assert slips and all(p.is_relative_to(practice.home.root) for p in slips)
    text = pdf_text(slips[0])
    assert "【练习】本单据由练习模式打印，不是正式文书" in text and case_no in text
    window.close()
    window.session.close()
    assert dump(practising) == before  # not a row more in the real store
    assert not any(practising.home.cases.iterdir())
    with pytest.raises(CounterError):
        practising.cases.case(case_no)


def test_the_next_practice_start_brings_the_real_window_s_changes(practising, qtbot, dialogs):
    window = log_in(practising.home, qtbot)
    window.close()
    window.session.close()
    from datetime import date

    practising.calendar.set_day(date(2031, 5, 6), False, "县里调休")
    window = log_in(practising.home, qtbot)
    rows = window.session.ctx.calendar.rows(2031)
    assert [(r.day, r.workday) for r in rows] == [(date(2031, 5, 6), False)]
    window.close()
    window.session.close()


def test_a_clerk_not_in_practice_works_on_the_real_records(window_ctx, qtbot, dialogs):
    window = log_in(window_ctx.home, qtbot)
    assert window.practice_banner is None and "练习" not in window.windowTitle()
    assert not window.session.ctx.practice
    assert window.session.ctx.home.root == window_ctx.home.root
    window.close()
    window.session.close()


def test_a_practice_window_handed_the_real_records_refuses_them(practising, qtbot, dialogs):
    """Whatever goes wrong in the start-up, a practising clerk never works on the real store."""
    from app.ui.main_window import MainWindow
    from app.ui.session import Session
    from app.ui.worker import Worker

    session = Session.before_store(
        practising.home,
        practising.users.get(CLERK),
        Worker("db", 1),
        Worker("print", 1),
        practising.window(),
    )
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.attach(practising)
    assert session.ctx is None and not window.isVisible()
    assert dialogs.errors and "练习" in dialogs.errors[0]


def test_ending_practice_asks_with_no_as_the_default_then_closes(practising, qtbot, dialogs):
    window = log_in(practising.home, qtbot)
    dialogs.answers = [False]
    window.practice_banner.end_button.click()
    assert window.isVisible() and dialogs.defaults == [False]
    assert "管理员" in dialogs.asked[0]
    dialogs.answers = [True]
    window.practice_banner.end_button.click()
    assert not window.isVisible()
    window.session.close()


def test_an_administrator_turns_practice_on_and_off(window_ctx, cli, monkeypatch):
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    code, out, _ = cli("user", "practice", CLERK, "on", "--by", "admin")
    assert code == 0 and "练习模式" in out
    assert "练习模式" in cli("user", "list")[1].splitlines()[1]
    code, _, err = cli("user", "practice", "admin", "on", "--by", "admin")
    assert code != 0 and "管理员账号，不能设为练习模式" in err
    code, out, _ = cli("user", "practice", CLERK, "off", "--by", "admin")
    assert code == 0 and "正式办理" in out
    assert "练习" not in cli("user", "list")[1]
    code, _, err = cli("user", "practice", CLERK, "on", "--by", CLERK)
    assert code != 0  # a clerk cannot put anyone in practice


def test_a_practice_slip_on_the_roll_still_scans(practising, qtbot, dialogs):
    """The 练习 mark keeps clear of the barcode: a practice supplement visit opens the case by
    scanning it, as a real one does."""
    from app.services.settings import Settings
    from app.ui import printer
    from tests.ui.test_printing import THERMAL_DPI, as_thermal_head, code128, to_pil

    with practising.store.write() as s:
        Settings.print_layout.set(s, "roll80")
    window = log_in(practising.home, qtbot)
    wizard = recorded_to_review(qtbot, window)
    case_no = wizard.result.case_no
    [slip] = window.session.ctx.slips.documents(case_no)
    pages = [as_thermal_head(to_pil(image)) for image in printer.page_images(slip, THERMAL_DPI)]
    assert code128(pages[0]) == [case_no]
    assert "练习" in pdf_text(slip)
    window.close()
    window.session.close()


def test_a_new_clerk_is_added_in_practice_mode(window_ctx, cli, monkeypatch):
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", "Xin-ren-2026")
    code, out, _ = cli("user", "add", "xinren", "--name", "新人", "--practice", "--by", "admin")
    assert code == 0 and "已进入练习模式" in out
    assert "练习模式" in next(
        line for line in cli("user", "list")[1].splitlines() if "xinren" in line
    )
    code, _, err = cli(
        "user", "add", "boss", "--name", "管", "--role", "admin", "--practice", "--by", "admin"
    )
    assert code != 0 and "管理员账号不能设为练习模式" in err
    assert "boss" not in cli("user", "list")[1]  # refused before anything was added
