#!/usr/bin/env python3
"""Keys a clerk presses for an intake, counted on the real main window and intake wizard.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/keystrokes.py [--silent-print]

A temporary data directory gets the demo catalog, a set-up window, a clerk and a
``devices.json`` with the ID card reader as a helper process (``app.devices.id_helper_sim``, the
vendor helper's stand-in, reading a JSON "card") and the evaluation pad simulator (the
applicant rates 5). The main window is driven with key events only
(``QTest.keyClick`` / ``keyClicks`` on the focused widget; no mouse, no call into the wizard):

(a) the standard intake: F3, F5 (card read), the phone typed, the item found by its pinyin
    initials, the situation answered, the 5 materials present, accept, print, the review on
    the pad, finish;
(b) a one-time notice (一次性告知: one material missing), then the supplement visit opened by a
    scanner burst of the printed case number (keys a few ms apart, Shift around each capital,
    Enter), the missing material present, accept, print, review, finish.

Printing goes to a PDF file instead of a printer (the bench replaces the printer choice, as
the tests do, so no dialog opens); message boxes are replaced by a list of what they said,
and any message ends the bench with an error. After each flow the store is read to check
that the case exists with the expected outcome and that the review was recorded.

A key with modifiers (Ctrl+Enter) counts as one key. "Keys after card read" counts every key
after F5 up to and including the last one that finishes the visit; the digits of the phone
number are listed but not counted (the applicant dictates them); the scanner burst is the
scanner's, not the clerk's, and is not counted either. With ``--silent-print`` the window is
set to print without a dialog (the settings' 直接打印): the slips print as the visit is
recorded, and Ctrl+P is not pressed. Either way, once the slip has printed the wizard goes on
to the review by itself (no key).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "counter2026"
CLERK = "clerk1"
ITEM = "LOCAL-0009"  # 第二代残疾人证申请转报: one situation question, 5 materials
ITEM_INITIALS = "dedcjrzsqzb"  # its pinyin initials: typed until it heads the list
PHONE = "13800001111"
TARGET = 12


def resident_id(first17: str) -> str:
    from app.core.identity import resident_id_check_char

    return first17 + resident_id_check_char(first17)


def prepare(home_dir: Path, silent_print: bool) -> None:
    from app.bootstrap import open_context
    from app.models.store_key import KEY_ENV
    from app.models.store_key import create as create_key
    from app.paths import Home
    from app.services.window import FirstAdmin, WindowSetup, initialise

    if not os.environ.get(KEY_ENV):  # no keyring on a bench machine: the key file
        home_dir.mkdir(parents=True, exist_ok=True)
        create_key(home_dir, key_file=True)
    ctx = open_context(Home(home_dir))  # the demo catalog
    try:
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
        ctx.users.add(CLERK, "李窗口", "clerk", PASSWORD)
        if silent_print:
            from app.services.preferences import save_preferences

            save_preferences(ctx.store, {"silent_print": True})
    finally:
        ctx.close()
    card = home_dir / "card.json"
    card.write_text(
        json.dumps(
            {
                "name": "张𠈌",
                "id_number": resident_id("11010519491231002"),
                "sex": "男",
                "nation": "汉",
                "birth": "19491231",
                "address": "北京市朝阳区某街道1号",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    pad = home_dir / "pad.json"
    pad.write_text(json.dumps({"level": 5, "reason": None}), encoding="utf-8")
    # The reader as on a window PC: the vendor helper process, here its stand-in that answers
    # the JSON-lines protocol from the card file.
    helper = shlex.join([sys.executable, "-m", "app.devices.id_helper_sim", str(card)])
    (home_dir / "devices.json").write_text(
        json.dumps(
            {"id_reader": "helper", "id_helper": helper, "pad": "simulator", "pad_file": str(pad)}
        ),
        encoding="utf-8",
    )


# ---- hooks: no modal box, no printer dialog ----------------------------------------------------


@dataclass
class Hooks:
    messages: list[str] = field(default_factory=list)
    printed: list[Path] = field(default_factory=list)


def install_hooks(out_dir: Path) -> Hooks:
    from PySide6.QtPrintSupport import QPrinter

    from app.ui import messages, printer

    hooks = Hooks()

    def ask(_parent, _title, text, default=True):  # type: ignore[no-untyped-def]
        hooks.messages.append(f"asked: {text}")
        return default

    messages.ask = ask
    messages.show_error = lambda _p, exc, title=None: hooks.messages.append(  # type: ignore[assignment]
        f"error: {messages.describe(exc)}"
    )
    messages.inform = lambda *a: hooks.messages.append(f"inform: {a[2] if len(a) > 2 else a}")

    def to_pdf(pdf: Path, _silent: bool, _parent: object) -> QPrinter:
        target = out_dir / f"printed-{len(hooks.printed) + 1}-{pdf.stem}.pdf"
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(target))
        hooks.printed.append(target)
        return p

    printer.choose_printer = to_pdf  # type: ignore[assignment]
    return hooks


# ---- keys ---------------------------------------------------------------------------------------


class Keyboard:
    """Sends key events to the focused widget and keeps the sequence, as a clerk pressed it."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        self.window = window
        self.sequence: list[tuple[str, bool]] = []  # (label, counted)

    def settle(self) -> None:
        from PySide6.QtWidgets import QApplication

        s = self.window.session
        for _ in range(3):
            QApplication.processEvents()
            while s.db.busy or s.background.busy:
                s.db.drain()
                s.background.drain()
                QApplication.processEvents()

    def target(self):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        return QApplication.focusWidget() or self.window

    def key(self, label: str, key, mods=None, counted: bool = True) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.keyClick(self.target(), key, mods or Qt.KeyboardModifier.NoModifier)
        self.sequence.append((label, counted))
        self.settle()

    def type(self, text: str, counted: bool = True) -> None:
        from PySide6.QtTest import QTest

        for ch in text:
            QTest.keyClicks(self.target(), ch)
            self.sequence.append((ch, counted))
            self.settle()

    def scan(self, code: str) -> None:
        """A keyboard-wedge scanner: the keys a few ms apart, Shift around each capital, Enter.

        Sent through the main window's native window, where keys from a keyboard arrive (and
        where the window watches for scanner bursts) before they reach the focused widget."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        native = self.window.windowHandle()
        shift, none = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.NoModifier
        for ch in code:
            if ch.isupper():
                QTest.keyPress(native, Qt.Key.Key_Shift, shift)
                QTest.keyClick(native, ch, shift)
                QTest.keyRelease(native, Qt.Key.Key_Shift, none)
            else:
                QTest.keyClick(native, ch, none)
        QTest.keyClick(native, Qt.Key.Key_Return, none)
        self.sequence.append((f"[scan {code} + Enter]", False))
        self.settle()

    def mark(self) -> int:
        return len(self.sequence)

    def since(self, start: int) -> tuple[int, str]:
        part = self.sequence[start:]
        return sum(1 for _l, c in part if c), ", ".join(label for label, _c in part)


def step(window) -> str:  # type: ignore[no-untyped-def]
    w = window.wizard
    if w is None or window.stack.currentWidget() is not w:
        return type(window.stack.currentWidget()).__name__
    return w.stack.currentWidget().step_id


def expect(window, hooks: Hooks, wanted: str) -> None:  # type: ignore[no-untyped-def]
    now = step(window)
    error = window.wizard.error.text() if window.wizard is not None else ""
    if now != wanted or hooks.messages:
        raise SystemExit(
            f"expected {wanted}, at {now}; wizard says {error!r}; messages {hooks.messages}"
        )


# ---- the flows ----------------------------------------------------------------------------------


def applicant_and_item(kb: Keyboard, hooks: Hooks) -> int:
    """F3, F5, the phone, the item, the situation: up to the materials. Returns the mark after
    the card read."""
    from PySide6.QtCore import Qt

    window = kb.window
    kb.key("F3", Qt.Key.Key_F3, counted=False)
    expect(window, hooks, "applicant")
    kb.key("F5", Qt.Key.Key_F5, counted=False)
    page = window.wizard.stack.currentWidget()
    if page.applicant.name.text() != "张𠈌":
        raise SystemExit(f"the card was not read: {page.reader_label.text()}")
    after_card = kb.mark()
    kb.type(PHONE, counted=False)
    kb.key("Enter", Qt.Key.Key_Return)
    expect(window, hooks, "item")
    picker = window.wizard.stack.currentWidget().picker
    for ch in ITEM_INITIALS:  # the clerk stops typing once the item is at the top
        kb.type(ch)
        if picker.current_code() == ITEM:
            break
    else:
        raise SystemExit(f"{ITEM_INITIALS!r} never puts {ITEM} first")
    kb.key("Enter", Qt.Key.Key_Return)
    expect(window, hooks, "questions")
    kb.key("Space", Qt.Key.Key_Space)  # the first situation (本人申请) ticked
    kb.key("Enter", Qt.Key.Key_Return)
    expect(window, hooks, "materials")
    n = window.wizard.stack.currentWidget().model.rowCount()
    if n != 5:
        raise SystemExit(f"{ITEM} with this situation needs {n} materials, not 5")
    return after_card


def record_print_review_finish(kb: Keyboard, hooks: Hooks, silent: bool) -> str:
    """From the materials: on to the outcome, record, print, the pad's review, finish."""
    from PySide6.QtCore import Qt

    window = kb.window
    ctrl = Qt.KeyboardModifier.ControlModifier
    kb.key("Ctrl+Enter", Qt.Key.Key_Return, ctrl)
    expect(window, hooks, "outcome")
    printed = len(hooks.printed)
    kb.key("Ctrl+Enter", Qt.Key.Key_Return, ctrl)  # record
    wizard = window.wizard
    result = wizard.result
    if not silent:
        expect(window, hooks, "slips")
        kb.key("Ctrl+P", Qt.Key.Key_P, ctrl)
    if len(hooks.printed) <= printed or not all(p.exists() for p in hooks.printed[printed:]):
        raise SystemExit(f"no slip printed; messages {hooks.messages}")
    expect(window, hooks, "review")  # the slip printed, the review follows: the pad answers
    if wizard.pages[-1].prompt.done_level != 5:
        raise SystemExit(f"no review: {wizard.pages[-1].prompt.status.text()}")
    kb.key("Ctrl+Enter", Qt.Key.Key_Return, ctrl)  # finish
    if window.wizard is not None or hooks.messages:
        raise SystemExit(f"the visit did not finish; messages {hooks.messages}")
    return result.case_no


def stored(home: Path, case_no: str) -> tuple[str | None, str, int, str]:
    """The case's outcome and state, how many pad reviews its visits got, and its materials'
    verdicts (1 present, 2 missing, 3 defective, in the catalog's order), from the store."""
    from app.models import opener  # the store is encrypted: opened with its key

    con = opener.connect(home / "counter.sqlite3", readonly=True, tune=False)
    try:
        row = con.execute(
            "select id, outcome, state, materials from cases where case_no = ?", (case_no,)
        ).fetchone()
        if row is None:
            raise SystemExit(f"case {case_no} is not in the store")
        case_id, outcome, state, materials = row
        reviews = [
            json.loads(p)
            for (p,) in con.execute(
                "select payload from records where kind = 'review' and case_id = ?", (case_id,)
            )
        ]
    finally:
        con.close()
    # The applicant's rating from the pad simulator: 5, one per visit.
    rated = sum(1 for r in reviews if r.get("level") == 5 and r.get("channel") == "pad")
    codes = {"ok": "1", "missing": "2", "defective": "3"}
    marks = "".join(
        codes.get(v.get("verdict") if isinstance(v, dict) else v, "?")
        for _k, v in sorted(json.loads(materials).items())
    )
    return outcome, state, rated, marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--silent-print",
        action="store_true",
        help="the window prints without a dialog as the visit is recorded",
    )
    args = parser.parse_args()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    tmp = Path(tempfile.mkdtemp(prefix="counter-keys-"))
    home_dir = tmp / "home"
    home_dir.mkdir()
    prepare(home_dir, args.silent_print)

    app = QApplication(sys.argv[:1])
    from app.ui import theme
    from app.ui.fonts import load_fonts
    from app.ui.i18n import install_language

    install_language(app, "zh_CN")
    load_fonts(app)
    theme.apply(app)
    hooks = install_hooks(tmp)

    from app.bootstrap import open_context
    from app.paths import Home
    from app.ui.main_window import MainWindow
    from app.ui.session import Session
    from app.ui.worker import Worker

    home = Home(home_dir)
    ctx = open_context(home)
    session = Session.open(ctx, ctx.users.get(CLERK), Worker("db", 1), Worker("print", 1))
    window = MainWindow(session)
    window.show()
    window.activateWindow()
    window.start()
    kb = Keyboard(window)
    kb.settle()
    db_file = Path(home.db)
    ok = True

    # (a) the standard intake
    t0 = time.perf_counter()
    start = kb.mark()
    after_card = applicant_and_item(kb, hooks)
    kb.key("F8", Qt.Key.Key_F8)  # the required ones not yet checked: present (all 5)
    case_a = record_print_review_finish(kb, hooks, args.silent_print)
    seconds_a = time.perf_counter() - t0
    outcome, state, reviews, marks = stored(db_file.parent, case_a)
    n_a, _ = kb.since(after_card)
    _, seq_a = kb.since(start)
    print("(a) standard intake: card read, 5 materials present, accepted, printed, reviewed")
    print(f"  keys after card read: {n_a} (phone digits excluded)")
    print(f"  sequence: {seq_a}")
    print(
        f"  store: case {case_a}, outcome {outcome}, state {state}, materials {marks}, "
        f"pad reviews {reviews}"
    )
    print(f"  ({seconds_a:.1f} s of machine time for the whole flow)")
    if outcome != "accept" or reviews != 1 or marks != "11111":
        print("  FAILED: the store does not hold an accepted case with its review")
        ok = False

    # (b) a one-time notice, then the supplement opened by scanning its number
    start = kb.mark()
    after_card = applicant_and_item(kb, hooks)
    for mark in "112":  # present, present (each moves to the next row), the third missing
        kb.key(mark, getattr(Qt.Key, f"Key_{mark}"))
    kb.key("F8", Qt.Key.Key_F8)  # the other two present
    case_b = record_print_review_finish(kb, hooks, args.silent_print)
    outcome, state, reviews, marks = stored(db_file.parent, case_b)
    n_b, _ = kb.since(after_card)
    _, seq_b = kb.since(start)
    print("(b) one-time notice: card read, 1 of 5 materials missing, notice printed, reviewed")
    print(f"  keys after card read: {n_b} (phone digits excluded)")
    print(f"  sequence: {seq_b}")
    print(
        f"  store: case {case_b}, outcome {outcome}, state {state}, materials {marks}, "
        f"pad reviews {reviews}"
    )
    if outcome != "correction" or reviews != 1 or marks != "11211":
        print("  FAILED: the store does not hold a one-time notice with its review")
        ok = False

    start = kb.mark()
    kb.scan(case_b)
    if step(window) != "CasePage" or window.case_page().case.case_no != case_b:
        raise SystemExit(f"the scan did not open {case_b}: at {step(window)}; {hooks.messages}")
    ctrl = Qt.KeyboardModifier.ControlModifier
    kb.key("Ctrl+Enter", Qt.Key.Key_Return, ctrl)  # check the missing materials
    expect(window, hooks, "materials")
    if window.wizard.stack.currentWidget().model.rowCount() != 1:
        raise SystemExit("the supplement does not list the one missing material")
    kb.key("1", Qt.Key.Key_1)
    record_print_review_finish(kb, hooks, args.silent_print)
    outcome, state, reviews, marks = stored(db_file.parent, case_b)
    n_s, seq_s = kb.since(start)
    print("(b) supplement visit: opened by the scanner, the missing material present, accepted")
    print(f"  keys after the scan: {n_s} (the scanner's burst not counted)")
    print(f"  sequence: {seq_s}")
    print(
        f"  store: case {case_b}, outcome {outcome}, state {state}, materials {marks}, "
        f"pad reviews {reviews}"
    )
    if outcome != "accept" or reviews != 2 or marks != "11111":
        print("  FAILED: the store does not hold the case accepted after the supplement")
        ok = False

    print(
        f"  slips printed to PDF: {len(hooks.printed)} "
        f"({', '.join(p.name.split('-', 2)[2] for p in hooks.printed)})"
    )
    met = "met" if n_a <= TARGET else "not met"
    print(f"target: {n_a} <= {TARGET} for the standard intake: {met}")

    window.close()
    if session.id_reader is not None:
        session.id_reader.close()  # ends the helper process
    session.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
