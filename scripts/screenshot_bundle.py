#!/usr/bin/env python3
"""The 一件事 checklist as a clerk sees it: 新生儿出生一件事 (BUNDLE-0001) chosen in the item
step, both children's situations, the three members' questions, then the one checklist (each
line with its form and the members it serves), the 社保卡 form missing. The machinery (seeded
window, taskbar, shots) is that of scripts/screenshots.py:

    xvfb-run -a -s "-screen 0 1366x768x24" sh -c \
        'openbox & sleep 1; .venv/bin/python scripts/screenshot_bundle.py --screen 1366x768'

writes docs/screenshots/1366x768/07-bundle-checklist.png (without ``--screen``: the window
alone, in docs/screenshots/).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
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
    p = argparse.ArgumentParser()
    p.add_argument("--screen", metavar="WxH", help="take the whole screen, named so")
    args = p.parse_args()
    if args.screen:
        shots.OUT = shots.OUT / args.screen
        shots.WHOLE_SCREEN.append(True)
    shots.OUT.mkdir(parents=True, exist_ok=True)
    home = shots.Home(Path(tempfile.mkdtemp(prefix="counter-shots-")) / "home")
    ctx = shots.open_context(home)
    shots.seed(ctx)
    ctx.close()

    from app.ui import main as ui_main

    app = ui_main.application()
    bar = shots.taskbar() if args.screen else None
    window = ui_main.run(home, "zh_CN", credentials=("clerk1", shots.PASSWORD))
    assert window is not None and app is not None and (bar is not None) == bool(args.screen)
    if not args.screen:
        window.resize(1366, 768)
    window.activateWindow()
    shots.WINDOWS.append(window)
    shots.settle(window)

    window.new_intake()
    shots.settle(window)
    wiz = window.wizard
    ap = wiz.pages[0]
    shots.type_into(ap.applicant.name, "赵孟𫖯")
    shots.type_into(ap.applicant.id_number, shots.rid("11010519491231002"))
    shots.type_into(ap.applicant.phone, "13800001111")
    wiz.next_step()
    shots.settle(window)
    picker = wiz.pages[1].picker
    shots.type_into(picker.field, BUNDLE)
    shots.settle(window)
    QTest.keyClick(picker.field, Qt.Key.Key_Return)
    shots.settle(window)
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
    window.close()
    window.session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
