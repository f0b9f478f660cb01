"""PDF pages as images, with pypdfium2 (QtPdf is in PySide6-Addons, which Counter does not ship).

Rendering runs on a worker thread; pdfium is not thread-safe, so the printing worker has one
thread and every render goes through it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage


def render_pages(
    path: Path | bytes, dpi: float, max_pages: int = 50, width_px: int | None = None
) -> list[QImage]:
    """Pages at ``dpi``, or scaled so each page is ``width_px`` wide (for a preview). ``path``
    may be the PDF itself (a report drawn in memory, never written to disk)."""
    import pypdfium2 as pdfium  # ~30 ms, only when a slip is shown or printed

    pdf = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    try:
        images = []
        for index in range(min(len(pdf), max_pages)):
            page = pdf[index]
            scale = width_px / page.get_width() if width_px else dpi / 72.0
            bitmap = page.render(scale=scale, rev_byteorder=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888
                if bitmap.n_channels == 3
                else QImage.Format.Format_RGBA8888,
            )
            images.append(image.copy())  # own the pixels before pdfium frees the bitmap
            page.close()
        return images
    finally:
        pdf.close()
