"""The wizard offers a clerk only what their post (岗位职责分工表) authorises: a post holding
收件 only never offers 受理 nor records an original as checked; an item outside the clerk's
posts is refused when it is chosen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.core.checklist import ACCEPT, CORRECTION
from app.core.posts import FORMAT_TAG, parse_posts
from tests.ui.conftest import settle
from tests.ui.driver import forward, key, type_text
from tests.ui.test_intake_wizard import answer, check_materials, fill_applicant, start_intake


def publish(ctx: Any, items: Any, depths: list[str]) -> None:
    from app.services.posts import store_published

    doc = {
        "format": FORMAT_TAG,
        "version": "2027-01",
        "posts": [
            {
                "code": "RECV",
                "name": "咨询导办",
                "kind": "导办",
                "items": items,
                "depths": {"*": depths},
                "members": [{"username": "clerk1", "role": "A"}],
            },
            {
                "code": "FRONT",
                "name": "前台综合受理",
                "kind": "前台",
                "items": "*",
                "depths": {"*": ["收件", "原件核验", "一次性告知", "受理"]},
                "members": [{"username": "admin", "role": "A"}],
            },
        ],
    }
    with ctx.store.write() as s:
        store_published(s, 3, parse_posts(doc))


def test_a_receiving_only_post_is_not_offered_acceptance(main_window, window_ctx, qtbot, dialogs):
    publish(window_ctx, "*", ["收件"])
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    page = wizard.stack.currentWidget()
    type_text(qtbot, page.picker.field, "cjr")
    codes = [r.code for r in page.picker.model.rows]
    for _ in range(codes.index("LOCAL-0009")):
        key(qtbot, page.picker.field, Qt.Key.Key_Down)
    key(qtbot, page.picker.field, Qt.Key.Key_Return)
    settle(wizard.session)
    assert wizard.state.item_code == "LOCAL-0009", wizard.error.text()
    answer(qtbot, wizard, {"s": ["s1"]})
    # Every material present: m1 (收原件及复印件) says its original was checked, which this
    # post may not (原件核验): the wizard stays at the materials and says which one.
    page = wizard.stack.currentWidget()
    for row in range(len(page.model.materials)):
        page.table.selectRow(row)
        page.table.setFocus()
        key(qtbot, page.table, Qt.Key.Key_1)
    forward(qtbot, wizard)
    assert wizard.stack.currentWidget().step_id == "materials"
    assert "原件核验" in wizard.error.text() and "申请人身份证" in wizard.error.text()
    outcome = check_materials(qtbot, wizard, {"m1": "2"})
    assert not outcome.radios[ACCEPT].isEnabled() and not outcome.radios[ACCEPT].isChecked()
    assert "受理" in outcome.why[ACCEPT].text()
    assert not outcome.radios[CORRECTION].isEnabled()
    assert not dialogs.errors


def test_an_item_outside_the_clerks_posts_is_refused_when_chosen(
    main_window, window_ctx, qtbot, dialogs
):
    publish(window_ctx, ["LOCAL-0001"], ["收件", "一次性告知"])
    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    page = wizard.stack.currentWidget()
    type_text(qtbot, page.picker.field, "cjr")
    codes = [r.code for r in page.picker.model.rows]
    for _ in range(codes.index("LOCAL-0009")):
        key(qtbot, page.picker.field, Qt.Key.Key_Down)
    key(qtbot, page.picker.field, Qt.Key.Key_Return)
    settle(wizard.session)
    assert wizard.state.item_code is None
    assert wizard.stack.currentWidget().step_id == "item"
    shown = wizard.error.text()
    assert "收件" in shown and "咨询导办" in shown and "前台综合受理" in shown
