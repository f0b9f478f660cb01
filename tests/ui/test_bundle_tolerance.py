"""容缺受理 of a 一件事 member: the outcome step asks the date the missing materials are
supplied by (one date for every 容缺 member, no later than the earliest of their limits), says
what is wrong with a missing or past date, and the member's case keeps the date agreed."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt

from tests.services.test_bundle_intake import MEMBERS
from tests.ui.conftest import settle
from tests.ui.driver import records
from tests.ui.test_bundle_wizard import BUNDLE_ANSWERS, forward, tick

PHOTO = "DEMO-0009/m5"  # 本人近期数码照片: a 容缺 material of the 社保卡


def to_outcome(qtbot, session, applicant, missing=(PHOTO,)):
    from app.ui.wizard.bundle_state import BundleState
    from app.ui.wizard.bundle_wizard import BundleWizard

    wizard = BundleWizard(session, BundleState("BUNDLE-0001", applicant=applicant))
    qtbot.addWidget(wizard)
    wizard.resize(1024, 700)
    wizard.show()
    wizard.start()
    settle(session)
    for qid, ql in wizard._question_lists.items():
        tick(qtbot, ql, BUNDLE_ANSWERS.get(qid, []))
    forward(qtbot, wizard, session)
    for (item, qid), ql in wizard._member_lists.items():
        if ql.isEnabled():
            tick(qtbot, ql, MEMBERS[item].get(qid, []))
    forward(qtbot, wizard, session)
    wizard.table.setFocus()
    for key in wizard._keys:
        qtbot.keyClick(wizard.table, Qt.Key.Key_2 if key in missing else Qt.Key.Key_1)
    forward(qtbot, wizard, session)
    assert wizard.step == "outcome", wizard.error.text()
    return wizard


def test_a_tolerated_member_asks_its_deadline_and_refuses_a_missing_or_past_one(
    qtbot, session, applicant
):
    wizard = to_outcome(qtbot, session, applicant)
    card = wizard.decision.member("DEMO-0009").decision
    assert wizard._outcome_boxes["DEMO-0009"].currentData() == "tolerate"
    assert [b.currentData() for c, b in wizard._outcome_boxes.items() if c != "DEMO-0009"] == [
        "accept",
        "accept",
    ]
    assert wizard.deadline_row.isVisible()
    # The date proposed is the member's own default, never after its latest.
    proposed = wizard.deadline.date().toPython()
    assert card.default_deadline is not None and proposed == card.default_deadline
    assert wizard.deadline.maximumDate().toPython() == card.latest_deadline
    assert card.latest_deadline.isoformat() in wizard.deadline_note.text()

    # No date: said, nothing recorded.
    wizard.deadline.setDate(wizard.deadline.minimumDate())
    assert wizard.deadline.text() == "（请选择日期）"
    forward(qtbot, wizard, session)
    assert wizard.result is None and wizard.step == "outcome"
    assert "补齐材料的日期" in wizard.error.text() and "容缺受理" in wizard.error.text()
    assert wizard.deadline.hasFocus()

    # A past date: said with today's date, nothing recorded.
    yesterday = card.today - timedelta(days=1)
    wizard.deadline.setDate(QDate(yesterday))
    forward(qtbot, wizard, session)
    assert wizard.result is None and wizard.step == "outcome"
    assert yesterday.isoformat() in wizard.error.text()
    assert card.today.isoformat() in wizard.error.text() and "已过" in wizard.error.text()
    assert records(session.ctx, "intake") == []

    # A date within the limit: recorded, the 社保卡's case keeps it.
    agreed = card.today + timedelta(days=3)
    agreed = min(agreed, card.latest_deadline)
    wizard.deadline.setDate(QDate(agreed))
    forward(qtbot, wizard, session)
    assert wizard.step == "slips", wizard.error.text()
    outcomes = {m.item_code: m.result for m in wizard.result.members}
    assert [r.outcome for r in outcomes.values()] == ["accept", "accept", "tolerate"]
    case = session.ctx.cases.case(outcomes["DEMO-0009"].case_no)
    assert case.supplement_deadline == agreed
    tolerated = [r for r in records(session.ctx, "intake") if r.get("outcome") == "tolerate"]
    assert [r["supplement_deadline"] for r in tolerated] == [agreed.isoformat()]


def test_the_deadline_is_asked_only_while_a_member_is_tolerated(qtbot, session, applicant):
    wizard = to_outcome(qtbot, session, applicant)
    box = wizard._outcome_boxes["DEMO-0009"]
    assert wizard.deadline_row.isVisible()
    box.setCurrentIndex(box.findData("correction"))  # 一次性告知 instead: no date to agree
    assert not wizard.deadline_row.isVisible()
    forward(qtbot, wizard, session)
    assert wizard.step == "slips", wizard.error.text()
    outcomes = [m.result.outcome for m in wizard.result.members]
    assert outcomes == ["accept", "accept", "correction"]
    assert all(r.get("supplement_deadline") is None for r in records(session.ctx, "intake"))


def test_a_past_deadline_kept_in_a_draft_is_not_moved_silently(qtbot, session, applicant):
    """A bundle put aside at its outcome step and resumed another day: the old date shows,
    and the clerk is told to choose again rather than have it changed behind their back."""
    from app.ui.wizard.bundle_state import BundleState
    from app.ui.wizard.bundle_wizard import BundleWizard

    first = to_outcome(qtbot, session, applicant)
    today = first.decision.members[0].decision.today
    first.save_draft()
    settle(session)
    data = session.drafts.latest(session.clerk.username, "bundle").data
    data["supplement_deadline"] = (today - timedelta(days=2)).isoformat()
    wizard = BundleWizard(session, BundleState.from_json(data))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.start()
    settle(session)
    assert wizard.step == "outcome", wizard.error.text()
    assert wizard.deadline.date().toPython() == today - timedelta(days=2)
    forward(qtbot, wizard, session)
    assert wizard.result is None and "已过" in wizard.error.text()
