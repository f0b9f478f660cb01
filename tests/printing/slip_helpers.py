"""Helpers for the slip tests: render to bytes, extract text, rasterise as a printer, decode."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pypdf
import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from app.printing import PrintSettings, render
from tests.printing import slip_samples

PRINTER_DPI = 203  # thermal receipt printers: 8 dots/mm


def render_pdf(doc: str, data: Any, layout: str, settings: PrintSettings | None = None) -> bytes:
    buf = io.BytesIO()
    render(doc, data, layout, buf, settings or slip_samples.SETTINGS)  # type: ignore[arg-type]
    return buf.getvalue()


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def squash(text: str) -> str:
    """Without any whitespace: wrapping splits phrases anywhere and pypdf joins the pieces of
    a wrapped table cell with a space or a newline."""
    return "".join(text.split())


def flat_text(pdf: bytes) -> str:
    """All pages' text, whitespace removed (compare with ``squash(expected)``)."""
    return squash("".join(page_texts(pdf)))


def pages_1bit(pdf: bytes, dpi: int = PRINTER_DPI) -> Iterator[Image.Image]:
    """Each page as a thermal head prints it: 203 dpi, black or white, no dithering."""
    for page in pdfium.PdfDocument(pdf):
        gray = page.render(scale=dpi / 72).to_pil().convert("L")
        yield gray.convert("1", dither=Image.Dither.NONE)


def decode(image: Image.Image, fmt: Any = zxingcpp.BarcodeFormat.Code128) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"), formats=fmt)]


def fonts_in(pdf: bytes) -> dict[str, bool]:
    """BaseFont name -> whether its program is embedded, for every font on every page."""
    found: dict[str, bool] = {}
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        fonts = resources(page).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            found[str(font["/BaseFont"])] = desc is not None and "/FontFile2" in desc.get_object()
    return found


def resources(page: Any) -> Any:
    """A page's /Resources dictionary (pypdf types it loosely)."""
    return page["/Resources"].get_object()


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (float(p.mediabox.width), float(p.mediabox.height))
        for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ]
