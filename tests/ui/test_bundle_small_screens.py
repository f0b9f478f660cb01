"""The 一件事 wizard on the usual window PCs (1024x768 and 1366x768, less a taskbar and a
title bar): every step fits, nothing visible is cut, no column squeezed; the outcome step with
a member 容缺受理 (its deadline shown) too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.services.test_bundle_intake import MEMBERS
from tests.ui.conftest import settle
from tests.ui.screen_fit import SMALL, SMALL_125, WIDE, WIDE_125, all_problems
from tests.ui.test_bundle_drafts import choose_bundle
from tests.ui.test_bundle_wizard import BUNDLE_ANSWERS, forward, tick

SIZES = pytest.mark.parametrize(
    "available",
    [SMALL, WIDE, WIDE_125, SMALL_125],
    ids=["1024x768", "1366x768", "1366x768 at 125%", "1024x768 at 125%"],
)


def steps(qtbot, main_window, missing):
    """Each step of BUNDLE-0001 as the clerk reaches it; yields its name."""
    _host, wizard = choose_bundle(qtbot, main_window)
    session = main_window.session
    yield "questions"
    for qid, ql in wizard._question_lists.items():
        tick(qtbot, ql, BUNDLE_ANSWERS.get(qid, []))
    forward(qtbot, wizard, session)
    assert wizard.step == "members", wizard.error.text()
    yield "members"
    for (item, qid), ql in wizard._member_lists.items():
        if ql.isEnabled():
            tick(qtbot, ql, MEMBERS[item].get(qid, []))
    forward(qtbot, wizard, session)
    assert wizard.step == "checklist", wizard.error.text()
    wizard.table.setFocus()
    for k in wizard._keys:
        qtbot.keyClick(wizard.table, Qt.Key.Key_2 if k in missing else Qt.Key.Key_1)
    yield "checklist"
    forward(qtbot, wizard, session)
    assert wizard.step == "outcome", wizard.error.text()
    yield "outcome"
    forward(qtbot, wizard, session)
    assert wizard.step == "slips", wizard.error.text()
    settle(session)
    yield "slips"


@SIZES
@pytest.mark.parametrize(
    "missing",
    [("DEMO-0009/m1",), ("DEMO-0009/m5",)],
    ids=["accepted in part", "one member tolerated"],
)
def test_every_step_of_the_bundle_wizard_fits(main_window, qtbot, dialogs, available, missing):
    found = []
    for name in steps(qtbot, main_window, missing):
        main_window.resize(available)
        found += [f"{name}: {p}" for p in all_problems(main_window, available)]
    assert not found, "\n".join(found)
