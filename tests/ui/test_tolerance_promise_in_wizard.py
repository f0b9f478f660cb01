"""A 容缺 promise at the window (the catalog's commitment kind 容缺, not 告知承诺): on the
checklist 4 marks the 容缺 material promised; it stays outstanding, so the outcome step
suggests 容缺受理 and asks the date it is supplied by; the record keeps the promise and the
date, and the slips are the 容缺受理通知书 with the commitment the applicant signs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from app.core.checklist import ACCEPT, TOLERATE
from app.ui.labels import verdict_labels
from tests.ui.driver import forward, records
from tests.ui.test_intake_wizard import answer, choose_item, fill_applicant, start_intake
from tests.ui.test_promise_in_wizard import check_cell, mark

pytestmark = pytest.mark.gui

ITEM = "DEMO-0011"  # 最低生活保障审核确认: the 婚姻状况证明 (m6) may be promised, 容缺 kind
ANSWERS = {"q1": ["a1"]}  # 本人申请, no special situation (q2 may stay empty)


def test_a_tolerance_promise_leads_to_tolerate_with_its_deadline_recorded(
    main_window, window_ctx, qtbot, dialogs
):
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, ITEM, ITEM)
    answer(qtbot, wizard, ANSWERS)
    page = wizard.stack.currentWidget()
    mids = [m.id for m in page.model.materials]
    page.table.selectRow(mids.index("m6"))
    assert page.promise_offer.isVisible()
    assert "later" in page.promise_offer.text() or "补" in page.promise_offer.text()
    mark(qtbot, page, {"m6": Qt.Key.Key_4})
    assert check_cell(page, "m6").data() == verdict_labels()["promised"] == "承诺"
    forward(qtbot, wizard)
    outcome = wizard.stack.currentWidget()
    assert outcome.step_id == "outcome", wizard.error.text()
    # The promise does not replace the proof: 受理 is not offered, 容缺受理 is suggested.
    assert not outcome.radios[ACCEPT].isEnabled()
    assert outcome.radios[TOLERATE].isEnabled() and outcome.radios[TOLERATE].isChecked()
    assert outcome.deadline.isVisible()
    decision = outcome.decision
    agreed = min(decision.today + timedelta(days=5), decision.latest_deadline)
    outcome.deadline.setDate(QDate(agreed))
    forward(qtbot, wizard)
    slips = wizard.stack.currentWidget()
    assert slips.step_id == "slips", wizard.error.text()
    assert not dialogs.errors
    # The 容缺受理通知书 with the 承诺书 the applicant signs; no 告知承诺书 (nothing replaced).
    assert [p.name for p in slips.panel.documents] == ["tolerance-01.pdf"]
    (rec,) = records(window_ctx, "intake")
    assert rec["outcome"] == TOLERATE and rec["state"] == "tolerated"
    assert rec["tolerance_promised"] == ["m6"]  # promised, to be handed in by the deadline
    assert rec["supplement_deadline"] == agreed.isoformat()
    assert [g["material"] for g in rec["gaps"]] == ["m6"] and rec["gaps"][0]["tolerable"]
    assert "promised" not in rec and "check_due" not in rec  # no 告知承诺, no post-check
    case = window_ctx.cases.case(wizard.result.case_no)
    assert case.supplement_deadline == agreed and case.outstanding == ["m6"]
    text = "".join(
        page.extract_text() for page in PdfReader(slips.panel.documents[0]).pages
    ).replace("\n", "")
    assert "容缺受理承诺书" in text and "婚姻状况证明" in text
    # The catalog's own promise of m6, as the applicant signs it.
    assert "本人承诺：本人婚姻状况如申请表所填" in text.replace(" ", "")
