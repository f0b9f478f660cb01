"""Promises in the 一件事 wizard: 失业一件事 with the clerk choosing 承诺 (key 4) for the
materials the catalog lets a promise replace; the slip step shows each member's letters with
its notice, from the same kept PDFs a reprint hands back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.printing.slip_helpers import flat_text, squash
from tests.services.test_bundle_promises import MEMBERS, PROMISES
from tests.ui.conftest import settle
from tests.ui.test_bundle_wizard import forward, tick

ANSWERS = {"y1": ["y1a", "y1b"]}


def test_the_slip_step_shows_each_members_promise_letters(qtbot, session, applicant):
    from app.ui.slip_panel import doc_title
    from app.ui.wizard.bundle_state import BundleState
    from app.ui.wizard.bundle_wizard import BundleWizard

    wizard = BundleWizard(session, BundleState("BUNDLE-0002", applicant=applicant))
    qtbot.addWidget(wizard)
    wizard.resize(1366, 700)
    wizard.show()
    wizard.start()
    settle(session)
    for qid, ql in wizard._question_lists.items():
        tick(qtbot, ql, ANSWERS.get(qid, []))
    forward(qtbot, wizard, session)
    assert wizard.step == "members", wizard.error.text()
    for (item, qid), ql in wizard._member_lists.items():
        if ql.isEnabled():
            tick(qtbot, ql, MEMBERS[item].get(qid, []))
    forward(qtbot, wizard, session)
    assert wizard.step == "checklist", wizard.error.text()
    assert set(PROMISES) <= set(wizard._keys)
    wizard.table.setFocus()
    for key in wizard._keys:
        qtbot.keyClick(wizard.table, Qt.Key.Key_4 if key in PROMISES else Qt.Key.Key_1)
    forward(qtbot, wizard, session)
    assert wizard.step == "outcome", wizard.error.text()
    assert wizard._outcome_boxes["DEMO-0032"].currentData() == "tolerate"
    assert wizard.deadline_row.isVisible()  # the date the 容缺 promise brings the proof by
    forward(qtbot, wizard, session)
    assert wizard.step == "slips", wizard.error.text()

    result = wizard.result
    cases = {m.item_code: m.result.case_no for m in result.members}
    shown = [Path(p) for p in wizard.slips.documents]
    assert [str(p) for p in shown] == result.documents
    letters = [p.parent.name for p in shown if p.name == "promise-01.pdf"]
    assert letters == [cases["DEMO-0032"], cases["DEMO-0033"]]  # in member order
    assert [p.parent.name for p in shown if p.name == "tolerance-01.pdf"] == [cases["DEMO-0032"]]
    # Each letter follows its member's notice, so the clerk hands them over member by member.
    names = [(p.parent.name, p.name) for p in shown]
    assert names.index((cases["DEMO-0032"], "promise-01.pdf")) == (
        names.index((cases["DEMO-0032"], "tolerance-01.pdf")) + 1
    )
    # Each member's slips are named with the member: two 告知承诺书 are told apart.
    titles = [wizard.slips.list.itemText(i) for i in range(wizard.slips.list.count())]
    for code in ("DEMO-0032", "DEMO-0033"):
        letter = shown[names.index((cases[code], "promise-01.pdf"))]
        item = session.ctx.catalog.item(code).name
        assert f"{doc_title(letter)} · {item}" in titles
    assert titles[0] == doc_title(shown[0])  # the 告知单 is the bundle's own
    # What the step previews and prints is the kept letter with the catalog's promise.
    diploma = session.ctx.catalog.item("DEMO-0033").material("m7")
    kept = session.ctx.slips.reprint(cases["DEMO-0033"], "promise")
    assert (
        kept.read_bytes() == shown[names.index((cases["DEMO-0033"], "promise-01.pdf"))].read_bytes()
    )
    assert squash(diploma.commitment.text) in flat_text(kept.read_bytes())
