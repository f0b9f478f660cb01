"""Printing through the real print path: the case page's print action sends the kept slip to a
CUPS queue (Debian's cups with printer-driver-cups-pdf, which writes each job as a PDF), and
the printed page still carries the slip and a barcode that scans at 203 dpi. A stopped or
missing printer tells the clerk, and the case and its kept slip stay for a reprint.

Needs cupsd and the CUPS-PDF driver: under CI=true, as root on Debian, the fixture installs them
with apt-get (as run.py installs poppler-utils for the slip scans); elsewhere it skips and says
what to install.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageFilter, ImageStat
from PySide6.QtCore import Qt

from app.services.settings import Settings
from tests.ui.conftest import settle
from tests.ui.driver import key
from tests.ui.test_cases_and_visits import accepted_case
from tests.unavailable import cannot_run

PACKAGES = ["cups", "cups-client", "cups-bsd", "printer-driver-cups-pdf"]
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
THERMAL_DPI = 203
CI = os.environ.get("CI") == "true"


def _have_cups() -> bool:
    return all(shutil.which(t) for t in ("cupsd", "lpadmin", "lpstat", "cupsdisable")) and (
        PPD.exists()
    )


def _install() -> None:
    if not sys.platform.startswith("linux"):
        cannot_run("CUPS printing is tested on Linux")
    if _have_cups():
        return
    if CI and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], env=env, check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES],
            env=env,
            check=False,
        )
    if not _have_cups():
        cannot_run(
            "CUPS with a PDF printer is not installed: apt-get install " + " ".join(PACKAGES)
        )


def _scheduler_running() -> bool:
    r = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, check=False)
    return "is running" in r.stdout and "not" not in r.stdout


def thermal_ppd(folder: Path) -> Path:
    """The CUPS-PDF driver as an 8 dots/mm receipt printer: its one resolution is 203 dpi, so
    Qt rasterises at 203 dpi and ghostscript keeps every dot where it is."""
    lines = []
    for line in PPD.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("*DefaultResolution:"):
            line = "*DefaultResolution: 203dpi"
        elif line.startswith("*Resolution "):
            if "300dpi" not in line:
                continue
            line = '*Resolution 203dpi/203 DPI: "<</HWResolution[203 203]>>setpagedevice"'
        lines.append(line)
    path = folder / "counter-thermal-203.ppd"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def pdf_printer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A CUPS-PDF queue of its own, the default printer of this process; its output folder."""
    _install()
    if not _scheduler_running():
        subprocess.run(["cupsd"], check=True)  # forks into the background, as on a PC
        for _ in range(100):
            if _scheduler_running():
                break
            time.sleep(0.1)
    name = f"CounterTest{secrets.token_hex(3)}"
    subprocess.run(
        ["lpadmin", "-p", name, "-v", "cups-pdf:/", "-E", "-P", str(thermal_ppd(tmp_path))],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("PRINTER", name)  # CUPS's default destination for this process
    out = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"  # cups-pdf: Out ${HOME}/PDF
    yield name, out
    subprocess.run(["lpadmin", "-x", name], check=False, capture_output=True)


def _new_pdfs(out: Path, before: set[Path]) -> list[Path]:
    return sorted(set(out.glob("*.pdf")) - before) if out.is_dir() else []


def _wait_for_job(name: str, out: Path, before: set[Path]) -> list[Path]:
    """The PDFs the queue wrote once its jobs completed (cupsd, ghostscript, cups-pdf)."""
    for _ in range(1200):
        queued = subprocess.run(["lpstat", "-o", name], capture_output=True, text=True).stdout
        printed = _new_pdfs(out, before)
        if printed and not queued.strip():
            return printed
        time.sleep(0.1)
    return _new_pdfs(out, before)


def _raster(pdf: Path, dpi: int) -> Image.Image:
    page = pdfium.PdfDocument(str(pdf))[0]
    gray = page.render(scale=dpi / 72).to_pil().convert("L")
    return gray.convert("1", dither=Image.Dither.NONE).convert("L")


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean grey difference of the two pages blurred over 3 dots, at the best shift of up to
    3 dots each way."""
    a, b = a.filter(ImageFilter.BoxBlur(3)), b.filter(ImageFilter.BoxBlur(3))
    return min(
        ImageStat.Stat(ImageChops.difference(ImageChops.offset(a, dx, dy), b)).mean[0]
        for dx in range(-3, 4)
        for dy in range(-3, 4)
    )


def _print_from_case_page(main_window, qtbot, case_no: str) -> None:
    main_window.session.window = replace(
        main_window.session.window, silent_print=True
    )  # the default printer, no dialog
    main_window.open_case(case_no)
    settle(main_window.session)
    page = main_window.stack.currentWidget()
    assert page.slips.documents
    key(qtbot, page.slips.print_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)


def test_a_slip_printed_through_cups_scans_and_reads_as_the_kept_one(
    pdf_printer, main_window, window_ctx, qtbot, dialogs
):
    name, out = pdf_printer
    with window_ctx.store.write() as s:
        Settings.print_layout.set(s, "roll80")  # the 80 mm thermal roll
    case_no = accepted_case(window_ctx).case_no
    kept = window_ctx.slips.reprint(case_no, "acceptance")
    before = set(out.glob("*.pdf")) if out.is_dir() else set()

    _print_from_case_page(main_window, qtbot, case_no)
    assert dialogs.errors == []
    printed = _wait_for_job(name, out, before)
    assert printed, f"no PDF from the CUPS-PDF printer in {out}"
    job = printed[-1]
    try:
        # The barcode of the printed page scans at the thermal head's resolution.
        codes = zxingcpp.read_barcodes(
            _raster(job, THERMAL_DPI), formats=zxingcpp.BarcodeFormat.Code128
        )
        assert [c.text for c in codes] == [case_no]
        # Its text is the kept slip's: at the head's resolution the two pages agree once
        # blurred over a few dots (strokes' edges and the paper's rounding move by a dot or
        # two), far closer than the same slip moved by one line of text.
        a, b = _raster(job, THERMAL_DPI), _raster(kept, THERMAL_DPI)
        assert abs(a.width - b.width) <= 3 and abs(a.height - b.height) <= 3  # same paper
        box = (0, 0, min(a.width, b.width), min(a.height, b.height))
        a, b = a.crop(box), b.crop(box)
        ink = 255 - ImageStat.Stat(b).mean[0]
        assert ink > 5  # a page of text, not a blank one
        assert _difference(a, b) < 0.25 * ink
        assert _difference(a, ImageChops.offset(b, 0, 40)) > 0.5 * ink  # the measure tells
    finally:
        if not os.environ.get("KEEP_PRINTED"):
            for p in printed:
                p.unlink(missing_ok=True)


@pytest.mark.parametrize("trouble", ["offline", "missing"])
def test_a_stopped_or_missing_printer_tells_the_clerk_and_keeps_the_slip(
    pdf_printer, main_window, window_ctx, qtbot, dialogs, trouble, monkeypatch
):
    name, out = pdf_printer
    if trouble == "offline":  # switched off, out of paper, jammed: CUPS stops the queue
        subprocess.run(["cupsdisable", "-r", "缺纸", name], check=True)
    else:  # the window's only printer was taken away (unplugged and deleted)
        subprocess.run(["lpadmin", "-x", name], check=True, capture_output=True)
        others = subprocess.run(["lpstat", "-e"], capture_output=True, text=True).stdout.split()
        if others:  # the window would fall back to one of them: nothing would be missing
            cannot_run(f"other printers are installed here ({', '.join(others)})")
    case_no = accepted_case(window_ctx).case_no
    kept = window_ctx.slips.reprint(case_no, "acceptance")
    slip = kept.read_bytes()
    before = set(out.glob("*.pdf")) if out.is_dir() else set()

    _print_from_case_page(main_window, qtbot, case_no)

    [error] = dialogs.errors
    assert f"单据已随办件 {case_no} 保存" in error  # kept with the case, not a temporary copy
    if trouble == "offline":
        assert name in error
    assert window_ctx.cases.case(case_no).case_no == case_no  # the visit stays recorded
    assert kept.read_bytes() == slip  # the kept slip, for the reprint
    assert _new_pdfs(out, before) == []  # nothing sent to a queue that would hold it unseen
