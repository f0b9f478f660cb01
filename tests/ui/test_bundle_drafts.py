"""The 一件事 wizard keeps a draft like the single one: a bundle left half done (the window
closed, another applicant taken first) is offered again and resumes at its step with the
applicant, the answers and the verdicts given; recording the visit removes the draft."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.services.test_bundle_intake import MEMBERS, rows
from tests.ui.conftest import settle
from tests.ui.driver import count, type_text
from tests.ui.test_bundle_wizard import BUNDLE_ANSWERS, forward, tick

MISSING = "DEMO-0009/m1"  # the 社保卡 form


def choose_bundle(qtbot, main_window):
    """F3, the applicant typed, 新生儿出生一件事 chosen in the item step: its wizard."""
    from tests.ui.test_intake_wizard import fill_applicant, start_intake

    host = start_intake(qtbot, main_window)
    fill_applicant(qtbot, host)
    page = host.stack.currentWidget()
    type_text(qtbot, page.picker.field, "新生儿出生")
    codes = [r.code for r in page.picker.model.rows]
    for _ in range(codes.index("BUNDLE-0001")):
        qtbot.keyClick(page.picker.field, Qt.Key.Key_Down)
    qtbot.keyClick(page.picker.field, Qt.Key.Key_Return)
    settle(host.session)
    return host, host.bundle_wizard


def half_a_bundle(qtbot, wizard, session) -> list[str]:
    """The bundle's and the members' questions answered, the first half of the checklist
    marked (the 社保卡 form missing, the rest present); returns the keys marked."""
    for qid, ql in wizard._question_lists.items():
        tick(qtbot, ql, BUNDLE_ANSWERS.get(qid, []))
    forward(qtbot, wizard, session)
    for (item, qid), ql in wizard._member_lists.items():
        if ql.isEnabled():
            tick(qtbot, ql, MEMBERS[item].get(qid, []))
    forward(qtbot, wizard, session)
    assert wizard.step == "checklist", wizard.error.text()
    marked = [*wizard._keys[: len(wizard._keys) // 2], MISSING]
    wizard.table.setFocus()
    for row, k in enumerate(wizard._keys):
        if k in marked:
            wizard.table.setCurrentCell(row, 0)
            qtbot.keyClick(wizard.table, Qt.Key.Key_2 if k == MISSING else Qt.Key.Key_1)
    return marked


def drafts(ctx) -> list[tuple[str, dict]]:
    return [(k, json.loads(d)) for k, d in rows(ctx, "select kind, data from drafts")]


def reopen(qtbot, session, dialogs):
    """The next start of Counter: the draft offered, 是 resumes it."""
    from app.ui.main_window import MainWindow

    second = MainWindow(session)
    qtbot.addWidget(second)
    second.show()
    second.start()
    settle(session)
    dialogs.asked.clear()
    dialogs.answers = [True]
    second.offer_resume()
    settle(session)
    return second


def test_a_half_done_bundle_resumes_after_the_window_closes_and_recording_removes_the_draft(
    main_window, window_ctx, session, qtbot, dialogs
):
    _host, wizard = choose_bundle(qtbot, main_window)
    marked = half_a_bundle(qtbot, wizard, session)
    given = {k: dict(v) for k, v in wizard.state.verdicts.items()}
    assert sorted(given) == sorted(marked)
    applicant = wizard.state.applicant

    dialogs.answers = [True]  # 关闭 Counter? the intake is kept as a draft
    main_window.close()
    settle(session)
    assert not main_window.isVisible()
    assert "新生儿出生一件事" in dialogs.asked[0] and applicant.name in dialogs.asked[0]
    kept = drafts(window_ctx)
    assert [k for k, _ in kept] == ["bundle"]  # the bundle's draft replaced the intake's
    data = kept[0][1]
    assert data["bundle_code"] == "BUNDLE-0001" and data["step"] == "checklist"
    assert data["verdicts"] == given and data["answers"] == BUNDLE_ANSWERS

    second = reopen(qtbot, session, dialogs)
    assert "新生儿出生一件事" in dialogs.asked[0]
    resumed = second.wizard.bundle_wizard
    assert resumed is not None and resumed.isVisible()
    assert resumed.step == "checklist", resumed.error.text()
    assert resumed.state.applicant == applicant and resumed.state.draft_id == data["draft_id"]
    assert resumed.state.verdicts == given
    check = {k: resumed.table.item(row, 3).text() for row, k in enumerate(resumed._keys)}
    assert check[MISSING] == "缺少" and all(check[k] == "齐全" for k in marked if k != MISSING)
    assert all(check[k] == "未核对" for k in resumed._keys if k not in marked), check
    # The earlier steps are there too, with what was chosen on them.
    qtbot.keyClick(resumed.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert resumed.step == "members"
    for (item, qid), ql in resumed._member_lists.items():
        if ql.isEnabled():
            assert ql.picked() == MEMBERS[item].get(qid, []), (item, qid)
    forward(qtbot, resumed, session)
    assert resumed.step == "checklist" and resumed.state.verdicts == given

    # The rest of the checklist, each member's suggested outcome: recorded, no draft left.
    resumed.table.setFocus()
    for row, k in enumerate(resumed._keys):
        if k not in marked:
            resumed.table.setCurrentCell(row, 0)
            qtbot.keyClick(resumed.table, Qt.Key.Key_1)
    forward(qtbot, resumed, session)
    assert resumed.step == "outcome", resumed.error.text()
    forward(qtbot, resumed, session)
    assert resumed.step == "slips", resumed.error.text()
    outcomes = [m.result.outcome for m in resumed.result.members]
    assert outcomes == ["accept", "accept", "correction"]
    settle(session)
    assert count(window_ctx, "drafts") == 0
    assert {(r.applicant.name, r.applicant.id_number) for r in _cases(window_ctx, resumed)} == {
        (applicant.name, applicant.id_number)
    }


def _cases(ctx, wizard):
    return [ctx.cases.case(m.result.case_no) for m in wizard.result.members]


def test_a_bundle_put_aside_for_the_next_applicant_is_kept_and_cancelling_drops_it(
    main_window, window_ctx, session, qtbot, dialogs
):
    host, wizard = choose_bundle(qtbot, main_window)
    half_a_bundle(qtbot, wizard, session)
    dialogs.answers = [True]  # F3: keep it as a draft and take the next applicant
    qtbot.keyClick(main_window, Qt.Key.Key_F3)
    settle(session)
    assert "新生儿出生一件事" in dialogs.asked[-1]
    assert main_window.wizard is not host and main_window.wizard.bundle_wizard is None
    kinds = sorted(k for k, _ in drafts(window_ctx))
    assert kinds == ["bundle", "intake"]  # the bundle kept, the new applicant's intake begun
    bundle = next(d for k, d in drafts(window_ctx) if k == "bundle")
    assert bundle["step"] == "checklist" and bundle["verdicts"]

    # The new applicant leaves (its intake cancelled); the bundle is taken up again, then
    # given up: 放弃 removes its draft.
    dialogs.answers = [True]
    qtbot.mouseClick(main_window.wizard.cancel_button, Qt.MouseButton.LeftButton)
    settle(session)
    assert [k for k, _ in drafts(window_ctx)] == ["bundle"]
    second = reopen(qtbot, session, dialogs)
    resumed = second.wizard.bundle_wizard
    assert resumed.step == "checklist" and resumed.state.verdicts == bundle["verdicts"]
    dialogs.answers = [True]
    qtbot.mouseClick(resumed.cancel_button, Qt.MouseButton.LeftButton)
    settle(session)
    assert second.wizard is None and count(window_ctx, "drafts") == 0


def test_another_language_carries_the_bundle_on_at_its_step(
    main_window, window_ctx, session, qtbot, dialogs, qapp
):
    from app.ui import main as ui_main
    from app.ui.i18n import install_language

    _host, wizard = choose_bundle(qtbot, main_window)
    half_a_bundle(qtbot, wizard, session)
    given = dict(wizard.state.verdicts)
    try:
        new = ui_main.rebuild_in(main_window, "en")
        qtbot.addWidget(new)
        settle(session)
        resumed = new.wizard.bundle_wizard
        assert resumed is not None and resumed.step == "checklist", resumed.error.text()
        assert resumed.state.verdicts == given and resumed.state.draft_id == wizard.state.draft_id
        assert resumed.next_button.text() == "Next (Ctrl+Enter)"
        assert [k for k, _ in drafts(window_ctx)] == ["bundle"]
    finally:
        install_language(qapp, "zh_CN")
