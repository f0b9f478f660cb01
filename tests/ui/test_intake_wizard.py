"""A complete intake through the real wizard, for every outcome, keyboard first.

Each test drives the widgets (F3, typing, Enter, 1/2/3 on the checklist, Alt+letter for the
outcome, Ctrl+Enter forward, a click on the review window) and then asserts on what the store
recorded: the case (``ctx.cases.case``), the records and the review.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import text

from app.core.checklist import ACCEPT, CONSULT, CORRECTION, REFUSE, TOLERATE
from tests.ui.conftest import resident_id, settle
from tests.ui.driver import forward, key, records, type_text

APPLICANT = ("张𠈌", resident_id("11010519491231002"), "13800001111")


def start_intake(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F3)
    settle(window.session)
    wizard = window.wizard
    assert wizard is not None and wizard.stack.currentWidget().step_id == "applicant"
    return wizard


def fill_applicant(qtbot, wizard, name=APPLICANT[0], number=APPLICANT[1], phone=APPLICANT[2]):
    page = wizard.stack.currentWidget()
    type_text(qtbot, page.applicant.name, name)
    type_text(qtbot, page.applicant.id_number, number[:-1])
    assert page.applicant.feedback_state() == "incomplete"  # "还差1位" while typing
    type_text(qtbot, page.applicant.id_number, number[-1])
    assert page.applicant.feedback_state() == "ok"
    type_text(qtbot, page.applicant.phone, phone)
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "item", wizard.error.text()


def choose_item(qtbot, wizard, query, code):
    page = wizard.stack.currentWidget()
    type_text(qtbot, page.picker.field, query)
    # Move down to the wanted item with the arrow keys, then Enter picks it.
    codes = [r.code for r in page.picker.model.rows]
    assert code in codes, (query, codes)
    for _ in range(codes.index(code)):
        key(qtbot, page.picker.field, Qt.Key.Key_Down)
    key(qtbot, page.picker.field, Qt.Key.Key_Return)
    settle(wizard.session)
    assert wizard.state.item_code == code


def answer(qtbot, wizard, picks):
    page = wizard.stack.currentWidget()
    assert page.step_id == "questions"
    for qid, options in picks.items():
        buttons = dict(page.groups[qid][1])
        for opt in options:
            b = buttons[opt]  # click on the box itself, where a person clicks
            qtbot.mouseClick(b, Qt.MouseButton.LeftButton, pos=QPoint(8, b.height() // 2))
            assert b.isChecked()
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "materials", wizard.error.text()


def check_materials(qtbot, wizard, marks, reasons=None):
    """``marks``: material id -> "1" (present), "2" (missing) or "3" (defective)."""
    page = wizard.stack.currentWidget()
    assert page.step_id == "materials"
    reasons = reasons or {}
    keys = {"1": Qt.Key.Key_1, "2": Qt.Key.Key_2, "3": Qt.Key.Key_3}
    for row, m in enumerate(page.model.materials):
        page.table.selectRow(row)
        page.table.setFocus()
        mark = marks.get(m.id, "1")
        key(qtbot, page.table, keys[mark])
        if mark == "3":
            assert page.reason.lineEdit().hasFocus()
            type_text(qtbot, page.reason.lineEdit(), reasons[m.id])
            key(qtbot, page.reason.lineEdit(), Qt.Key.Key_Return)
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "outcome", wizard.error.text()
    return wizard.stack.currentWidget()


def review(qtbot, wizard, level, reason=None):
    page = wizard.stack.currentWidget()
    assert page.step_id == "review"
    window = page.prompt.review_window
    assert window is not None and window.isVisible()
    qtbot.mouseClick(
        window.findChild(type(window.submit_button), f"level{level}"), Qt.MouseButton.LeftButton
    )
    if reason:
        type_text(qtbot, window.reason, reason)
        qtbot.mouseClick(window.submit_button, Qt.MouseButton.LeftButton)
    settle(wizard.session)
    assert page.prompt.done_level == level


def finish(qtbot, window, wizard):
    forward(qtbot, wizard)  # slips -> review
    assert wizard.stack.currentWidget().step_id == "review"


def test_accept_a_real_guide_item(main_window, window_ctx, qtbot, dialogs):
    """第二代残疾人证申请转报 (a real guide): every material present -> 受理."""
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "cjr", "LOCAL-0009")
    answer(qtbot, wizard, {"s": ["s1"]})
    outcome = check_materials(qtbot, wizard, {})
    assert outcome.radios[ACCEPT].isChecked() and outcome.radios[ACCEPT].isEnabled()
    assert not outcome.radios[CORRECTION].isEnabled()
    assert outcome.why[CORRECTION].text()  # the reason it is disabled is shown
    # ... and it looks disabled: grey, not the ink of the outcomes that can be chosen.
    from PySide6.QtGui import QColor, QPalette

    from app.ui import theme

    disabled = outcome.radios[CORRECTION].palette()
    assert (
        disabled.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        == QColor(theme.DISABLED_INK)
        != disabled.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    )
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "slips"
    result = wizard.result
    assert result.outcome == ACCEPT
    assert wizard.stack.currentWidget().panel.documents  # the slip is previewed
    finish(qtbot, main_window, wizard)
    review(qtbot, wizard, 5)
    forward(qtbot, wizard)
    assert main_window.wizard is None
    case = window_ctx.cases.case(result.case_no)
    assert case.state == "accepted" and case.applicant.name == "张𠈌"
    assert case.applicant.id_number == APPLICANT[1]
    assert case.item_code == "LOCAL-0009" and case.answers == {"s": ["s1"]}
    assert all(v.verdict == "ok" for v in case.verdicts.values())
    kinds = [r["kind"] for r in records(window_ctx)]
    assert kinds == ["intake", "review"]
    assert records(window_ctx, "review")[0]["visit_record"] == result.record_id
    assert not dialogs.errors


def test_tolerate_with_a_missing_tolerable_material(main_window, window_ctx, qtbot, dialogs):
    """残疾人证新办: the photo (容缺) is missing -> 容缺受理 preselected, with a deadline."""
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "残疾人证新办", "DEMO-0019")
    answer(qtbot, wizard, {"q1": ["a4"], "q2": ["b1"]})
    outcome = check_materials(qtbot, wizard, {"m4": "2"})
    assert outcome.radios[TOLERATE].isChecked()
    assert not outcome.radios[ACCEPT].isEnabled()
    assert outcome.deadline.isVisible()
    deadline = outcome.deadline.date().toPython()
    forward(qtbot, wizard)
    result = wizard.result
    assert result.outcome == TOLERATE
    case = window_ctx.cases.case(result.case_no)
    assert case.state == "tolerated" and case.supplement_deadline == deadline
    assert case.outstanding == ["m4"]
    assert case.promised_date is not None and deadline <= case.promised_date
    assert not dialogs.errors


def test_correction_then_supplement_by_case_number(main_window, window_ctx, qtbot, dialogs):
    """城乡居民基本养老保险参保登记: a defective copy -> 一次性告知; the applicant returns,
    the clerk types the case number and Enter, checks only what was missing -> 受理."""
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "LOCAL-0001", "LOCAL-0001")
    first_q = wizard.item.questions[0]
    answer(qtbot, wizard, {first_q.id: [first_q.options[0].id]})
    mats = [m.id for m in wizard.stack.currentWidget().model.materials]
    outcome = check_materials(qtbot, wizard, {mats[0]: "3"}, {mats[0]: "复印件不清晰"})
    assert outcome.radios[CORRECTION].isChecked()
    forward(qtbot, wizard)
    case_no = wizard.result.case_no
    case = window_ctx.cases.case(case_no)
    assert case.state == "awaiting_correction"
    assert case.verdicts[mats[0]].reason == "复印件不清晰" and case.outstanding == [mats[0]]
    finish(qtbot, main_window, wizard)
    forward(qtbot, wizard)  # the applicant is still at the review window: it stays open
    assert main_window.wizard is wizard and wizard.pages[-1].prompt.review_window.isVisible()
    forward(qtbot, wizard)  # pressed again: the applicant declined to review
    assert main_window.wizard is None

    # The applicant comes back: F2, type the number, Enter.
    key(qtbot, main_window, Qt.Key.Key_F2)
    assert main_window.lookup.hasFocus()
    type_text(qtbot, main_window.lookup, case_no.lower())
    key(qtbot, main_window.lookup, Qt.Key.Key_Return)
    settle(main_window.session)
    case_page = main_window.stack.currentWidget()
    assert case_page.objectName() == "casePage" and case_page.case.case_no == case_no
    key(qtbot, case_page.supplement_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    wizard = main_window.wizard
    page = wizard.stack.currentWidget()
    assert page.step_id == "materials"
    assert [m.id for m in page.model.materials] == [mats[0]]  # only what was outstanding
    outcome = check_materials(qtbot, wizard, {mats[0]: "1"})
    assert outcome.radios[ACCEPT].isChecked() and not outcome.radios[CONSULT].isVisible()
    forward(qtbot, wizard)
    assert wizard.result.outcome == ACCEPT
    finish(qtbot, main_window, wizard)
    review(qtbot, wizard, 4)
    case = window_ctx.cases.case(case_no)
    assert case.state == "accepted" and case.visits == 2 and case.outstanding == []
    assert [r["kind"] for r in records(window_ctx)] == ["intake", "supplement", "review"]
    assert not dialogs.errors


def test_refuse_needs_a_reason(main_window, window_ctx, qtbot, dialogs):
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "低保申请", "LOCAL-0006")  # 最低生活保障（低保）申请: no questions
    assert wizard.stack.currentWidget().step_id == "materials"
    outcome = check_materials(qtbot, wizard, {})
    key(qtbot, outcome.radios[ACCEPT], Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert outcome.radios[REFUSE].isChecked() and outcome.reason.isVisible()
    forward(qtbot, wizard)
    assert wizard.result is None and wizard.error.text()  # no reason yet: nothing recorded
    type_text(qtbot, outcome.reason, "申请人户籍不在本街道，应向户籍地申请")
    forward(qtbot, wizard)
    case = window_ctx.cases.case(wizard.result.case_no)
    assert case.state == "refused" and case.reason.startswith("申请人户籍不在本街道")
    assert not dialogs.errors


def test_consult_outcome_and_a_bad_review_opens_a_ticket(main_window, window_ctx, qtbot, dialogs):
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard, "赵孟𫖯", resident_id("33010219650315201"), "13900002222")
    choose_item(qtbot, wizard, "sydj", "LOCAL-0021")
    q = wizard.item.questions[0]
    answer(qtbot, wizard, {q.id: [q.options[0].id]})
    outcome = check_materials(qtbot, wizard, {})
    key(qtbot, outcome.radios[ACCEPT], Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert outcome.radios[CONSULT].isChecked()
    type_text(qtbot, outcome.question, "失业登记要带什么")
    type_text(qtbot, outcome.answer, "身份证")
    forward(qtbot, wizard)
    assert wizard.result.outcome == CONSULT and wizard.result.case_no is None
    finish(qtbot, main_window, wizard)
    review(qtbot, wizard, 2, "等了很久")
    consult = records(window_ctx, "consultation")
    assert len(consult) == 1 and consult[0]["question"] == "失业登记要带什么"
    reviews = records(window_ctx, "review")
    assert reviews[0]["level"] == 2 and reviews[0]["reason"] == "等了很久"
    assert len(window_ctx.feedback.tickets()) == 1
    with window_ctx.store.read() as s:  # the record's own day: the test may pass midnight
        day = s.execute(
            text("SELECT substr(created_at, 1, 10) FROM records WHERE id = :id"),
            {"id": wizard.result.record_id},
        ).scalar()
    assert window_ctx.cases.day_counts(date.fromisoformat(day))[CONSULT] == 1
    assert not dialogs.errors


@pytest.mark.parametrize("step_back", [1, 2])
def test_back_and_forward_keep_the_input(main_window, qtbot, dialogs, step_back):
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "cjr", "LOCAL-0009")
    answer(qtbot, wizard, {"s": ["s2"]})
    for _ in range(step_back):
        key(qtbot, wizard.stack.currentWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    key(qtbot, wizard.stack.currentWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    page = wizard.stack.currentWidget()
    assert page.step_id == "applicant"
    assert page.applicant.name.text() == "张𠈌" and page.applicant.id_number.text() == APPLICANT[1]
    forward(qtbot, wizard)
    forward(qtbot, wizard)  # item kept: straight on to the questions
    page = wizard.stack.currentWidget()
    assert page.step_id == "questions" and page.answers() == {"s": ["s2"]}


def test_an_unanswered_question_keeps_the_wizard_on_its_step(main_window, qtbot, dialogs):
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "cjr", "LOCAL-0009")
    page = wizard.stack.currentWidget()
    assert page.step_id == "questions"
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "questions"
    assert "请先回答" in wizard.error.text()
    assert dict(page.groups["s"][1])["s1"].hasFocus()
