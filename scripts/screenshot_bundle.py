#!/usr/bin/env python3
"""The 一件事 flow as a clerk sees it: 新生儿出生一件事 (BUNDLE-0001) chosen in the item step,
both children's situations, the three members' questions, then the one checklist (each line
with its form and the members it serves), the 社保卡 form missing; the outcome of each member
(受理, 受理, 一次性告知: accepted in part); recorded, the slips. The machinery (seeded window,
taskbar, shots) is that of scripts/screenshots.py:

    xvfb-run -a -s "-screen 0 1366x768x24" sh -c \
        'openbox & sleep 1; .venv/bin/python scripts/screenshot_bundle.py --screen 1366x768'

writes docs/screenshots/1366x768/07-bundle-checklist.png, 08-bundle-outcome.png and
09-bundle-slips.png (``--screen 1024x768`` on a 1024x768 screen likewise; without
``--screen``: the window alone, in docs/screenshots/).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshots as shots
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

BUNDLE = "BUNDLE-0001"
ANSWERS = {"x1": ["x1a", "x1b"]}
MEMBERS = {
    "DEMO-0026": {"q2": ["c1"], "q3": ["b1"]},
    "DEMO-0004": {"q2": ["c1"]},
    "DEMO-0009": {"q2": ["b1"]},
}
MISSING = "DEMO-0009/m1"


def tick(ql, wanted: list[str]) -> None:
    for row in range(ql.count()):
        item = ql.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in wanted:
            item.setCheckState(Qt.CheckState.Checked)


def main() -> int:
    window, wiz = shots.intake_at_item(BUNDLE)
    bw = wiz.bundle_wizard
    for qid, ql in bw._question_lists.items():
        tick(ql, ANSWERS.get(qid, []))
    bw.next_step()
    shots.settle(window)
    for (item, qid), ql in bw._member_lists.items():
        if ql.isEnabled():
            tick(ql, MEMBERS[item].get(qid, []))
    bw.next_step()
    shots.settle(window)
    assert bw.step == "checklist", bw.error.text()
    bw.table.setFocus()
    for key in bw._keys:
        QTest.keyClick(bw.table, Qt.Key.Key_2 if key == MISSING else Qt.Key.Key_1)
    bw.table.setCurrentCell(bw._keys.index(MISSING), 0)
    shots.shot(window, "07-bundle-checklist")
    bw.next_step()
    shots.settle(window)
    assert bw.step == "outcome", bw.error.text()
    outcomes = {code: box.currentData() for code, box in bw._outcome_boxes.items()}
    assert outcomes == {"DEMO-0026": "accept", "DEMO-0004": "accept", "DEMO-0009": "correction"}
    shots.shot(window, "08-bundle-outcome")
    bw.next_step()  # recorded: the 一件事办理告知单 first, then each member's slips
    shots.settle(window)
    assert bw.step == "slips", bw.error.text()
    shots.shot(window, "09-bundle-slips")
    window.close_quietly()
    window.session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
