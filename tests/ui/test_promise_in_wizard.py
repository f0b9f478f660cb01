"""告知承诺 at the window: on the checklist 4 (or P) marks a material promised where the catalog
offers a promise, the outcome step then offers 受理 (the service's preview decides), the slips
step shows the 告知承诺书, and the record is the one the command line's application file makes."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.core.checklist import ACCEPT, CORRECTION
from app.ui import theme
from app.ui.labels import verdict_labels
from tests.cli.test_cli_intake import application, write
from tests.conftest import PASSWORD
from tests.ui.conftest import settle
from tests.ui.driver import forward, key, records
from tests.ui.test_intake_wizard import APPLICANT, answer, choose_item, fill_applicant, start_intake

pytestmark = pytest.mark.gui

ITEM = "DEMO-0036"  # 居住证申领 on the grounds of a job: the 就业证明 (m5) may be promised
ANSWERS = {"q1": ["a1"], "q2": ["b1"], "q3": ["c2"]}


def to_materials(qtbot, window):  # type: ignore[no-untyped-def]
    wizard = start_intake(qtbot, window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, ITEM, ITEM)
    answer(qtbot, wizard, ANSWERS)
    return wizard, wizard.stack.currentWidget()


def mark(qtbot, page, marks):  # type: ignore[no-untyped-def]
    """``marks``: material id -> the key pressed on its row (present when not listed)."""
    for row, m in enumerate(page.model.materials):
        page.table.selectRow(row)
        page.table.setFocus()
        key(qtbot, page.table, marks.get(m.id, Qt.Key.Key_1))


def check_cell(page, mid):  # type: ignore[no-untyped-def]
    row = [m.id for m in page.model.materials].index(mid)
    return page.model.index(row, 3)


def test_a_promise_through_the_wizard_records_what_the_application_file_records(
    main_window, window_ctx, qtbot, dialogs, cli, tmp_path, monkeypatch
):
    wizard, page = to_materials(qtbot, main_window)
    assert "4" in page.key_hint()
    mark(qtbot, page, {"m5": Qt.Key.Key_4})
    cell = check_cell(page, "m5")
    assert cell.data() == verdict_labels()["promised"] == "承诺"
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color().name() == theme.VERDICT_INK["promised"]
    forward(qtbot, wizard)
    outcome = wizard.stack.currentWidget()
    assert outcome.step_id == "outcome", wizard.error.text()
    # The promise replaces the proof: nothing outstanding, 受理 offered and suggested.
    assert outcome.radios[ACCEPT].isEnabled() and outcome.radios[ACCEPT].isChecked()
    assert not outcome.radios[CORRECTION].isEnabled()
    assert "以承诺代替：就业证明" in outcome.summary.text()
    forward(qtbot, wizard)
    slips = wizard.stack.currentWidget()
    assert slips.step_id == "slips", wizard.error.text()
    assert [p.name for p in slips.panel.documents] == ["acceptance-01.pdf", "promise-01.pdf"]
    titles = [slips.panel.list.itemText(i) for i in range(slips.panel.list.count())]
    assert any("告知承诺书" in t for t in titles), titles
    assert not dialogs.errors

    # The same request as an application file through `counter intake`, at the same window.
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    doc = application(
        item=ITEM,
        answers=ANSWERS,
        applicant={
            "kind": "person",
            "name": APPLICANT[0],
            "id_type": "resident_id",
            "id_number": APPLICANT[1],
            "phone": APPLICANT[2],
        },
        materials={"m1": "ok", "m2": "ok", "m3": "ok", "m4": "ok", "m5": "promised"},
    )
    code, out, err = cli("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    assert json.loads(out)["outcome"] == ACCEPT
    by_wizard, by_file = records(window_ctx, "intake")
    assert by_wizard["case_no"] == wizard.result.case_no != by_file["case_no"]
    assert by_wizard["promised"] == by_file["promised"] == ["m5"]
    assert by_wizard["check_due"] == by_file["check_due"] is not None
    assert by_wizard["verdicts"] == by_file["verdicts"]
    assert by_wizard["verdicts"]["m5"]["verdict"] == "promised"
    assert by_wizard["outcome"] == by_file["outcome"] == ACCEPT


def test_a_promise_is_offered_only_where_the_catalog_has_one(main_window, qtbot, dialogs):
    wizard, page = to_materials(qtbot, main_window)
    mids = [m.id for m in page.model.materials]
    page.table.selectRow(mids.index("m5"))
    assert page.promise_offer.isVisible() and "4" in page.promise_offer.text()
    assert "4" in check_cell(page, "m5").data()  # unchecked: the offer shows in its row
    page.table.selectRow(mids.index("m1"))
    assert not page.promise_offer.isVisible()
    assert "4" not in check_cell(page, "m1").data()
    page.table.setFocus()
    key(qtbot, page.table, Qt.Key.Key_P)
    # Refused with what to do; nothing marked, the row stays where it was.
    assert "《居住证申领登记表》" in wizard.error.text() and "1" in wizard.error.text()
    assert "m1" not in page.model.verdicts
    assert page.table.currentIndex().row() == mids.index("m1")
    key(qtbot, page.table, Qt.Key.Key_1)
    assert not wizard.error.text()  # the next mark clears it
    settle(wizard.session)
