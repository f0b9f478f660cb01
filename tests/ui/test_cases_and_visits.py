"""Other work at the window: scanned cases, pickups, consultations, complaints, checklists,
home numbers and deadline colours, and resuming an intake after a crash."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.core.cases import IntakeRequest
from app.core.checklist import Verdict
from app.core.parties import Party
from app.ui import theme
from tests.stores import spooled
from tests.ui.conftest import resident_id, settle
from tests.ui.driver import count, key, records, type_text

PERSON = Party("person", "刘䶮", "resident_id", resident_id("33010219880101301"), "13700003333")


def accepted_case(ctx, code="LOCAL-0004", now=None):
    item = ctx.catalog.item(code)
    answers = {q.id: [q.options[0].id] for q in item.questions}
    pv = ctx.visits.preview(code, answers, {})
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    return ctx.visits.submit(IntakeRequest("clerk1", code, PERSON, answers, verdicts), now=now)


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_a_scanner_burst_opens_the_case_from_any_field(main_window, window_ctx, qtbot, dialogs):
    case_no = accepted_case(window_ctx).case_no
    clock = FakeClock()
    qtbot.keyClick(main_window, Qt.Key.Key_F3)
    settle(main_window.session)
    field = main_window.wizard.pages[0].applicant.name
    field.setFocus()
    # The clerk types a name slowly; the scanner then types a case number in 3 ms a key.
    main_window.scanner.clock = clock
    # Keys arrive as from the keyboard: at the native window, which hands them to the field.
    native = main_window.windowHandle()
    for ch in "abc":
        clock.t += 300
        qtbot.keyClick(native, ch)
    clock.t += 800  # the clerk reaches for the scanner
    for ch in case_no:
        qtbot.keyClick(native, ch)
        clock.t += 3
    qtbot.keyClick(native, Qt.Key.Key_Return)
    settle(main_window.session)
    assert field.text() == "abc"  # the scanned characters were taken back out
    page = main_window.stack.currentWidget()
    assert page.objectName() == "casePage" and page.case.case_no == case_no


def test_slow_typing_then_enter_is_not_a_scan(main_window, window_ctx, qtbot):
    case_no = accepted_case(window_ctx).case_no
    clock = FakeClock()
    main_window.scanner.clock = clock
    main_window.home.today_view.setFocus()
    native = main_window.windowHandle()
    for ch in case_no:
        clock.t += 200
        qtbot.keyClick(native, ch)
    qtbot.keyClick(native, Qt.Key.Key_Return)
    settle(main_window.session)
    assert main_window.stack.currentWidget() is main_window.home


def test_pickup_by_an_agent_of_a_scanned_case(main_window, window_ctx, qtbot, dialogs):
    ctx = window_ctx
    res = accepted_case(ctx, "DEMO-0019")
    ctx.case_state.set_state(res.case_no, "result_ready", "clerk1")
    main_window.go_home()
    settle(main_window.session)
    assert [r.case_no for r in main_window.home.pickup_model.rows] == [res.case_no]
    type_text(qtbot, main_window.lookup, res.case_no)
    key(qtbot, main_window.lookup, Qt.Key.Key_Return)
    settle(main_window.session)
    page = main_window.stack.currentWidget()
    assert page.pickup_box.isVisible() and not page.supplement_button.isVisible()
    qtbot.mouseClick(page.by_agent, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    type_text(qtbot, page.collector.name, "王𪚥")
    type_text(qtbot, page.collector.id_number, resident_id("33010219771111401"))
    qtbot.mouseClick(page.pickup_button, Qt.MouseButton.LeftButton)
    settle(main_window.session)
    assert not dialogs.errors and not page.pickup_error.text()
    case = ctx.cases.case(res.case_no)
    assert case.state == "delivered" and case.visits == 2
    pickup = records(ctx, "pickup")[0]
    assert pickup["by_agent"] is True and pickup["collector"]["name"] == "王𪚥"
    # The review window opened for the pickup visit.
    window = page.review.review_window
    qtbot.mouseClick(
        window.findChild(type(window.submit_button), "level5"), Qt.MouseButton.LeftButton
    )
    settle(main_window.session)
    assert page.review.done_level == 5
    assert records(ctx, "review")[0]["case_no"] == res.case_no


def test_consultation_is_recorded_and_reviewed(main_window, window_ctx, qtbot, dialogs):
    qtbot.keyClick(main_window, Qt.Key.Key_F4)
    settle(main_window.session)
    page = main_window.stack.currentWidget()
    assert page.objectName() == "consultationPage"
    type_text(qtbot, page.browser.picker.field, "残疾人证新办")
    qtbot.keyClick(page.browser.picker.field, Qt.Key.Key_Return)  # Enter shows it at once
    settle(main_window.session)
    assert page.browser.item is not None and page.browser.item.code == "DEMO-0019"
    assert "易错提醒" in page.browser.view.toPlainText()
    type_text(qtbot, page.question, "办残疾证要多久")
    type_text(qtbot, page.answer, "评定后20个工作日")
    qtbot.keyClick(page.answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    rec = records(window_ctx, "consultation")
    assert len(rec) == 1 and rec[0]["item_code"] == "DEMO-0019"
    assert rec[0]["question"] == "办残疾证要多久" and rec[0]["answer"] == "评定后20个工作日"
    window = page.review.review_window
    qtbot.mouseClick(
        window.findChild(type(window.submit_button), "level1"), Qt.MouseButton.LeftButton
    )
    submit = window.submit_button
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert window.error.text()  # a 1 needs a reason
    qtbot.mouseClick(window.quick[1], Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    settle(main_window.session)
    review = records(window_ctx, "review")[0]
    assert review["level"] == 1 and review["reason"] and review["channel"] == "dialog"
    assert len(window_ctx.feedback.tickets()) == 1


def test_complaint_opens_a_ticket(main_window, window_ctx, qtbot, dialogs):
    qtbot.keyClick(main_window, Qt.Key.Key_F7)
    page = main_window.stack.currentWidget()
    assert page.objectName() == "complaintPage"
    type_text(qtbot, page.text, "社保卡补办要跑两个部门，希望一窗办结")
    type_text(qtbot, page.name, "陈静")
    qtbot.keyClick(page.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    tickets = window_ctx.feedback.tickets()
    assert len(tickets) == 1 and tickets[0].source == "complaint"
    assert records(window_ctx, "complaint")[0]["applicant"] == {"name": "陈静"}


def test_checklist_browser_finds_by_pinyin_initials(main_window, qtbot):
    qtbot.keyClick(main_window, Qt.Key.Key_F6)
    settle(main_window.session)
    browser = main_window.stack.currentWidget().browser
    type_text(qtbot, browser.picker.field, "ydjy")  # 异地就医备案
    qtbot.keyClick(browser.picker.field, Qt.Key.Key_Return)
    settle(main_window.session)
    assert browser.picker.current_code() == "DEMO-0006"
    assert "异地就医备案" in browser.view.toPlainText()


def test_home_counts_and_deadline_colours(main_window, window_ctx, qtbot, monkeypatch):
    ctx = window_ctx
    now = datetime.now()
    monkeypatch.setattr(main_window.session, "today", lambda: now.date())  # even past midnight
    accepted_case(ctx, "LOCAL-0004", now=now)  # 即办: due today -> near
    old = accepted_case(ctx, "LOCAL-0001", now=now - timedelta(days=30))
    ctx.case_state.set_state(old.case_no, "transferred", "clerk1")  # touched today, overdue
    main_window.go_home()
    settle(main_window.session)
    home = main_window.home
    assert home.cards["accept"].value.text() == "1"
    rows = {r.case_no: r for r in home.today_model.rows}
    assert rows[old.case_no].due_status == "overdue"
    model = home.today_model
    row = [r.case_no for r in model.rows].index(old.case_no)
    brush = model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == theme.OVERDUE_BG
    near = next(r for r in model.rows if r.case_no != old.case_no)
    assert near.due_status == "near"


def test_an_untouched_overdue_case_from_an_earlier_day_is_listed(main_window, window_ctx):
    ctx = window_ctx
    old = accepted_case(ctx, "LOCAL-0001", now=datetime.now() - timedelta(days=30))
    slow = next(
        i.code
        for i in ctx.catalog.items()
        if 10 <= (ctx.catalog.item(i.code).promised_days or 0) <= 20
    )
    fine = accepted_case(ctx, slow, now=datetime.now() - timedelta(days=1))
    main_window.go_home()
    settle(main_window.session)
    rows = {r.case_no: r for r in main_window.home.today_model.rows}
    assert rows[old.case_no].due_status == "overdue"
    assert fine.case_no not in rows  # running on time, from another day: not today's work


def test_home_warns_of_a_missing_holiday_schedule_before_it_is_needed(
    main_window, window_ctx, monkeypatch
):
    """The home page says when next year's holiday schedule is missing (promised dates reaching
    it are provisional), as soon as the longest time limit of the catalog reaches that year,
    says it more urgently once the year has begun, and says nothing once the schedule is
    there."""
    home, session = main_window.home, main_window.session
    covered = date.today().year + 1  # the test window has tables up to next year
    warning = home.holidays_warning

    def at(day: date) -> None:
        monkeypatch.setattr(session, "today", lambda: day)
        main_window.go_home()
        settle(session)

    at(date(covered, 6, 30))
    assert warning.isHidden()
    at(date(covered, 9, 25))  # the demo catalog's 60-working-day items reach next year now
    assert not warning.isHidden()
    at(date(covered, 11, 23))
    assert (
        not warning.isHidden()
        and f"{covered + 1}年的节假日安排尚未发布或尚未导入" in warning.text()
    )
    assert f"承诺办结日期在{covered + 1}年的" in warning.text()  # what is estimated, and when
    assert "暂定" in warning.text()
    at(date(covered + 1, 1, 4))
    assert "承诺办结日期按法定节假日计算，为暂定日期" in warning.text()  # the year has begun
    window_ctx.calendar.replace_years([], [covered + 1])  # the county's table arrives
    at(date(covered + 1, 1, 4))
    assert warning.isHidden()


def test_an_unfinished_intake_is_offered_after_a_crash(session, qtbot, dialogs):
    from app.ui.main_window import MainWindow

    first = MainWindow(session)
    qtbot.addWidget(first)
    first.show()
    first.start()
    settle(session)
    first.new_intake()
    settle(session)
    wizard = first.wizard
    page = wizard.stack.currentWidget()
    type_text(qtbot, page.applicant.name, "张𠈌")
    type_text(qtbot, page.applicant.id_number, resident_id("11010519491231002"))
    qtbot.keyClick(page.applicant.phone, Qt.Key.Key_Return)  # Enter on the last field: next step
    settle(session)
    assert wizard.stack.currentWidget().step_id == "item"
    assert count(session.ctx, "drafts") == 1
    # The app dies here: no close event, nothing else saved. Next start:
    second = MainWindow(session)
    qtbot.addWidget(second)
    second.show()
    dialogs.answers = [True]
    second.offer_resume()
    settle(session)
    assert dialogs.asked and "张𠈌" in dialogs.asked[0]
    resumed = second.wizard
    assert resumed is not None and resumed.stack.currentWidget().step_id == "item"
    assert resumed.state.applicant["name"] == "张𠈌"
    resumed.previous_step()
    assert resumed.stack.currentWidget().applicant.id_number.text() == resident_id(
        "11010519491231002"
    )


def open_by_typing(qtbot, main_window, case_no):
    type_text(qtbot, main_window.lookup, case_no)
    key(qtbot, main_window.lookup, Qt.Key.Key_Return)
    settle(main_window.session)
    page = main_window.stack.currentWidget()
    assert page.objectName() == "casePage" and page.case.case_no == case_no
    return page


def test_transfer_result_and_pickup_from_the_case_page(main_window, window_ctx, qtbot, dialogs):
    """材料流转 and 结果到件 by their keys, then the applicant collects the result."""
    ctx = window_ctx
    case_no = accepted_case(ctx, "DEMO-0019").case_no
    page = open_by_typing(qtbot, main_window, case_no)
    assert page.office_box.isVisible() and not page.pickup_box.isVisible()
    assert page.transfer_button.isEnabled() and page.result_button.isEnabled()
    assert "Ctrl+T" in page.transfer_button.text() and "Ctrl+R" in page.result_button.text()
    assert page.transfer_button.hasFocus()  # the next step, ready for the keyboard

    key(qtbot, page.transfer_button, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    assert not dialogs.errors and not page.office_error.text()
    assert case_no in dialogs.asked[-1]  # confirmed first
    assert ctx.cases.case(case_no).state == "transferred"
    assert (ctx.home.case_dir(case_no) / "transfer-01.pdf").exists()  # kept, sealed
    shown = page.slips.documents[page.slips.list.currentIndex()]
    assert shown == spooled(ctx.home, case_no, "transfer-01.pdf")  # its readable copy, to print
    assert page.title.text().endswith("已流转")
    assert not page.transfer_button.isEnabled() and page.result_button.isEnabled()

    focused = QApplication.focusWidget()
    assert page.isAncestorOf(focused)
    key(qtbot, focused, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    assert not dialogs.errors and len(dialogs.asked) == 2
    assert ctx.cases.case(case_no).state == "result_ready"
    assert page.title.text().endswith("待领取")
    assert page.pickup_box.isVisible() and not page.office_box.isVisible()
    assert page.pickup_button.hasFocus()

    key(qtbot, page.pickup_button, Qt.Key.Key_Space)  # the applicant collects it
    settle(main_window.session)
    assert not dialogs.errors and not page.pickup_error.text()
    case = ctx.cases.case(case_no)
    assert case.state == "delivered" and case.visits == 2
    assert [r["kind"] for r in records(ctx)] == ["intake", "transfer", "case_status", "pickup"]
    assert [r["state"] for r in records(ctx)[1:]] == ["transferred", "result_ready", "delivered"]
    assert [p.name for p in page.slips.documents] == ["pickup-02.pdf"]
    assert page.review.isVisible()


def test_back_office_steps_follow_the_case_state(main_window, window_ctx, qtbot, dialogs):
    ctx = window_ctx
    case_no = accepted_case(ctx).case_no
    page = open_by_typing(qtbot, main_window, case_no)
    dialogs.answers = [False]  # the clerk thinks again
    key(qtbot, page.transfer_button, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    assert dialogs.asked and ctx.cases.case(case_no).state == "accepted"
    # Meanwhile the result was recorded elsewhere: the service refuses, the page says why.
    ctx.case_state.set_state(case_no, "result_ready", "clerk1")
    key(qtbot, page.transfer_button, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    assert "不能改为" in page.office_error.text() and page.office_error.isVisible()
    assert not dialogs.errors and ctx.cases.case(case_no).state == "result_ready"
    assert not (ctx.home.case_dir(case_no) / "transfer-01.pdf").exists()
    # Reopened, it is ready for pickup: no back-office step is left.
    page = open_by_typing(qtbot, main_window, case_no)
    assert not page.office_box.isVisible() and page.pickup_box.isVisible()
    key(qtbot, page.pickup_button, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    assert len(dialogs.asked) == 2  # the shortcut does nothing while the step is not shown
    # A case returned for corrections has nothing to transfer yet.
    item = ctx.catalog.item("LOCAL-0004")
    answers = {q.id: [q.options[0].id] for q in item.questions}
    corr = ctx.visits.submit(IntakeRequest("clerk1", "LOCAL-0004", PERSON, answers, {}))
    assert corr.state == "awaiting_correction"
    page = open_by_typing(qtbot, main_window, corr.case_no)
    assert not page.office_box.isVisible()


def test_a_case_from_another_day_shows_its_date(window_ctx):
    from app.ui.case_table import case_row

    ctx = window_ctx
    old = accepted_case(ctx, "LOCAL-0001", now=datetime(2026, 10, 14, 9, 0))
    row = case_row(ctx.cases.case(old.case_no), date(2026, 11, 23), ctx.calendar.calendar(), 2)
    assert row.time == "10-14"


def test_home_names_the_cases_a_holiday_table_moved(main_window, window_ctx, monkeypatch):
    """Accepted on 2026-12-20 over a 2027 nobody published (provisional), then the 2027 table
    arrives and moves the promised date: the home page names the case, old and new date."""
    from sqlalchemy import delete

    from app.core import workdays
    from app.core.checklist import ACCEPT
    from app.models.schema import Holiday, HolidayYear
    from app.services.calendar import HolidayRow

    ctx, session = window_ctx, main_window.session
    monkeypatch.setattr(workdays, "_package_knows", lambda year: year <= 2026)
    with ctx.store.write() as s:
        s.execute(delete(Holiday))
        s.execute(delete(HolidayYear))
    ctx.calendar.set_day(date(2020, 1, 1), False)  # a new calendar version
    item = ctx.catalog.item("DEMO-0008")  # 20 working days
    answers = {q.id: [q.options[0].id] for q in item.questions}
    pv = ctx.visits.preview(item.code, answers, {})
    ok = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    applicant = Party("person", "张𠈌", "resident_id", resident_id("11010519491231002"))
    res = ctx.visits.submit(
        IntakeRequest("clerk1", item.code, applicant, answers, ok, outcome=ACCEPT),
        now=datetime(2026, 12, 20, 10, 0),
        slips=False,
    )
    monkeypatch.setattr(session, "today", lambda: date(2026, 12, 21))
    main_window.go_home()
    settle(session)
    home = main_window.home
    assert home.promise_changes.isHidden()
    assert "2027年的节假日安排尚未发布或尚未导入" in home.holidays_warning.text()
    ctx.calendar.replace_years(
        [HolidayRow(date(2027, 1, d), False, "元旦") for d in (1, 4)], [2027]
    )
    main_window.go_home()
    settle(session)
    assert not home.promise_changes.isHidden()
    text = home.promise_changes.text()
    assert res.case_no in text and "2027-01-18 → 2027-01-19" in text and "请告知申请人" in text
