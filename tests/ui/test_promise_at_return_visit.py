"""A 告知承诺 first signed at a return visit, in the wizard: a case told 一次性告知 (the 登记表 and
the 就业证明 missing) comes back with the 登记表; the clerk marks the 就业证明 promised (4), the
case is accepted, and the slips step shows the 受理通知书 with the 证明事项告知承诺书 of this
visit."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.core.cases import IntakeRequest
from app.core.checklist import ACCEPT, CORRECTION, MISSING, OK, Verdict
from app.core.parties import Party
from tests.ui.conftest import CLERK, resident_id, settle
from tests.ui.driver import forward, key, records, type_text
from tests.ui.test_promise_in_wizard import ANSWERS, ITEM, check_cell, mark

pytestmark = pytest.mark.gui


def told_case(ctx) -> str:  # type: ignore[no-untyped-def]
    verdicts = {m: Verdict(OK) for m in ("m2", "m3", "m4")} | {
        "m1": Verdict(MISSING),
        "m5": Verdict(MISSING),
    }
    applicant = Party("person", "张𠈌", "resident_id", resident_id("11010519491231002"))
    res = ctx.visits.submit(IntakeRequest(CLERK, ITEM, applicant, ANSWERS, verdicts))
    assert res.outcome == CORRECTION
    return res.case_no


def test_a_promise_signed_at_the_return_visit_prints_its_letter(
    main_window, window_ctx, qtbot, dialogs
):
    case_no = told_case(window_ctx)
    type_text(qtbot, main_window.lookup, case_no)
    key(qtbot, main_window.lookup, Qt.Key.Key_Return)
    settle(main_window.session)
    case_page = main_window.stack.currentWidget()
    key(qtbot, case_page.supplement_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    wizard = main_window.wizard
    page = wizard.stack.currentWidget()
    assert [m.id for m in page.model.materials] == ["m1", "m5"]
    mark(qtbot, page, {"m5": Qt.Key.Key_4})
    assert check_cell(page, "m5").data() == "承诺"
    forward(qtbot, wizard)
    outcome = wizard.stack.currentWidget()
    assert outcome.step_id == "outcome", wizard.error.text()
    assert outcome.radios[ACCEPT].isEnabled() and outcome.radios[ACCEPT].isChecked()
    forward(qtbot, wizard)
    slips = wizard.stack.currentWidget()
    assert slips.step_id == "slips", wizard.error.text()
    assert not dialogs.errors
    assert [p.name for p in slips.panel.documents] == ["acceptance-02.pdf", "promise-02.pdf"]
    (rec,) = records(window_ctx, "supplement")
    assert rec["promised"] == ["m5"] and rec["check_due"]
    letter = slips.panel.documents[1]
    text = "".join(p.extract_text() for p in PdfReader(Path(letter)).pages).replace("\n", "")
    assert "证明事项告知承诺书" in text and case_no in text.replace(" ", "")
    assert "以承诺代替：就业证明" in text.replace(" ", "")
