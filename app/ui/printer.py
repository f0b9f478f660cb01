"""Printing a slip's PDF on the window's printer (QtPrintSupport), silently or with a dialog.

Each page is rasterised by pdfium at the printer's own resolution (``QPrinter.resolution()``,
in both directions) and drawn 1:1 at the corner of the paper: one image pixel on one printer
dot, nothing scaled or smoothed by Qt. (A page rasterised at a fixed 300 dpi and resampled to
a 203 dpi thermal head loses or merges bars: the barcode no longer scans.) The paper of each
page is the PDF page's own size, so the slip's layout (A4 or an 80 mm roll) decides it.

No printer, a printer that is not there any more, or one the print service reports stopped
(offline, out of paper, a jam): the visit is recorded before anything prints, the PDF stays in
the case's folder, and the message says so and where, so it can be printed again once the
printer is back (the case page's print button sends the kept PDF, byte for byte).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF, QPoint, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtWidgets import QWidget

from app.core.errors import CounterError

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.worker import Worker

log = logging.getLogger(__name__)


def printers_available() -> bool:
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinterNames())


def _case_of(pdf: Path) -> str:
    """The case a slip belongs to: the handed-out copy sits in a folder named after it. The
    copy itself is temporary (the print spool is emptied), the kept slip is not."""
    return pdf.parent.name


def no_printer_error(pdf: Path) -> CounterError:
    return CounterError(
        "print.no_printer",
        QCoreApplication.translate(
            "Printing",
            "No printer is installed on this computer. The visit is recorded and its slip "
            "is kept with case {0}; once a printer is connected, print it again from the case.",
        ).format(_case_of(pdf)),
    )


def printer_missing_error(pdf: Path, name: str) -> CounterError:
    return CounterError(
        "print.printer_missing",
        QCoreApplication.translate(
            "Printing",
            "The printer {0} is not available on this computer any more. The visit is "
            "recorded and its slip is kept with case {1}; choose another printer or ask the "
            "administrator to set the default printer, then print it again from the case.",
        ).format(name or "?", _case_of(pdf)),
    )


def printer_offline_error(pdf: Path, name: str) -> CounterError:
    return CounterError(
        "print.printer_offline",
        QCoreApplication.translate(
            "Printing",
            "The printer {0} is offline or stopped (switched off, out of paper or jammed). "
            "The visit is recorded and its slip is kept with case {1}; once the printer is "
            "ready, print it again from the case.",
        ).format(name, _case_of(pdf)),
    )


def check_ready(printer: QPrinter, pdf: Path) -> None:
    """Refuse a printer the print service does not know or reports stopped, before any job:
    a job sent to a stopped queue waits there unseen while the applicant leaves."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return  # "print to file" chosen in the dialog: no device to ask
    name = printer.printerName()
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo()
    if not printer.isValid() or info.isNull():
        raise printer_missing_error(pdf, name)
    if info.state() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise printer_offline_error(pdf, name)


def page_images(pdf: Path, dpi: int) -> Iterator[QImage]:
    """Each page of ``pdf`` as the printer receives it: ``dpi`` pixels an inch both ways, paths
    and text without anti-aliasing (a printer dot is on or off; bars keep their edges).

    An image shares pdfium's pixels (an A4 page at 1200 dpi is 400 MB): it is valid until the
    next page is asked for; ``copy()`` it to keep it. pdfium is not thread-safe: call this on
    the printing worker only.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(
                    scale=dpi / 72.0,
                    rev_byteorder=True,
                    optimize_mode="print",
                    no_smoothtext=True,
                    no_smoothpath=True,
                )
            finally:
                page.close()
            try:
                yield QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGB888
                    if bitmap.n_channels == 3
                    else QImage.Format.Format_RGBX8888,
                )
            finally:
                bitmap.close()
    finally:
        document.close()


def page_layout(image: QImage, dpi: int) -> QPageLayout:
    """The paper of a page rasterised at ``dpi``: the PDF page's size, no margins."""
    width, height = image.width() * 72.0 / dpi, image.height() * 72.0 / dpi
    landscape = width > height
    size = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point)
    return QPageLayout(
        size,
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )


def choose_printer(pdf: Path, silent: bool, parent: QWidget | None) -> QPrinter | None:
    """The default printer (``silent``) or the one the clerk picks; None when the clerk
    cancelled the dialog. On the UI thread."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    if not printers_available():
        raise no_printer_error(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(pdf.stem)
    if not silent:
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
    check_ready(printer, pdf)
    return printer


def use_device_resolution(printer: QPrinter) -> None:
    """Draw at the printer's own dots. Qt's high resolution is 1200 dpi whatever the device;
    through CUPS a 203 dpi receipt printer's driver would then resample the page to its head,
    and the bars merge. The driver's resolutions (its PPD) name the real one."""
    from PySide6.QtPrintSupport import QPrinterInfo

    info = QPrinterInfo.printerInfo(printer.printerName())
    supported = [] if info.isNull() else [r for r in info.supportedResolutions() if r > 0]
    if supported and printer.resolution() not in supported:
        printer.setResolution(max(supported))


def print_pdf(printer: QPrinter, pdf: Path) -> int:
    """Print every page of ``pdf`` as one job; returns the number of pages.

    Runs on the printing worker (Qt paints on a QPrinter from any one thread).
    """
    use_device_resolution(printer)
    dpi = printer.resolution()
    printer.setDocName(pdf.stem)
    printer.setFullPage(True)  # the painter's origin is the paper's corner, not the margin's
    painter = QPainter()
    pages = 0
    try:
        for image in page_images(pdf, dpi):
            layout = page_layout(image, dpi)
            if pages == 0:
                printer.setPageLayout(layout)
                if not painter.begin(printer):
                    raise CounterError(
                        "print.failed",
                        QCoreApplication.translate(
                            "Printing", "The printer could not start. The slip is kept as {0}."
                        ).format(pdf),
                    )
            else:
                if not layout.isEquivalentTo(printer.pageLayout()):
                    printer.setPageLayout(layout)  # for the next page (where the driver can)
                printer.newPage()
            painter.resetTransform()
            painter.drawImage(QPoint(0, 0), image)  # unscaled: one pixel, one dot
            pages += 1
    finally:
        if painter.isActive():
            painter.end()
    log.info("printed %s (%d pages at %d dpi)", pdf, pages, dpi)
    return pages


def print_documents(
    background: Worker,
    prepare: Callable[[], list[Path]],
    silent: bool,
    parent: QWidget | None,
    printed: Callable[[Path], None],
    failed: Callable[[BaseException], None],
) -> None:
    """Print PDFs: ``prepare`` finds (or makes) them on the printing worker, the printer is
    chosen on the UI thread, then each PDF is a job of its own on the printing worker.

    ``printed(pdf)`` follows each job; ``failed(exc)`` is called once, and stops the rest.
    """

    def send(printer: QPrinter, pdfs: list[Path]) -> None:
        if not pdfs:
            return
        pdf, rest = pdfs[0], pdfs[1:]

        def done(_pages: int) -> None:
            printed(pdf)
            send(printer, rest)

        background.run(lambda: print_pdf(printer, pdf), done, failed)

    def chosen(pdfs: list[Path]) -> None:
        if not pdfs:
            return
        try:
            printer = choose_printer(pdfs[0], silent, parent)
        except Exception as exc:
            failed(exc)
            return
        if printer is not None:
            send(printer, list(pdfs))

    background.run(prepare, chosen, failed)
