#!/usr/bin/env python3
"""The intake of a material promised in its place (告知承诺), as a clerk sees it: the checklist
with 承诺 chosen for the 就业证明 of 居住证申领 (DEMO-0036), the outcome step offering 受理, and
the slips step with the 告知承诺书. The machinery (seeded window, taskbar, shots) is that of
scripts/screenshots.py:

    xvfb-run -a -s "-screen 0 1366x768x24" sh -c \
        'openbox & sleep 1; .venv/bin/python scripts/screenshot_promise.py --screen 1366x768'

writes docs/screenshots/1366x768/07-materials-promise.png, 08-outcome-promise.png and
09-slips-promise.png (the same for ``1024x768`` on a screen of that size; without ``--screen``:
the window alone, in docs/screenshots/).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshots as shots
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

ITEM = "DEMO-0036"
ANSWERS = {"q1": "a1", "q2": "b1", "q3": "c2"}  # a job is the ground: m5 may be promised
PROMISED = "m5"


def main() -> int:
    window, wiz = shots.intake_at_item(ITEM)
    qp = wiz.pages[2]
    for qid, option in ANSWERS.items():
        dict(qp.groups[qid][1])[option].setChecked(True)
    wiz.next_step()
    shots.settle(window)
    mp = wiz.stack.currentWidget()
    assert mp.step_id == "materials", wiz.error.text()
    mp.table.setFocus()
    for row, m in enumerate(mp.model.materials):
        mp.table.selectRow(row)
        QTest.keyClick(mp.table, Qt.Key.Key_4 if m.id == PROMISED else Qt.Key.Key_1)
    mp.table.selectRow([m.id for m in mp.model.materials].index(PROMISED))
    shots.shot(window, "07-materials-promise")
    wiz.next_step()
    shots.settle(window)
    shots.shot(window, "08-outcome-promise")
    wiz.next_step()
    shots.settle(window)
    shots.settle(window)
    slips = wiz.stack.currentWidget()
    slips.panel.list.setCurrentIndex(slips.panel.list.count() - 1)  # the 告知承诺书
    shots.shot(window, "09-slips-promise")
    window.close()
    window.session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
