#!/usr/bin/env python3
"""Start-up time to an interactive main window, against a bare PySide6 window, at 10,000 items.

    .venv/bin/python bench/startup.py [--items 10000] [--runs 5]
    (headless by default; under Xvfb: xvfb-run -a .venv/bin/python bench/startup.py --platform xcb)

Before timing, a temporary data directory gets a generated catalog of realistic Chinese item
names (imported through ``ctx.catalog.import_catalog``), a set-up window and a clerk. Each run is
a fresh process; the clock starts in the parent just before the process is spawned, so the
interpreter's own start is counted. "Interactive" means: logged in (programmatically, the
password check included), main window shown and the event loop turning. Also printed: when the
home numbers and the item search index are ready (both load in the background); the start
with the login dialog (dialog on screen, Enter to main window, then the first F3 that opens the
intake wizard); and the time the item search takes per keystroke (key event handled, list
updated and repainted).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "counter2026"

PLACES = ["", "城乡", "农村", "城镇", "街道", "社区", "县级", "乡镇"]
SUBJECTS = [
    "居民基本养老保险",
    "基本医疗保险",
    "最低生活保障",
    "特困人员供养",
    "临时救助",
    "残疾人证",
    "老年人优待证",
    "高龄津贴",
    "居家养老服务补贴",
    "独生子女父母光荣证",
    "生育登记",
    "计划生育家庭奖励扶助",
    "就业创业证",
    "失业保险金",
    "就业困难人员",
    "创业担保贷款",
    "一次性创业补贴",
    "居住证",
    "户籍证明",
    "个体工商户",
    "食品经营许可",
    "食品摊贩",
    "退役军人优待证",
    "义务兵家庭优待金",
    "法律援助",
    "宅基地",
    "农村建房",
    "门诊慢特病",
    "医疗救助",
    "社会保障卡",
    "异地就医",
    "殡葬补贴",
    "孤儿基本生活费",
    "困境儿童",
    "残疾人两项补贴",
    "辅助器具",
    "住房租赁补贴",
    "公共租赁住房",
    "农业补贴",
    "耕地地力保护补贴",
    "林木采伐",
    "渔业船舶",
    "农机购置补贴",
    "动物防疫",
    "烟草零售",
    "酒类零售",
    "药品零售",
    "公共场所卫生",
    "道路运输",
    "出租汽车",
    "城市道路占用",
    "户外广告",
    "建筑垃圾处置",
    "排水许可",
    "燃气经营",
    "物业服务",
    "志愿服务",
    "慈善组织",
    "社会团体",
    "民办非企业单位",
]
ACTIONS = [
    "申请",
    "登记",
    "变更",
    "注销",
    "补领",
    "换领",
    "认定",
    "审核确认",
    "备案",
    "核发",
    "延续",
    "转移接续",
    "待遇领取",
    "资格认证",
    "信息维护",
    "证明出具",
    "年度报告",
    "暂停",
    "恢复",
    "查询",
]


def make_catalog(n: int, seed: int = 7):  # type: ignore[no-untyped-def]
    from app.core.catalog import Catalog, Item, Material, Option, Question

    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = rng.choice(PLACES) + rng.choice(SUBJECTS) + rng.choice(ACTIONS)
        if name in seen:
            name += f"（{rng.choice(['个人', '单位', '代办', '网办', '跨省', '首次', '补办'])}）"
        if name in seen:
            name += str(len(names))
        seen.add(name)
        names.append(name)
    items = []
    for i, name in enumerate(names):
        q = Question("s", "办理情形", False, (Option("s1", "本人办理"), Option("s2", "委托代办")))
        mats = (
            Material("m1", "申请表", "收原件", copies=1),
            Material(
                "m2",
                "申请人居民身份证",
                "验原件收复印件",
                copies=1,
                common_errors=("身份证已过有效期",),
            ),
            Material("m3", "户口簿", "验原件收复印件", necessity="容缺"),
            Material("m4", "授权委托书", "收原件", when=(("s2",),)),
        )
        items.append(
            Item(
                code=f"GEN-{i:05d}",
                name=name,
                department="县政务服务中心",
                promised_days=rng.choice([0, 5, 10, 15, 20]),
                questions=(q,),
                materials=mats,
            )
        )
    return Catalog(tuple(items), published_at="2026-11-01", source="bench")


def prepare(home_dir: Path, n: int) -> None:
    from app.bootstrap import open_context
    from app.paths import Home
    from app.services.window import FirstAdmin, WindowSetup, initialise

    ctx = open_context(Home(home_dir), load_demo=False)
    try:
        ctx.catalog.import_catalog(make_catalog(n), origin="bench")
        initialise(
            ctx.store,
            ctx.users,
            WindowSetup("C3301", "城东街道便民服务中心", "W03"),
            FirstAdmin("admin", "王管理", PASSWORD),
        )
        ctx.users.add("clerk1", "李窗口", "clerk", PASSWORD)
        ctx.catalog.index()  # warm nothing persistent; just checks the import
    finally:
        ctx.close()


# ---- the timed children -----------------------------------------------------------------------


def child_bare() -> dict[str, float]:
    t0 = float(os.environ["BENCH_T0"])
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    w.setCentralWidget(QLabel("Counter"))
    w.resize(1366, 768)
    w.show()
    out: dict[str, float] = {}

    def ready() -> None:
        out["interactive_ms"] = (time.time() - t0) * 1000
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()
    return out


def child_app(home_dir: str, keystrokes: bool) -> dict[str, float]:
    t0 = float(os.environ["BENCH_T0"])
    from app.paths import Home
    from app.ui import main as ui_main

    window = ui_main.run(Home(Path(home_dir)), "zh_CN", credentials=("clerk1", PASSWORD))
    assert window is not None
    from PySide6.QtCore import QTimer

    app = ui_main.application()
    out: dict[str, float] = {}

    def ready() -> None:
        out["interactive_ms"] = (time.time() - t0) * 1000
        window.session.db.drain()  # the store, then home numbers, sync status, search index
        out["background_ready_ms"] = (time.time() - t0) * 1000
        if keystrokes:
            out.update(measure_keystrokes(window))
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()
    window.close()
    window.session.close()
    return out


def child_dialog(home_dir: str) -> dict[str, float]:
    """The way a clerk starts it: the login dialog, the password typed, Enter, the main window.

    The clerk here types in no time, but only once the store has opened (it opens while the
    dialog waits; a person takes longer than that to type a password)."""
    t0 = float(os.environ["BENCH_T0"])
    from app.paths import Home
    from app.ui import login_dialog
    from app.ui import main as ui_main

    out: dict[str, float] = {}
    shown_exec = login_dialog.LoginDialog.exec

    def exec_and_type(dialog) -> int:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        out["login_dialog_ms"] = (time.time() - t0) * 1000  # shown and painted by now
        QApplication.processEvents()  # starts what runs while the clerk types
        db = QApplication.instance().findChild(type(dialog.worker), "db")  # type: ignore[union-attr]
        if db is not None:
            db.drain()  # the store opening behind the dialog
        out["store_open_ms"] = (time.time() - t0) * 1000
        dialog.username.setText("clerk1")
        dialog.password.setText(PASSWORD)
        out["enter"] = time.time()
        dialog.submit()
        return shown_exec(dialog)

    login_dialog.LoginDialog.exec = exec_and_type  # type: ignore[method-assign]
    preload = ui_main.load_intake_modules

    def timed_preload() -> None:  # the wizard's modules: loaded before Enter, as meant?
        preload()
        out["wizard_loaded_before_enter"] = 0.0 if "enter" in out else 1.0

    ui_main.load_intake_modules = timed_preload  # type: ignore[assignment]
    from app.ui import messages

    messages.ask = lambda *_a: False  # type: ignore[assignment]  # no unfinished intake to resume
    window = ui_main.run(Home(Path(home_dir)), "zh_CN")
    assert window is not None
    from PySide6.QtCore import QTimer

    app = ui_main.application()

    def ready() -> None:
        out["enter_to_main_ms"] = (time.time() - out.pop("enter")) * 1000
        window.session.db.drain()  # home numbers and the search index
        app.processEvents()
        start = time.perf_counter()  # the clerk presses F3 for the first time
        window.new_intake()
        app.processEvents()  # the wizard painted
        out["first_intake_ms"] = (time.perf_counter() - start) * 1000
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()
    window.close()
    window.session.close()
    return out


def measure_keystrokes(window) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Type queries into the wizard's item search; time each key until the list is repainted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window.new_intake()
    window.session.db.drain()
    page = window.wizard.pages[1]
    window.wizard.stack.setCurrentWidget(page)
    page.load(window.wizard.state)
    window.session.db.drain()
    QApplication.processEvents()
    field = page.picker.field
    # Fetched once: the first viewport() call initialises PySide's wrapper types (~20 ms), a
    # cost of this measurement, not of typing.
    viewport = page.picker.list.viewport()
    field.setFocus()
    queries = [
        "cxjmjbylbx",
        "canjiren",
        "gtgsh",
        "ylbxdy",
        "jzz",
        "shbzk",
        "ydjy",
        "dbsq",
        "tkry",
        "lsjz",
        "ldrz",
        "jyknry",
        "cyd",
        "mzmtb",
        "flyz",
        "zjd",
    ]
    timings: list[float] = []
    search_only: list[float] = []
    for q in queries:
        field.clear()
        QApplication.processEvents()
        for ch in q:
            start = time.perf_counter()
            QTest.keyClick(field, ch)
            viewport.repaint()  # include painting the new results
            timings.append((time.perf_counter() - start) * 1000)
            search_only.append(page.picker.last_search_ms)
        QTest.keyClick(field, Qt.Key.Key_Backspace)
    timings.sort()
    search_only.sort()

    def pct(xs: list[float], p: float) -> float:
        return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]

    return {
        "keys": len(timings),
        "key_p50_ms": pct(timings, 50),
        "key_p99_ms": pct(timings, 99),
        "key_max_ms": timings[-1],
        "search_p50_ms": pct(search_only, 50),
        "search_p99_ms": pct(search_only, 99),
    }


def spawn(
    kind: str, home: Path | None, platform: str, keystrokes: bool = False
) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": platform}
    args = [sys.executable, __file__, "--child", kind]
    if home is not None:
        args += ["--home", str(home)]
    if keystrokes:
        args.append("--keystrokes")
    env["BENCH_T0"] = repr(time.time())
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"child {kind} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--items", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    p.add_argument("--child", choices=("bare", "app", "dialog"))
    p.add_argument("--home")
    p.add_argument("--keystrokes", action="store_true")
    args = p.parse_args()
    if args.child == "bare":
        print(json.dumps(child_bare()))
        return 0
    if args.child == "app":
        print(json.dumps(child_app(args.home, args.keystrokes)))
        return 0
    if args.child == "dialog":
        print(json.dumps(child_dialog(args.home)))
        return 0

    # Byte-code as an installed build has it: where PYTHONDONTWRITEBYTECODE is set, every start
    # would otherwise compile every module of the application again.
    compileall.compile_dir(ROOT / "app", quiet=1)
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as tmp:
        home = Path(tmp) / "home"
        t = time.perf_counter()
        prepare(home, args.items)
        print(
            f"prepared {args.items} items in {time.perf_counter() - t:.1f} s "
            f"(platform {args.platform}, {args.runs} runs each)"
        )
        spawn("bare", None, args.platform)  # warm the file cache for both
        spawn("app", home, args.platform)
        bare, apps, dialogs = [], [], []
        for _ in range(args.runs):  # interleaved, so a busy moment of the machine hits both
            bare.append(spawn("bare", None, args.platform)["interactive_ms"])
            apps.append(spawn("app", home, args.platform))
            dialogs.append(spawn("dialog", home, args.platform))
        keys = spawn("app", home, args.platform, keystrokes=True)
    b = statistics.median(bare)
    a = statistics.median(r["interactive_ms"] for r in apps)
    b_min, a_min = min(bare), min(r["interactive_ms"] for r in apps)
    bg = statistics.median(r["background_ready_ms"] for r in apps)
    print(
        f"bare PySide6 window      : {b:7.0f} ms median, {b_min:.0f} best "
        f"(runs {', '.join(f'{x:.0f}' for x in bare)})"
    )
    app_runs = ", ".join(f"{r['interactive_ms']:.0f}" for r in apps)
    print(f"Counter main window      : {a:7.0f} ms median, {a_min:.0f} best (runs {app_runs})")
    print(f"  home + search index    : {bg:7.0f} ms (ready in the background)")
    # Another process on a shared machine only ever adds time: the best runs are the least
    # disturbed, so their ratio is printed beside the ratio of the medians.
    print(
        f"ratio                    : {a / b:7.2f} of the medians, {a_min / b_min:.2f} of the "
        f"best runs  (target <= 2.0)"
    )
    d = {
        k: statistics.median(r[k] for r in dialogs)
        for k in ("login_dialog_ms", "store_open_ms", "enter_to_main_ms", "first_intake_ms")
    }
    print(
        f"with the login dialog    : dialog ready {d['login_dialog_ms']:.0f} ms "
        f"(ratio {d['login_dialog_ms'] / b:.2f}), store open behind it at "
        f"{d['store_open_ms']:.0f} ms, Enter to main window {d['enter_to_main_ms']:.0f} ms, "
        f"then the first F3 (new intake) {d['first_intake_ms']:.0f} ms"
    )
    early = sum(bool(r.get("wizard_loaded_before_enter")) for r in dialogs)
    print(
        f"  the wizard's modules loaded while the password was typed in {early} of "
        f"{len(dialogs)} runs"
    )
    print(
        f"item search per keystroke at {args.items} items ({keys['keys']} keys): "
        f"p50 {keys['key_p50_ms']:.2f} ms, p99 {keys['key_p99_ms']:.2f} ms, "
        f"max {keys['key_max_ms']:.2f} ms (target < 16 ms); the search alone p50 "
        f"{keys['search_p50_ms']:.2f} ms, p99 {keys['search_p99_ms']:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
