"""The 一件事 wizard driven by keys: a bundle of three accepted in part records what the same
request through the service records on another window (cases, outcomes, gap lists, the tie)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from tests.conftest import publish_coming_years, set_up_window
from tests.services.test_bundle_intake import MEMBERS, request, rows
from tests.ui.conftest import settle

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
    assert wizard.step == "questions"
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
    forward(qtbot, wizard, session)  # each member's suggested outcome
    assert wizard.step == "slips", wizard.error.text()
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
