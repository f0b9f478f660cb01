"""A return visit in the wizard is offered exactly what the service will record.

The wizard once evaluated a return visit by itself: for a case accepted with 容缺 it offered
一次性告知, which the service then refused (outcome.not_allowed). It now shows the service's
preview of the visit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.cases import CaseState, IntakeRequest
from app.core.checklist import ACCEPT, CONSULT, CORRECTION, REFUSE, TOLERATE, Verdict
from app.core.parties import Party
from tests.ui.conftest import CLERK, resident_id, settle
from tests.ui.driver import forward, key, type_text

ITEM, ANSWERS, PHOTO = "DEMO-0019", {"q1": ["a4"], "q2": ["b1"]}, "m4"  # the photo is 容缺


def tolerated_case(ctx) -> str:
    pv = ctx.visits.preview(ITEM, ANSWERS, {})
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable if m.id != PHOTO}
    applicant = Party("person", "张𠈌", "resident_id", resident_id("11010519491231002"))
    res = ctx.visits.submit(IntakeRequest(CLERK, ITEM, applicant, ANSWERS, verdicts))
    assert res.state == CaseState.TOLERATED
    return res.case_no


def return_visit_outcome_page(qtbot, main_window, case_no, mark):
    type_text(qtbot, main_window.lookup, case_no)
    key(qtbot, main_window.lookup, Qt.Key.Key_Return)
    settle(main_window.session)
    case_page = main_window.stack.currentWidget()
    key(qtbot, case_page.supplement_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    wizard = main_window.wizard
    page = wizard.stack.currentWidget()
    assert [m.id for m in page.model.materials] == [PHOTO]
    page.table.selectRow(0)
    page.table.setFocus()
    key(qtbot, page.table, mark)
    forward(qtbot, wizard)
    outcome = wizard.stack.currentWidget()
    assert outcome.step_id == "outcome", wizard.error.text()
    return wizard, outcome


def test_a_tolerated_case_still_missing_its_photo(main_window, window_ctx, qtbot, dialogs):
    case_no = tolerated_case(window_ctx)
    wizard, outcome = return_visit_outcome_page(qtbot, main_window, case_no, Qt.Key.Key_2)
    enabled = {o for o, r in outcome.radios.items() if r.isEnabled() and r.isVisible()}
    assert enabled == {TOLERATE, REFUSE}
    assert "容缺受理" in outcome.why[CORRECTION].text()
    assert outcome.radios[TOLERATE].isChecked()
    # The deadline shown is the one agreed at acceptance, and the service records it.
    agreed = window_ctx.cases.case(case_no).supplement_deadline
    assert outcome.deadline.date().toPython() == agreed
    outcome.pick(CORRECTION)  # a disabled outcome cannot be picked
    assert outcome.radios[TOLERATE].isChecked()
    forward(qtbot, wizard)
    assert wizard.result is not None, wizard.error.text()
    assert wizard.result.outcome == TOLERATE
    case = window_ctx.cases.case(case_no)
    assert case.visits == 2 and case.supplement_deadline == agreed
    assert not dialogs.errors


def test_a_tolerated_case_completed(main_window, window_ctx, qtbot, dialogs):
    case_no = tolerated_case(window_ctx)
    wizard, outcome = return_visit_outcome_page(qtbot, main_window, case_no, Qt.Key.Key_1)
    enabled = {o for o, r in outcome.radios.items() if r.isEnabled()}
    assert enabled == {ACCEPT, REFUSE} and CONSULT not in enabled
    forward(qtbot, wizard)
    assert wizard.result is not None and wizard.result.outcome == ACCEPT, wizard.error.text()
