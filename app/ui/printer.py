"""Printing a slip's PDF on the window's printer (QtPrintSupport), silently or with a dialog.

No printer is not an error the clerk can fix at the counter: the PDF stays in the case's
folder and the message says where, so it can be printed later or elsewhere.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from app.core.errors import CounterError

log = logging.getLogger(__name__)
PRINT_DPI = 300


def printers_available() -> bool:
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinterNames())


def no_printer_error(pdf: Path) -> CounterError:
    return CounterError("print.no_printer", QCoreApplication.translate(
        "Printing", "No printer is installed on this computer. The slip is kept as a PDF "
        "in {0}; print it from there once a printer is connected.").format(pdf.parent))


def print_images(pages: list[QImage], pdf: Path, silent: bool, parent: QWidget | None) -> bool:
    """Send rendered pages to the default printer (``silent``) or the one the clerk picks.

    Returns False when the clerk cancelled the print dialog.
    """
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    if not printers_available():
        raise no_printer_error(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(pdf.stem)
    if not silent:
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
    painter = QPainter()
    if not painter.begin(printer):
        raise CounterError("print.failed", QCoreApplication.translate(
            "Printing", "The printer could not start. The slip is kept as {0}.").format(pdf))
    try:
        for n, image in enumerate(pages):
            if n:
                printer.newPage()
            area = QRectF(painter.viewport())
            size = image.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(area.topLeft(), size.toSizeF()), image)
    finally:
        painter.end()
    log.info("printed %s (%d pages)", pdf, len(pages))
    return True
