#!/usr/bin/env python3
"""Walk through the main screens with a demo window and save a PNG of each.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py [--lang en]

Writes docs/screenshots/NN-name.png, each window as it draws itself. With ``--screen`` the
whole screen is taken instead, as a clerk sees it on a window PC: a 40 px taskbar at the
bottom, the window placed and decorated by a window manager (run one first), every dialog
where it opens:

    xvfb-run -a -s "-screen 0 1024x768x24" sh -c \
        'openbox & sleep 1; .venv/bin/python scripts/screenshots.py --screen 1024x768'

which writes docs/screenshots/1024x768/NN-name.png (QT_SCALE_FACTOR=1.25 and
``--screen 1366x768-125`` or ``--screen 1024x768-125`` for a screen at 125%). The last two
shots are of practice mode (练习模式), the same clerk put in it by an administrator. The data
directory is a fresh temporary one: a window set up as 城东街道便民服务中心 / 综合受理3号窗口
with the demo catalog, a clerk, and a day's cases (one near its promised date, one overdue,
one waiting for pickup); applicants carry rare characters (张𠈌, 赵孟𫖯) so a font problem
shows at once.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.bootstrap import open_context  # noqa: E402
from app.core.cases import IntakeRequest  # noqa: E402
from app.core.checklist import Verdict  # noqa: E402
from app.core.identity import resident_id_check_char  # noqa: E402
from app.core.parties import Party  # noqa: E402
from app.paths import Home  # noqa: E402
from app.services.window import FirstAdmin, WindowSetup, initialise  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSWORD = "counter2026"


def rid(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def seed(ctx: Any) -> dict[str, str]:
    """A morning's work: cases in every state, some near or past their promised date.

    Returns the case numbers worth a screenshot of their own, by what they show."""
    initialise(
        ctx.store,
        ctx.users,
        WindowSetup(
            "C3301",
            "城东街道便民服务中心",
            "W03",
            "综合受理3号窗口",
            complaint_phone="0571-12345",
            query_phone="0571-88888888",
        ),
        FirstAdmin("admin", "王管理", PASSWORD),
    )
    ctx.users.add("clerk1", "李窗口", "clerk", PASSWORD)
    people = [
        Party("person", "赵孟𫖯", "resident_id", rid("33010219650315201"), "13900002222"),
        Party("person", "刘䶮", "resident_id", rid("33010219880101301"), "13700003333"),
        Party("person", "王𪚥", "resident_id", rid("33010219771111401"), None),
        Party("person", "陈静", "resident_id", rid("33010219920505502"), "13600004444"),
    ]

    def first(code: str) -> dict[str, list[str]]:
        return {q.id: [q.options[0].id] for q in ctx.catalog.item(code).questions}

    def ok_all(code: str, answers: dict[str, list[str]]) -> dict[str, Verdict]:
        pv = ctx.visits.preview(code, answers, {})
        return {m.id: Verdict("ok") for m in pv.evaluation.applicable}

    now = datetime.now().replace(second=0, microsecond=0)
    old = now - timedelta(days=40)
    # Overdue: accepted 40 days ago with a 22-day promise.
    ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "LOCAL-0014",
            people[2],
            first("LOCAL-0014"),
            ok_all("LOCAL-0014", first("LOCAL-0014")),
        ),
        now=old,
    )
    # Waiting for pickup.
    r = ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "DEMO-0019",
            people[3],
            first("DEMO-0019"),
            ok_all("DEMO-0019", first("DEMO-0019")),
        ),
        now=now - timedelta(days=3),
    )
    ctx.case_state.set_state(r.case_no, "result_ready", "clerk1")
    # Today: accepted, near its date (即办 / 3 days), a correction.
    accepted = ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "DEMO-0024",
            people[0],
            first("DEMO-0024"),
            ok_all("DEMO-0024", first("DEMO-0024")),
        ),
        now=now - timedelta(hours=2),
    )
    pv = ctx.visits.preview("LOCAL-0009", first("LOCAL-0009"), {})
    ids = [m.id for m in pv.evaluation.applicable]
    ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "LOCAL-0009",
            people[1],
            first("LOCAL-0009"),
            {ids[0]: Verdict("ok"), ids[1]: Verdict("defective", "照片为蓝底")},
        ),
        now=now - timedelta(hours=1),
    )
    ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "LOCAL-0006",
            None,
            outcome="consult",
            question="低保需要什么材料",
            answer="已打印办事指南",
        ),
        now=now - timedelta(minutes=30),
    )
    bundle = seed_bundle(ctx, people[3], now - timedelta(minutes=20))
    return {"accepted": accepted.case_no or "", "pickup": r.case_no or "", "bundle": bundle}


def seed_bundle(ctx: Any, applicant: Party, now: datetime) -> str:
    """新生儿出生一件事 accepted in part: 生育登记 and 医保参保 受理, 社会保障卡 一次性告知
    (its form missing). Returns the case told to correct: its page shows the 一件事告知单."""
    from app.core.checklist import MISSING
    from app.services.bundle_intake import BundleRequest

    members = {
        "DEMO-0026": {"q2": ["c1"], "q3": ["b1"]},
        "DEMO-0004": {"q2": ["c1"]},
        "DEMO-0009": {"q2": ["b1"]},
    }
    req = BundleRequest("clerk1", "BUNDLE-0001", applicant, {"x1": ["x1a", "x1b"]}, members)
    verdicts = {line.key: Verdict("ok") for line in ctx.bundles.preview(req, now.date()).lines}
    verdicts["DEMO-0009/m1"] = Verdict(MISSING, "申请人未携带，需到社保窗口领取后填写")
    done = ctx.bundles.submit(BundleRequest(**{**req.__dict__, "verdicts": verdicts}), now=now)
    return done.members[-1].result.case_no or ""


def settle(window: Any) -> None:
    for _ in range(3):
        window.session.db.drain()
        window.session.background.drain()
        QApplication.processEvents()


WINDOWS: list[Any] = []  # the main window, once it exists: its workers are drained per shot
WHOLE_SCREEN: list[bool] = []  # --screen: take the screen, title bars and taskbar included
TASKBAR = 40


def shot(widget: QWidget, name: str) -> None:
    QTest.qWait(250)  # previews follow the highlighted item once typing pauses
    for window in WINDOWS:
        settle(window)
    QApplication.processEvents()
    if WHOLE_SCREEN:
        QTest.qWait(150)  # the window manager maps and decorates the window
        QApplication.processEvents()
        screen = widget.screen() or QApplication.primaryScreen()
        picture = screen.grabWindow(0)
    else:
        picture = widget.grab()
    picture.save(str(OUT / f"{name}.png"))
    print("saved", OUT / f"{name}.png")


def taskbar() -> QWidget:
    """A 40 px taskbar along the bottom, which the window manager keeps clear (a dock with a
    strut), as on a window PC."""
    import shutil
    import subprocess

    from PySide6.QtWidgets import QLabel

    screen = QApplication.primaryScreen().geometry()
    ratio = QApplication.primaryScreen().devicePixelRatio()  # QT_SCALE_FACTOR=1.25: 40 px is 32
    height = round(TASKBAR / ratio)
    bar = QLabel("  开始   ▣ 综合受理窗口   ▣ 浏览器")
    bar.setAttribute(Qt.WidgetAttribute.WA_X11NetWmWindowTypeDock, True)
    bar.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
    bar.setStyleSheet("background: #20242b; color: #e8ecf1; font-size: 14px;")
    bar.setGeometry(0, screen.height() - height, screen.width(), height)
    bar.show()
    QTest.qWait(100)
    if shutil.which("xprop"):  # reserve the strip: maximised windows end above it
        right = round(screen.width() * ratio) - 1  # the window manager counts device pixels
        strut = f"0,0,0,{TASKBAR},0,0,0,0,0,0,0,{right}"
        subprocess.run(
            [
                "xprop",
                "-id",
                str(int(bar.winId())),
                "-f",
                "_NET_WM_STRUT_PARTIAL",
                "32c",
                "-set",
                "_NET_WM_STRUT_PARTIAL",
                strut,
            ],
            check=False,
        )
        subprocess.run(
            [
                "xprop",
                "-id",
                str(int(bar.winId())),
                "-f",
                "_NET_WM_STRUT",
                "32c",
                "-set",
                "_NET_WM_STRUT",
                f"0,0,0,{TASKBAR}",
            ],
            check=False,
        )
    QTest.qWait(300)
    return bar


def type_into(widget: QWidget, text: str) -> None:
    """Type like a keyboard (an IME commits CJK characters as key events with text)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    widget.setFocus()
    for ch in text:
        if ch.isascii():
            QTest.keyClick(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def to_materials(window: Any, name: str, shoot: Any = lambda _name: None) -> Any:
    """F3, the applicant typed, the item found by "cjr", its first situation: the wizard on
    the materials step. ``shoot(name)`` is called where a screenshot is worth taking."""
    window.new_intake()
    settle(window)
    wiz = window.wizard
    ap = wiz.pages[0]
    type_into(ap.applicant.name, name)
    type_into(ap.applicant.id_number, "11010519491231002")
    shoot("04-applicant-typing")
    type_into(ap.applicant.id_number, "X")
    type_into(ap.applicant.phone, "13800001111")
    wiz.next_step()
    settle(window)
    picker = wiz.pages[1].picker
    type_into(picker.field, "cjr")
    settle(window)
    shoot("05-item-search")
    QTest.keyClick(picker.field, Qt.Key.Key_Return)
    settle(window)
    qp = wiz.pages[2]
    if wiz.stack.currentWidget() is qp:
        for _m, buttons in qp.groups.values():
            buttons[0][1].setChecked(True)
        shoot("06-situation")
        wiz.next_step()
        settle(window)
    return wiz


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    p.add_argument(
        "--screen",
        metavar="WxH",
        help="take the whole screen (the X display's size, named so) with a taskbar",
    )
    p.add_argument(
        "--only",
        choices=("supervision",),
        help="only the supervisor's and administrator's screens (21- onwards)",
    )
    args = p.parse_args()
    global OUT
    if args.screen:
        OUT = OUT / args.screen
        WHOLE_SCREEN.append(True)
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "zh_CN" else "-en"
    tmp = Path(tempfile.mkdtemp(prefix="counter-shots-"))
    home = Home(tmp / "home")
    ctx = open_context(home)
    cases = seed(ctx)
    ctx.close()
    if args.only == "supervision":
        from app.ui import main as ui_main

        ui_main.application()
        kept = taskbar() if args.screen else None  # noqa: F841  (shown while the shots are taken)
        supervision(home, tmp, cases["pickup"], args.screen is None, suffix, args.lang)
        return 0

    from app.ui import main as ui_main
    from app.ui.login_dialog import LoginDialog
    from app.ui.setup_dialog import SetupDialog
    from app.ui.worker import Worker

    app = ui_main.application()
    bar = taskbar() if args.screen else None
    # The first-start and login dialogs, as a new window shows them.
    fresh = open_context(Home(tmp / "fresh"))
    ui_main.prepare(app, args.lang)
    d = SetupDialog(fresh, Worker("x", 1))
    d.show()
    shot(d, f"01-first-start{suffix}")
    d.close()
    login = LoginDialog(
        fresh.users.authenticate, Worker("y", 1), "城东街道便民服务中心\n综合受理3号窗口"
    )
    login.username.setText("clerk1")
    login.show()
    shot(login, f"02-login{suffix}")
    login.close()
    fresh.close()

    window = ui_main.run(home, args.lang, credentials=("clerk1", PASSWORD))
    assert window is not None
    if not args.screen:  # the whole screen: where and how large the window places itself
        window.resize(1366, 768)
    window.activateWindow()  # the keyboard focus, and so the focus ring, is in this window
    # As the clerk first sees it: shown while the store is still opening behind it.
    if args.screen:
        shot(window, f"03-opening{suffix}")
    else:
        window.grab().save(str(OUT / f"03-opening{suffix}.png"))
        print("saved", OUT / f"03-opening{suffix}.png")
    WINDOWS.append(window)
    settle(window)
    shot(window, f"03-home{suffix}")

    # A new intake for 张𠈌: 第二代残疾人证申请转报 is one of the real guides.
    wiz = to_materials(window, "张𠈌", lambda name: shot(window, f"{name}{suffix}"))
    mp = wiz.pages[3]
    QTest.keyClick(mp.table, Qt.Key.Key_1)
    QTest.keyClick(mp.table, Qt.Key.Key_3)
    type_into(mp.reason.lineEdit(), "复印件不清晰")
    QTest.keyClick(mp.reason.lineEdit(), Qt.Key.Key_Return)
    QTest.keyClick(mp.table, Qt.Key.Key_2)
    shot(window, f"07-materials{suffix}")
    mp.mark_rest_ok()
    wiz.next_step()
    settle(window)
    shot(window, f"08-outcome{suffix}")
    wiz.next_step()
    settle(window)
    settle(window)
    shot(window, f"09-slips{suffix}")
    wiz.next_step()
    settle(window)
    review = wiz.pages[6].prompt.review_window
    if review is not None:
        review.choose(2)
        shot(review, f"10-review{suffix}")
        review.quick[0].setChecked(True)
        review.submit()
        settle(window)
    shot(window, f"11-reviewed{suffix}")
    case_no = wiz.result.case_no
    wiz.next_step()
    settle(window)

    # A case accepted this morning: its materials go on to the back office (材料流转).
    window.open_case(cases["accepted"])
    settle(window)
    shot(window, f"12-case{suffix}")
    # The applicant comes back with what was missing: the scanner types the number anywhere.
    window.open_case(case_no)
    settle(window)
    shot(window, f"12-case-supplement{suffix}")
    # 一件事 accepted in part: the member told to correct, with the visit's one 告知单 shown.
    window.open_case(cases["bundle"])
    settle(window)
    panel = window._pages["case"].slips
    panel.list.setCurrentIndex(
        next(i for i, p in enumerate(panel.documents) if p.name.startswith("bundle-"))
    )
    settle(window)
    shot(window, f"12-case-bundle-slip{suffix}")
    window.open_case(cases["pickup"])
    settle(window)
    shot(window, f"13-pickup{suffix}")

    window.consultation()
    settle(window)
    page = window._pages["consultation"]
    type_into(page.browser.picker.field, "zdshbz")
    settle(window)
    page.question.setText("低保申请需要哪些材料？")
    shot(window, f"14-consultation{suffix}")
    window.checklists()
    settle(window)
    browser = window._pages["checklists"].browser
    type_into(browser.picker.field, "残疾人证新办")
    settle(window)
    shot(window, f"15-checklists{suffix}")
    window.complaint()
    settle(window)
    shot(window, f"16-complaint{suffix}")
    from app.ui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(window.session, window)
    dlg.show()
    shot(dlg, f"17-settings{suffix}")
    dlg.close()
    # A confirmation, as F3 asks in the middle of an intake (messages.ask, shown modeless here).
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = QMessageBox(
        QMessageBox.Icon.Question,
        window.tr("Intake in progress"),
        window.tr("An intake is in progress ({0}). Keep it as a draft and start a new one?").format(
            "张𠈌 · 第二代残疾人证申请转报"
        ),
        buttons,
        window,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.show()
    shot(box, f"17-confirmation{suffix}")
    box.close()
    window.go_home()
    settle(window)
    shot(window, f"18-home-after{suffix}")
    window.close()
    window.session.close()
    practice(home, args.screen is None, suffix)
    supervision(home, tmp, cases["pickup"], args.screen is None, suffix, args.lang)
    if bar is not None:
        bar.close()
    return 0


def practice(home: Home, resize: bool, suffix: str) -> None:
    """The same clerk put in practice mode by an administrator: the window on the practice
    store, its band, and a recorded practice intake with its slip (marked 练习)."""
    from app.services.practice import set_practice
    from app.ui import main as ui_main

    ctx = open_context(home)
    set_practice(ctx.store, "clerk1", True)
    ctx.close()
    window = ui_main.run(home, None, credentials=("clerk1", PASSWORD))
    assert window is not None
    if resize:
        window.resize(1366, 768)
    window.activateWindow()
    WINDOWS[:] = [window]
    settle(window)
    shot(window, f"19-practice-home{suffix}")
    wiz = to_materials(window, "练习甲")
    wiz.pages[3].mark_rest_ok()
    wiz.next_step()  # the outcome
    settle(window)
    wiz.next_step()  # recorded in the practice store
    settle(window)
    settle(window)
    shot(window, f"20-practice-slips{suffix}")
    wiz.next_step()
    settle(window)
    wiz.finish()
    window.close()
    window.session.close()


def supervision(
    home: Home, tmp: Path, collected: str, resize: bool, suffix: str, lang: str | None = None
) -> None:
    """The administrator's screens (a supervisor sees the same but catalog versions): home
    naming an overdue ticket, the rectification list, entering a 12345 referral, the day's
    report with its pages, the archive, and a catalog file compared before it is imported."""
    import json

    from app.core import catalog_format
    from app.core import tickets as tk
    from app.core.figures import month_period
    from app.services.archive import ArchiveService
    from app.services.tickets import TicketService
    from app.ui import main as ui_main

    ctx = open_context(home)
    ctx.users.add("boss", "吴科长", "supervisor", PASSWORD)
    service, now = TicketService(ctx), datetime.now()
    late = service.open(
        "boss", "spot_check", "上午 9:10 窗口无人（脱岗）", now=now - timedelta(days=12)
    )
    service.act(late.id, tk.Act("take", "boss"), now=now - timedelta(days=11))
    service.open(
        "boss",
        "hotline",
        "来电反映办理居住证被要求提供清单外的租房证明",
        referral_no="GD" + now.strftime("%Y%m%d") + "-0113",
        reply_by=ctx.calendar.calendar().add_workdays(now.date(), 2),
        now=now,
    )
    fixed = service.open("boss", "evaluation", "第三方暗访：导办台无人主动引导", now=now)
    service.act(fixed.id, tk.Act("take", "boss"), now=now)
    service.act(
        fixed.id, tk.Act("fix", "boss", "导办台高峰时段安排专人引导", category="attitude"), now=now
    )
    ctx.close()
    # The result waiting this morning is collected: its case ends and is filed (立卷).
    import os

    from app.cli.main import main as counter

    os.environ["COUNTER_PASSWORD"] = PASSWORD
    counter(["--home", str(home.root), "case", "state", collected, "delivered", "--clerk", "admin"])
    ctx = open_context(home)
    ArchiveService(ctx).file_period(month_period(now.year, now.month), "admin", now=now)
    doc = catalog_format.dump_catalog(ctx.catalog.export())
    doc["items"][0]["promised_days"] = max(0, (doc["items"][0].get("promised_days") or 5) - 2)
    doc["items"].pop()
    next_catalog = tmp / "县级目录-下一版.json"
    next_catalog.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    ctx.close()

    window = ui_main.run(home, lang, credentials=("admin", PASSWORD))
    assert window is not None
    if resize:
        window.resize(1366, 768)
    window.activateWindow()
    WINDOWS[:] = [window]
    settle(window)
    shot(window, f"21-home-tickets{suffix}")
    window.nav_buttons["tickets"].click()
    settle(window)
    page = window._pages["tickets"]
    page.table.selectRow(2)  # the one fixed and waiting for its call-back; the overdue one red
    settle(window)
    shot(window, f"22-tickets{suffix}")
    from app.ui.tickets_page import NewTicketDialog

    dialog = NewTicketDialog(window.session, window)
    dialog.source.setCurrentIndex(dialog.source.findData("hotline"))
    dialog.summary.setPlainText("反映社保卡补办需到两个窗口排队")
    dialog.referral_no.setText("GD" + now.strftime("%Y%m%d") + "-0127")
    dialog.show()
    shot(dialog, f"23-ticket-new{suffix}")
    dialog.close()
    window.nav_buttons["reports"].click()
    settle(window)
    shot(window, f"24-reports{suffix}")
    window.nav_buttons["archive"].click()
    settle(window)
    shot(window, f"25-archive{suffix}")
    window.nav_buttons["versions"].click()
    settle(window)
    window._pages["versions"].preview_file(next_catalog)
    settle(window)
    shot(window, f"26-catalog-versions{suffix}")
    window.close()
    window.session.close()


if __name__ == "__main__":
    raise SystemExit(main())


def intake_at_item(code: str, argv: list[str] | None = None) -> tuple[Any, Any]:
    """For the scripts that take one flow (screenshot_promise.py, screenshot_bundle.py): a
    seeded window logged in as the clerk, an intake begun for the demo applicant with ``code``
    chosen in the item step. ``--screen WxH`` takes the whole screen (named so) as here.
    Returns (window, wizard)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    global OUT
    p = argparse.ArgumentParser()
    p.add_argument("--screen", metavar="WxH", help="take the whole screen, named so")
    args = p.parse_args(argv)
    if args.screen:
        OUT = OUT / args.screen
        WHOLE_SCREEN.append(True)
    OUT.mkdir(parents=True, exist_ok=True)
    home = Home(Path(tempfile.mkdtemp(prefix="counter-shots-")) / "home")
    ctx = open_context(home)
    seed(ctx)
    ctx.close()

    from app.ui import main as ui_main

    app = ui_main.application()
    bar = taskbar() if args.screen else None
    window = ui_main.run(home, "zh_CN", credentials=("clerk1", PASSWORD))
    assert window is not None and app is not None and (bar is not None) == bool(args.screen)
    if not args.screen:
        window.resize(1366, 768)
    window.activateWindow()
    WINDOWS.append(window)
    settle(window)

    window.new_intake()
    settle(window)
    wiz = window.wizard
    ap = wiz.pages[0]
    type_into(ap.applicant.name, "赵孟𫖯")
    type_into(ap.applicant.id_number, rid("11010519491231002"))
    type_into(ap.applicant.phone, "13800001111")
    wiz.next_step()
    settle(window)
    picker = wiz.pages[1].picker
    type_into(picker.field, code)
    settle(window)
    QTest.keyClick(picker.field, Qt.Key.Key_Return)
    settle(window)
    return window, wiz
