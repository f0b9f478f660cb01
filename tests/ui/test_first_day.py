"""A clerk's first day: the keyboard does what the screen says, nothing is chosen or lost
silently, and the applicant's review window keeps out of the clerk's way.

Every test drives the real widgets with key events (and a click where the applicant taps)."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtCore import QEvent, QRect, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from app.core.case_numbers import format_case_no
from app.core.checklist import ACCEPT, CORRECTION
from app.devices.id_card import IdCard
from tests.ui.conftest import resident_id, settle
from tests.ui.driver import forward, key, type_text
from tests.ui.test_cases_and_visits import FakeClock, accepted_case
from tests.ui.test_intake_wizard import (
    APPLICANT,
    choose_item,
    fill_applicant,
    review,
    start_intake,
)

SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused():
    return QApplication.focusWidget()


def tick(qtbot, wizard, button):
    """Move the focus to an option as the arrow keys and Tab would, and Space ticks it."""
    button.setFocus()
    key(qtbot, button, Qt.Key.Key_Space)
    assert button.isChecked()


def to_questions(qtbot, main_window, code):
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, code, code)
    page = wizard.stack.currentWidget()
    assert page.step_id == "questions"
    return wizard, page


def recorded_to_review(qtbot, main_window, code="LOCAL-0009", answers=None):
    wizard, page = to_questions(qtbot, main_window, code)
    for qid, opt in (answers or {"s": "s1"}).items():
        tick(qtbot, wizard, dict(page.groups[qid][1])[opt])
    forward(qtbot, wizard)
    materials = wizard.stack.currentWidget()
    key(qtbot, materials.table, Qt.Key.Key_F8)
    for row, m in enumerate(materials.model.materials):
        if m.id not in materials.model.verdicts:
            materials.table.selectRow(row)
            key(qtbot, materials.table, Qt.Key.Key_2)
    forward(qtbot, wizard)  # -> outcome
    forward(qtbot, wizard)  # record
    assert wizard.result is not None, wizard.error.text()
    forward(qtbot, wizard)  # slips -> review
    assert wizard.stack.currentWidget().step_id == "review"
    return wizard


# ---- 1. optional questions ------------------------------------------------------------------


def test_an_optional_question_left_empty_is_none_of_these(main_window, window_ctx, qtbot, dialogs):
    """最低生活保障审核确认: 家庭特殊情形（可多选，均不符合可不选）left empty goes on, and the
    case records it as answered with none of its options."""
    wizard, page = to_questions(qtbot, main_window, "DEMO-0011")
    assert page.findChild(type(page.count), "optional_q2").isVisible()  # says so on screen
    tick(qtbot, wizard, dict(page.groups["q1"][1])["a1"])
    key(qtbot, focused(), Qt.Key.Key_Return)  # Enter goes on, as on every step
    settle(wizard.session)
    assert wizard.stack.currentWidget().step_id == "materials", wizard.error.text()
    assert wizard.state.answers == {"q1": ["a1"], "q2": []}
    materials = wizard.stack.currentWidget()
    assert "残疾人证" not in [m.name for m in materials.model.materials]  # b1 not ticked
    key(qtbot, materials.table, Qt.Key.Key_F8)
    forward(qtbot, wizard)
    outcome = wizard.stack.currentWidget()
    assert outcome.radios[ACCEPT].isChecked()
    forward(qtbot, wizard)
    assert wizard.result is not None, wizard.error.text()
    case = window_ctx.cases.case(wizard.result.case_no)
    assert case.answers == {"q1": ["a1"], "q2": []}
    assert not dialogs.errors


def test_a_required_question_still_needs_an_answer(main_window, qtbot, dialogs):
    wizard, page = to_questions(qtbot, main_window, "DEMO-0011")
    tick(qtbot, wizard, dict(page.groups["q2"][1])["b3"])
    key(qtbot, focused(), Qt.Key.Key_Return)
    assert wizard.stack.currentWidget().step_id == "questions"
    assert "申请方式" in wizard.error.text()
    tick(qtbot, wizard, dict(page.groups["q1"][1])["a1"])
    assert wizard.error.text() == ""  # answered: the message goes


# ---- 2. scanning ----------------------------------------------------------------------------


def scan(qtbot, main_window, code, clock):
    """A keyboard-wedge scanner: Shift pressed and released around every capital, 3 ms a key,
    the events arriving at the native window as from the keyboard."""
    native = main_window.windowHandle()
    none = Qt.KeyboardModifier.NoModifier

    def send(kind, k, mods, text=""):
        QApplication.sendEvent(native, QKeyEvent(kind, k, mods, text))

    for ch in code:
        k = Qt.Key(ord(ch.upper()))
        if ch.isupper():
            send(QEvent.Type.KeyPress, Qt.Key.Key_Shift, SHIFT)
            send(QEvent.Type.KeyPress, k, SHIFT, ch)
            send(QEvent.Type.KeyRelease, k, SHIFT, ch)
            send(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, none)
        else:
            send(QEvent.Type.KeyPress, k, none, ch)
            send(QEvent.Type.KeyRelease, k, none, ch)
        clock.t += 3
    send(QEvent.Type.KeyPress, Qt.Key.Key_Return, none, "\r")
    send(QEvent.Type.KeyRelease, Qt.Key.Key_Return, none, "\r")
    settle(main_window.session)


def test_a_scanner_pressing_shift_for_capitals_opens_the_case(
    main_window, window_ctx, qtbot, dialogs
):
    case_no = accepted_case(window_ctx).case_no
    assert len(case_no.split("-")) == 5  # C3301-W03-YYYYMMDD-K7-0001
    clock = FakeClock()
    main_window.scanner.clock = clock
    wizard = start_intake(qtbot, main_window)
    field = wizard.pages[0].applicant.name
    field.setFocus()
    scan(qtbot, main_window, case_no, clock)
    page = main_window.stack.currentWidget()
    assert page.objectName() == "casePage" and page.case.case_no == case_no
    assert field.text() == ""  # what the scanner typed was taken back out


def test_the_older_four_part_number_scans_too(main_window, window_ctx, qtbot, dialogs):
    older = format_case_no("C3301", "W03", date(2026, 11, 23), 7)
    scanned: list[str] = []
    main_window.scanner.scanned.connect(scanned.append)
    clock = FakeClock()
    main_window.scanner.clock = clock
    main_window.home.today_view.setFocus()
    scan(qtbot, main_window, older, clock)
    assert scanned == [older]


# ---- 3. F3 from any state -----------------------------------------------------------------


def test_f3_on_a_finished_intake_starts_the_next_at_once(main_window, qtbot, dialogs):
    wizard = recorded_to_review(qtbot, main_window)
    review_window = wizard.pages[-1].prompt.review_window
    assert review_window.isVisible()
    key(qtbot, focused(), Qt.Key.Key_F3)
    settle(main_window.session)
    new = main_window.wizard
    assert new is not None and new is not wizard and new.result is None
    assert new.stack.currentWidget().step_id == "applicant"
    assert not review_window.isVisible()
    # The next applicant's name goes where it belongs.
    type_text(qtbot, focused(), "陈静")
    assert new.pages[0].applicant.name.text() == "陈静"
    assert not dialogs.asked


def test_f3_on_an_unfinished_intake_asks_and_defaults_to_no(main_window, session, qtbot, dialogs):
    wizard = start_intake(qtbot, main_window)
    type_text(qtbot, wizard.pages[0].applicant.name, "张𠈌")
    main_window.go_home()
    dialogs.answers = [False]
    key(qtbot, focused(), Qt.Key.Key_F3)
    settle(session)
    assert dialogs.defaults == [False] and main_window.wizard is wizard
    assert main_window.stack.currentWidget() is wizard
    dialogs.answers = [True]
    key(qtbot, focused(), Qt.Key.Key_F3)
    settle(session)
    assert main_window.wizard is not wizard and main_window.wizard.is_blank()
    assert draft_name(session, wizard.state.draft_id) == "张𠈌"  # kept as a draft


def draft_name(session, draft_id):
    with session.ctx.store.read() as s:
        data = s.execute(text("SELECT data FROM drafts WHERE id = :id"), {"id": draft_id}).scalar()
    data = json.loads(data) if isinstance(data, str) else data
    return data["applicant"]["name"]


def test_a_question_whose_yes_leaves_work_defaults_to_no(qtbot):
    from app.ui import messages

    seen: dict[str, bool] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["no"] = box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    assert messages.ask(None, "放弃", "放弃本次受理？", default=False) is False
    assert seen == {"no": True}


# ---- 4. the applicant page ------------------------------------------------------------------


def test_a_second_enter_does_not_choose_the_highlighted_recent_item(
    main_window, window_ctx, qtbot, dialogs
):
    accepted_case(window_ctx, "LOCAL-0004")  # a recent item at this window
    main_window._picker = None
    main_window.load_picker_data()
    settle(main_window.session)
    wizard = start_intake(qtbot, main_window)
    page = wizard.pages[0]
    type_text(qtbot, page.applicant.name, APPLICANT[0])
    type_text(qtbot, page.applicant.id_number, APPLICANT[1])
    type_text(qtbot, page.applicant.phone, APPLICANT[2])
    key(qtbot, page.applicant.phone, Qt.Key.Key_Return)
    settle(main_window.session)
    item_page = wizard.stack.currentWidget()
    assert item_page.step_id == "item" and item_page.picker.model.rows  # recent items listed
    key(qtbot, focused(), Qt.Key.Key_Return)  # the Enter pressed twice
    settle(main_window.session)
    assert wizard.state.item_code is None and wizard.stack.currentWidget() is item_page
    assert wizard.error.text()  # says what to do instead
    key(qtbot, focused(), Qt.Key.Key_Down)  # moving to a recent item and Enter does choose it
    key(qtbot, focused(), Qt.Key.Key_Up)
    key(qtbot, focused(), Qt.Key.Key_Return)
    settle(main_window.session)
    assert wizard.state.item_code == "LOCAL-0004"


def test_tab_goes_from_name_to_number_to_phone(main_window, qtbot, dialogs):
    wizard = start_intake(qtbot, main_window)
    form = wizard.pages[0].applicant
    assert focused() is form.name
    type_text(qtbot, focused(), "张𠈌")
    key(qtbot, focused(), Qt.Key.Key_Tab)
    assert focused() is form.id_number
    type_text(qtbot, focused(), APPLICANT[1])
    key(qtbot, focused(), Qt.Key.Key_Tab)
    assert focused() is form.phone
    # Digits typed with the document type focused go to the number, not into thin air.
    form.id_number.clear()
    form.id_type.setFocus()
    qtbot.keyClicks(form.id_type, "110105")
    assert form.id_number.text() == "110105" and focused() is form.id_number


def test_f5_for_another_person_does_not_keep_the_previous_phone(
    main_window, session, qtbot, dialogs
):
    class Reader:
        label = "模拟读卡器"

        def __init__(self) -> None:
            self.card = IdCard("赵孟𫖯", resident_id("33010219650315201"))

        def read(self) -> IdCard:
            return self.card

        def close(self) -> None:
            pass

    session.id_reader = Reader()
    wizard = start_intake(qtbot, main_window)
    page = wizard.pages[0]
    type_text(qtbot, page.applicant.name, APPLICANT[0])
    type_text(qtbot, page.applicant.id_number, APPLICANT[1])
    type_text(qtbot, page.applicant.phone, APPLICANT[2])
    key(qtbot, focused(), Qt.Key.Key_F5)
    settle(session)
    assert page.applicant.name.text() == "赵孟𫖯"
    assert page.applicant.phone.text() == "" and focused() is page.applicant.phone
    type_text(qtbot, focused(), "13900002222")
    key(qtbot, focused(), Qt.Key.Key_F5)  # the same card again: the phone stays
    settle(session)
    assert page.applicant.phone.text() == "13900002222"


def test_enter_on_the_situation_page_goes_on_and_the_focus_shows(main_window, qtbot, dialogs):
    wizard, page = to_questions(qtbot, main_window, "LOCAL-0009")
    assert page.key_hint_label.isVisible() and "Enter" in page.key_hint_label.text()
    first, second = (b for _oid, b in page.groups["s"][1][:2])
    first.setFocus()
    assert first.hasFocus()
    focused_look = first.grab().toImage()
    second.setFocus()
    assert first.grab().toImage() != focused_look  # a focus ring the clerk can see
    key(qtbot, second, Qt.Key.Key_Space)
    key(qtbot, second, Qt.Key.Key_Return)
    settle(main_window.session)
    assert wizard.stack.currentWidget().step_id == "materials"


# ---- 5. F8 --------------------------------------------------------------------------------


def test_f8_marks_the_required_materials_only(main_window, window_ctx, qtbot, dialogs):
    """残疾人证新办: 既往病历 is 非必要; F8 must not say it was received."""
    wizard, page = to_questions(qtbot, main_window, "DEMO-0019")
    tick(qtbot, wizard, dict(page.groups["q1"][1])["a1"])
    tick(qtbot, wizard, dict(page.groups["q2"][1])["b1"])
    forward(qtbot, wizard)
    materials = wizard.stack.currentWidget()
    key(qtbot, materials.table, Qt.Key.Key_F8)
    optional = [m for m in materials.model.materials if not m.required]
    assert [m.name for m in optional] == ["既往病历、诊断证明、检查报告"]
    assert optional[0].id not in materials.model.verdicts
    assert all(
        materials.model.verdicts[m.id]["verdict"] == "ok"
        for m in materials.model.materials
        if m.required
    )
    forward(qtbot, wizard)  # an optional material left unchecked was not received
    outcome = wizard.stack.currentWidget()
    assert outcome.step_id == "outcome" and outcome.radios[ACCEPT].isChecked()
    forward(qtbot, wizard)
    case = window_ctx.cases.case(wizard.result.case_no)
    assert (
        case.verdicts.get(optional[0].id) is None or case.verdicts[optional[0].id].verdict != "ok"
    )
    assert not dialogs.errors


# ---- 6. smaller -----------------------------------------------------------------------------


def test_the_applicant_errors_name_the_field_in_chinese_and_go_once_mended(
    main_window, qtbot, dialogs
):
    wizard = start_intake(qtbot, main_window)
    forward(qtbot, wizard)
    error = wizard.error.text()
    assert "姓名" in error and "name" not in error
    type_text(qtbot, wizard.pages[0].applicant.name, "张𠈌")
    assert wizard.error.text() == ""  # the name is there now
    forward(qtbot, wizard)
    error = wizard.error.text()
    assert "证件号码" in error and "id_number" not in error


def test_the_review_window_leaves_the_clerk_s_buttons_visible_and_stays_on_screen(
    main_window, qtbot, dialogs
):
    area = main_window.screen().availableGeometry()
    main_window.setGeometry(area)  # the clerk's window fills the one screen
    wizard = recorded_to_review(qtbot, main_window)
    window = wizard.pages[-1].prompt.review_window
    left = wizard.cancel_button.mapToGlobal(wizard.cancel_button.rect().topLeft())
    right = wizard.next_button.mapToGlobal(wizard.next_button.rect().bottomRight())
    buttons = QRect(left, right)  # the clerk's row: 放弃 … 完成

    def placed_well() -> None:
        geometry = window.geometry()
        assert area.contains(geometry), (area, geometry)
        assert not geometry.intersects(buttons), (geometry, buttons)

    placed_well()
    qtbot.mouseClick(
        window.findChild(type(window.submit_button), "level2"), Qt.MouseButton.LeftButton
    )  # 不满意: it grows to ask why
    assert window.reason_box.isVisible()
    placed_well()


def test_ctrl_enter_does_not_close_the_review_before_the_applicant_rated(
    main_window, qtbot, dialogs
):
    wizard = recorded_to_review(qtbot, main_window)
    window = wizard.pages[-1].prompt.review_window
    forward(qtbot, wizard)
    assert window.isVisible() and main_window.wizard is wizard
    assert "Ctrl+Enter" in wizard.error.text()
    review(qtbot, wizard, 5)
    assert wizard.error.text() == ""
    forward(qtbot, wizard)
    assert main_window.wizard is None


def test_closing_the_window_mid_intake_asks_and_keeps_the_draft(
    main_window, session, qtbot, dialogs
):
    wizard = start_intake(qtbot, main_window)
    type_text(qtbot, wizard.pages[0].applicant.name, "刘䶮")
    dialogs.answers = [False]
    main_window.close()
    settle(session)
    assert dialogs.asked and dialogs.defaults == [False]
    assert main_window.isVisible() and main_window.wizard is wizard
    assert draft_name(session, wizard.state.draft_id) == "刘䶮"
    dialogs.answers = [True]
    main_window.close()
    settle(session)
    assert not main_window.isVisible()


def test_cancelling_an_intake_defaults_to_no(main_window, qtbot, dialogs):
    wizard = start_intake(qtbot, main_window)
    type_text(qtbot, wizard.pages[0].applicant.name, "刘䶮")
    dialogs.answers = [False]
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    assert dialogs.defaults == [False] and main_window.wizard is wizard


def test_the_steps_keep_their_numbers_after_the_visit_is_recorded(main_window, qtbot, dialogs):
    wizard, page = to_questions(qtbot, main_window, "LOCAL-0009")

    def bar() -> list[str]:
        return [label.text() for label in wizard.step_labels if label.isVisibleTo(wizard)]

    before = bar()
    assert before[0].startswith("1 ") and len(before) == 7
    tick(qtbot, wizard, dict(page.groups["s"][1])["s1"])
    forward(qtbot, wizard)
    key(qtbot, wizard.stack.currentWidget().table, Qt.Key.Key_F8)
    forward(qtbot, wizard)
    forward(qtbot, wizard)
    assert wizard.result is not None and wizard.stack.currentWidget().step_id == "slips"
    assert bar() == before
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "review"
    key(qtbot, focused(), Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)  # Alt+6: back to 回执
    assert wizard.stack.currentWidget().step_id == "slips"


def test_an_item_without_questions_greys_its_step_and_keeps_the_numbers(
    main_window, qtbot, dialogs
):
    wizard = start_intake(qtbot, main_window)
    labels = [label.text() for label in wizard.step_labels if label.isVisibleTo(wizard)]
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "低保申请", "LOCAL-0006")  # no situation questions
    assert wizard.stack.currentWidget().step_id == "materials"
    assert [label.text() for label in wizard.step_labels if label.isVisibleTo(wizard)] == labels
    situation = wizard.step_labels[[p.step_id for p in wizard.pages].index("questions")]
    assert situation.property("skipped") is True


# ---- 7. key hints and the reason beside a disabled outcome ---------------------------------


def test_every_step_has_a_key_hint_and_a_disabled_outcome_says_why_beside_it(
    main_window, qtbot, dialogs
):
    seen: dict[str, str] = {}

    def hint() -> None:
        page = wizard.stack.currentWidget()
        assert page.key_hint_label.isVisible(), page.step_id
        seen[page.step_id] = page.key_hint_label.text()

    wizard = start_intake(qtbot, main_window)
    hint()
    fill_applicant(qtbot, wizard)
    hint()
    choose_item(qtbot, wizard, "LOCAL-0009", "LOCAL-0009")
    hint()
    page = wizard.stack.currentWidget()
    tick(qtbot, wizard, dict(page.groups["s"][1])["s1"])
    forward(qtbot, wizard)
    hint()
    key(qtbot, wizard.stack.currentWidget().table, Qt.Key.Key_F8)
    forward(qtbot, wizard)
    hint()
    outcome = wizard.stack.currentWidget()
    radio, why = outcome.radios[CORRECTION], outcome.why[CORRECTION]
    assert not radio.isEnabled() and why.isVisible() and why.text()

    def box(w) -> QRect:
        return QRect(w.mapTo(outcome, w.rect().topLeft()), w.size())

    assert box(why).top() < box(radio).bottom() and box(radio).top() < box(why).bottom()
    assert box(why).left() >= box(radio).right()  # beside the outcome it explains
    forward(qtbot, wizard)
    hint()
    forward(qtbot, wizard)
    hint()
    assert set(seen) == {p.step_id for p in wizard.pages} and all(seen.values()), seen
