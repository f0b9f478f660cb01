"""Printing a kept slip: each page rasterised at the printer's own resolution and sent 1:1, so
the Code 128 on a 203 dpi thermal head still scans; no printer leaves a clear message."""

from __future__ import annotations

import io

import pypdf
import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.services.settings import Settings
from app.ui import printer
from tests.ui.conftest import settle
from tests.ui.driver import key
from tests.ui.test_cases_and_visits import accepted_case

THERMAL_DPI = 203  # 8 dots/mm, the receipt printers of the windows


def to_pil(image: QImage) -> Image.Image:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    return Image.frombuffer(
        "RGB",
        (image.width(), image.height()),
        bytes(image.constBits()),
        "raw",
        "RGB",
        image.bytesPerLine(),
        1,
    )


def as_thermal_head(image: Image.Image) -> Image.Image:
    """Each dot black or white, no dithering: what the head burns."""
    return image.convert("L").convert("1", dither=Image.Dither.NONE).convert("L")


def code128(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128)]


@pytest.mark.parametrize("layout", ["roll80", "a4"])
@pytest.mark.parametrize("doc", ["acceptance", "transfer"])
def test_a_kept_slip_scans_at_203_dpi(window_ctx, layout, doc):
    ctx = window_ctx
    with ctx.store.write() as s:
        Settings.print_layout.set(s, layout)
    case_no = accepted_case(ctx).case_no
    if doc == "transfer":
        ctx.case_state.set_state(case_no, "transferred", "clerk1")
    pdf = ctx.slips.reprint(case_no, doc)
    sizes = [
        (float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(pdf).pages
    ]
    pages = 0
    for (width, height), image in zip(sizes, printer.page_images(pdf, THERMAL_DPI), strict=True):
        # One pixel per printer dot: the page's size at 203 dpi, nothing to resample.
        assert abs(image.width() - width * THERMAL_DPI / 72) <= 1
        assert abs(image.height() - height * THERMAL_DPI / 72) <= 1
        assert code128(as_thermal_head(to_pil(image))) == [case_no], f"page {pages + 1}"
        pages += 1
    assert pages == len(sizes) >= 1


def test_print_pdf_sends_the_raster_unscaled(window_ctx, qapp, tmp_path):
    """Through a QPrinter (its PDF output stands in for the device): the page keeps the slip's
    paper size and carries the 203 dpi raster pixel for pixel."""
    from PySide6.QtPrintSupport import QPrinter

    ctx = window_ctx
    with ctx.store.write() as s:
        Settings.print_layout.set(s, "roll80")
    case_no = accepted_case(ctx).case_no
    pdf = ctx.slips.reprint(case_no, "acceptance")
    device = QPrinter(QPrinter.PrinterMode.HighResolution)
    device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    device.setOutputFileName(str(tmp_path / "printed.pdf"))
    device.setResolution(THERMAL_DPI)
    assert printer.print_pdf(device, pdf) == len(pypdf.PdfReader(pdf).pages)
    slip = pypdf.PdfReader(pdf).pages[0]
    printed = pypdf.PdfReader(tmp_path / "printed.pdf").pages[0]
    assert abs(float(printed.mediabox.width) - float(slip.mediabox.width)) < 1
    assert abs(float(printed.mediabox.height) - float(slip.mediabox.height)) < 1
    [embedded] = printed.images
    raster = Image.open(io.BytesIO(embedded.data))
    expected = next(printer.page_images(pdf, THERMAL_DPI)).size().toTuple()
    assert raster.size == expected
    assert code128(as_thermal_head(raster)) == [case_no]


def test_without_a_printer_the_pdf_is_kept_and_the_clerk_told(
    main_window, window_ctx, qtbot, dialogs, monkeypatch
):
    monkeypatch.setattr(printer, "printers_available", lambda: False)
    case_no = accepted_case(window_ctx).case_no
    main_window.open_case(case_no)
    settle(main_window.session)
    page = main_window.stack.currentWidget()
    assert page.slips.documents
    key(qtbot, page.slips.print_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    settle(main_window.session)
    [error] = dialogs.errors
    # The handed-out copy is temporary (the spool is emptied): the message names the case,
    # where the slip is kept for a reprint.
    assert f"单据已随办件 {case_no} 保存" in error and "重新打印" in error
    assert "spool" not in error


def test_a_slip_that_could_not_be_written_is_shown_with_a_retry(
    main_window, window_ctx, qtbot, dialogs, monkeypatch
):
    """A full disk after the record committed: the slips step says the visit is recorded, the
    slip is not, what to do; once there is room, the button makes it."""
    import errno
    import os

    from app import files
    from tests.ui.driver import forward
    from tests.ui.test_intake_wizard import (
        answer,
        check_materials,
        choose_item,
        fill_applicant,
        start_intake,
    )

    def enospc(*_a):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    wizard = start_intake(qtbot, main_window)
    fill_applicant(qtbot, wizard)
    choose_item(qtbot, wizard, "cjr", "LOCAL-0009")
    answer(qtbot, wizard, {"s": ["s1"]})
    check_materials(qtbot, wizard, {})
    monkeypatch.setattr(files.os, "fsync", enospc)
    forward(qtbot, wizard)
    settle(wizard.session)
    page = wizard.stack.currentWidget()
    assert page.step_id == "slips"
    case_no = wizard.result.case_no
    panel = page.panel
    assert not panel.documents
    assert panel.failure.isVisible() and panel.remake_button.isVisible()
    assert "磁盘空间已满" in panel.failure.text() and case_no in panel.failure.text()
    assert window_ctx.cases.case(case_no).case_no == case_no  # the visit is recorded
    monkeypatch.undo()
    qtbot.mouseClick(panel.remake_button, Qt.MouseButton.LeftButton)
    settle(wizard.session)
    assert panel.documents and not panel.failure.isVisible()
    assert panel.print_button.isEnabled()


def test_a_full_disk_is_a_clear_message_in_the_window(qapp):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from app.ui import messages

    exc = OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))
    text = messages.describe(exc)
    assert "OperationalError" not in text and ("disk is full" in text or "磁盘空间已满" in text)
