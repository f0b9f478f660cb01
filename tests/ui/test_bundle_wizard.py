"""The 一件事 wizard driven by keys: a bundle of three accepted in part records what the same
request through the service records on another window (cases, outcomes, gap lists, the tie)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from tests.conftest import publish_coming_years, set_up_window
from tests.services.test_bundle_intake import MEMBERS, request, rows
from tests.ui.conftest import settle
from tests.ui.driver import count, records, type_text

BUNDLE_ANSWERS = {"x1": ["x1a", "x1b"]}


def tick(qtbot, ql, wanted: list[str]) -> None:
    """Move down the option list with ↓ and tick each wanted option with Space."""
    ql.setFocus()
    qtbot.keyClick(ql, Qt.Key.Key_Home)
    for row in range(ql.count()):
        if ql.item(row).data(Qt.ItemDataRole.UserRole) in wanted:
            qtbot.keyClick(ql, Qt.Key.Key_Space)
        qtbot.keyClick(ql, Qt.Key.Key_Down)


def forward(qtbot, wizard, session) -> None:
    qtbot.keyClick(
        wizard.focusWidget() or wizard, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    settle(session)


def what_was_recorded(ctx, numbers: list[str]) -> dict:
    ties = []
    for (payload,) in rows(ctx, "select payload from records where kind = 'intake' order by seq"):
        data = json.loads(payload)
        tie = dict(data["bundle"])
        tie.pop("id")
        ties.append((data.get("item") or data.get("item_code"), data.get("outcome"), tie))
    cases = [ctx.cases.case(n) for n in numbers]
    return {
        "ties": ties,
        "cases": [
            (c.item_code, c.state, dict(c.answers), [g.name for g in c.told], c.outstanding)
            for c in cases
        ],
    }


def take_bundle(qtbot, wizard, session, outcome=None) -> None:
    """BUNDLE-0001 by keys: both children, the three members' answers, every line present
    but the 社保卡 form, each member's suggested outcome."""
    assert wizard.step == "questions", wizard.error.text()
    for qid, ql in wizard._question_lists.items():
        tick(qtbot, ql, BUNDLE_ANSWERS.get(qid, []))
    forward(qtbot, wizard, session)
    assert wizard.step == "members", wizard.error.text()
    assert [m.item.code for m in wizard.decision.members] == list(MEMBERS)
    for (item, qid), ql in wizard._member_lists.items():
        if ql.isEnabled():
            tick(qtbot, ql, MEMBERS[item].get(qid, []))
        else:  # fixed by the bundle: shown ticked, not editable
            assert ql.picked()
    forward(qtbot, wizard, session)
    assert wizard.step == "checklist", wizard.error.text()
    table = wizard.table
    table.setFocus()
    for key in wizard._keys:
        qtbot.keyClick(table, Qt.Key.Key_2 if key == "DEMO-0009/m1" else Qt.Key.Key_1)
    forward(qtbot, wizard, session)
    assert wizard.step == "outcome", wizard.error.text()
    if outcome is not None:
        outcome(qtbot, wizard)
    forward(qtbot, wizard, session)  # each member's suggested outcome, unless changed
    assert wizard.step == "slips", wizard.error.text()


def test_a_bundle_of_three_taken_by_keys_records_what_the_service_records(
    qtbot, session, applicant, tmp_path
):
    from app.ui.wizard.bundle_state import BundleState
    from app.ui.wizard.bundle_wizard import BundleWizard

    wizard = BundleWizard(session, BundleState("BUNDLE-0001", applicant=applicant))
    qtbot.addWidget(wizard)
    wizard.resize(1366, 700)
    wizard.show()
    wizard.start()
    settle(session)
    take_bundle(qtbot, wizard, session)
    result = wizard.result
    assert [m.result.outcome for m in result.members] == ["accept", "accept", "correction"]
    assert Path(result.documents[0]).name == "bundle-01.pdf"  # the 一件事办理告知单 first
    assert [str(p) for p in wizard.slips.documents] == result.documents

    # The same request through the service, on a second window.
    from app.bootstrap import open_context
    from app.paths import Home

    other = open_context(Home(tmp_path / "second"))
    try:
        publish_coming_years(other)
        set_up_window(other)
        direct = other.bundles.submit(request(other, applicant))
        here = what_was_recorded(session.ctx, [m.result.case_no for m in result.members])
        there = what_was_recorded(other, [m.result.case_no for m in direct.members])
    finally:
        other.close()
    assert here == there
    assert [c[3] for c in here["cases"]] == [[], [], ["《社会保障卡申领登记表》"]]


def test_choosing_a_bundle_in_the_item_step_opens_the_bundle_wizard(
    main_window, window_ctx, qtbot, dialogs
):
    from tests.ui.test_intake_wizard import APPLICANT, fill_applicant, start_intake

    host = start_intake(qtbot, main_window)
    fill_applicant(qtbot, host)
    page = host.stack.currentWidget()
    type_text(qtbot, page.picker.field, "新生儿出生")
    codes = [r.code for r in page.picker.model.rows]
    for _ in range(codes.index("BUNDLE-0001")):
        qtbot.keyClick(page.picker.field, Qt.Key.Key_Down)
    qtbot.keyClick(page.picker.field, Qt.Key.Key_Return)
    settle(host.session)
    wizard = host.bundle_wizard
    assert wizard.isVisible() and not host.stack.isVisible()
    assert wizard.state.applicant.name == APPLICANT[0]  # the applicant already taken
    take_bundle(qtbot, wizard, host.session)
    assert [m.result.outcome for m in wizard.result.members] == ["accept", "accept", "correction"]
    cases = {
        c.case_no: c
        for c in (window_ctx.cases.case(m.result.case_no) for m in wizard.result.members)
    }
    assert {c.applicant.id_number for c in cases.values()} == {APPLICANT[1]}
    assert count(window_ctx, "drafts") == 0
    qtbot.keyClick(main_window, Qt.Key.Key_F3)  # the next applicant: nothing to ask about
    settle(host.session)
    assert dialogs.asked == [] and main_window.wizard is not host
    kept = [d for (d,) in rows(window_ctx, "select id from drafts")]
    assert host.state.draft_id not in kept  # the recorded visit left no draft behind
    forward(qtbot, main_window.wizard, host.session)  # the new intake is there, untouched
    assert main_window.wizard.stack.currentWidget().step_id == "applicant"


def test_the_slips_step_finishes_by_ctrl_enter(main_window, window_ctx, qtbot, dialogs):
    from tests.ui.test_intake_wizard import fill_applicant, start_intake

    host = start_intake(qtbot, main_window)
    fill_applicant(qtbot, host)
    from app.ui.wizard.bundle_wizard import take_over

    wizard = take_over(host, "BUNDLE-0001")
    settle(host.session)
    take_bundle(qtbot, wizard, host.session)
    forward(qtbot, wizard, host.session)  # the slips: Ctrl+Enter finishes
    assert main_window.wizard is None


def test_the_clerk_refuses_one_member_by_keys_where_its_rules_allow(qtbot, session, applicant):
    from app.ui.wizard.bundle_state import BundleState
    from app.ui.wizard.bundle_wizard import BundleWizard

    def refuse_the_card(qtbot, wizard):
        box = wizard._outcome_boxes["DEMO-0009"]
        offered = [box.itemData(i) for i in range(box.count())]
        assert offered[0] == "correction" and "accept" not in offered  # its form is missing
        while wizard.focusWidget() is not box:
            qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Tab)
        for _ in range(offered.index("refuse")):
            qtbot.keyClick(box, Qt.Key.Key_Down)
        qtbot.keyClick(box, Qt.Key.Key_Tab)
        type_text(qtbot, wizard.focusWidget(), "申请人已有社会保障卡")

    wizard = BundleWizard(session, BundleState("BUNDLE-0001", applicant=applicant))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.start()
    settle(session)
    take_bundle(qtbot, wizard, session, refuse_the_card)
    assert wizard.step == "slips", wizard.error.text()
    assert [m.result.outcome for m in wizard.result.members] == ["accept", "accept", "refuse"]
    refused = [r for r in records(session.ctx, "intake") if r.get("outcome") == "refuse"]
    assert [r.get("reason") for r in refused] == ["申请人已有社会保障卡"]


def test_a_promise_the_catalog_does_not_offer_is_refused_on_its_line(qtbot, session, applicant):
    from app.ui.wizard.bundle_state import BundleState
    from app.ui.wizard.bundle_wizard import BundleWizard

    wizard = BundleWizard(session, BundleState("BUNDLE-0001", applicant=applicant))
    qtbot.addWidget(wizard)
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
    promised = "DEMO-0009/m1"  # the 社保卡 form: no promise may replace it
    wizard.table.setFocus()
    for key in wizard._keys:
        qtbot.keyClick(wizard.table, Qt.Key.Key_4 if key == promised else Qt.Key.Key_1)
    forward(qtbot, wizard, session)
    assert wizard.step == "checklist" and wizard.result is None
    assert wizard.error.text()
    assert wizard._keys[wizard.table.currentRow()] == promised
