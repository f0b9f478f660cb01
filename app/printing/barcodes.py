"""Case-number barcodes drawn as vector rectangles, so they scan from any printer.

python-barcode computes the Code 128 module pattern (start code, charset switches, checksum,
stop); we draw each bar as a filled rectangle with a 10-module quiet zone on both sides
(ISO/IEC 15417). Raster barcodes resampled to a printer's 203 dpi lose bars; vectors are
rasterised by the printer at its own resolution. The module width is a whole number of
203 dpi thermal dots (two, 0.25 mm, when the number fits; one otherwise), and the symbol is
shifted onto that dot grid, so each bar becomes an exact number of dots on a receipt printer.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from itertools import groupby
from typing import Literal
from urllib.parse import quote

from barcode.codex import Code128
from barcode.errors import IllegalCharacterError
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.core.errors import CounterError
from app.printing.fonts import fontset

log = logging.getLogger(__name__)

BlockAlign = Literal["left", "center", "right"]  # where a symbol sits in its column
_H_ALIGN: dict[str, Literal["LEFT", "CENTER", "RIGHT"]] = {
    "left": "LEFT",
    "center": "CENTER",
    "right": "RIGHT",
}

DOT = 25.4 / 203.2 * mm  # one dot of a 203 dpi (8 dots/mm) thermal head, in points
QUIET = 10  # modules of white on each side
# Bar width reduction: each bar is drawn this much narrower, centred on its dots. A rasteriser
# (or a thermal head) that blackens every dot a bar touches then still leaves one-dot spaces
# white, and one that blackens a dot at half coverage still prints the bar.
BAR_REDUCTION = 0.3 * DOT
MAX_CASE_NO = 50  # the national acceptance table's limit


@lru_cache(maxsize=512)
def code128_pattern(value: str) -> str:
    """The module pattern ("1" bar, "0" space) of ``value``, without quiet zones."""
    if not value or len(value) > MAX_CASE_NO:
        raise CounterError("print.barcode_value", f"编号应为 1 到 {MAX_CASE_NO} 个字符：{value!r}")
    if not (value.isascii() and value.isprintable()):  # a scanner would type a Tab or Enter
        raise CounterError(
            "print.barcode_value",
            f"编号 {value!r} 含有条码不能表示的字符（只能用 ASCII 字母、数字和符号）",
        )
    try:
        # A fresh encoder each time: Code128 keeps charset state between builds.
        pattern: str = Code128(value).build()[0]
        return pattern
    except (IllegalCharacterError, RuntimeError) as exc:  # pragma: no cover - checked above
        raise CounterError("print.barcode_value", f"编号 {value!r} 无法编码为 Code 128") from exc


@lru_cache(maxsize=512)
def bar_runs(value: str) -> tuple[tuple[int, int], ...]:
    """(first module, width in modules) of each bar."""
    runs: list[tuple[int, int]] = []
    pattern = code128_pattern(value)
    start = -1
    for i, bit in enumerate(pattern + "0"):
        if bit == "1" and start < 0:
            start = i
        elif bit == "0" and start >= 0:
            runs.append((start, i - start))
            start = -1
    return tuple(runs)


def symbol_modules(value: str) -> int:
    """Modules of the symbol including both quiet zones."""
    return len(code128_pattern(value)) + 2 * QUIET


def module_for(
    value: str, max_width: float, blank_outside: float = 0.0, preferred_dots: int = 2
) -> float:
    """The widest module of at most ``preferred_dots`` dots whose symbol fits.

    The bars must fit in ``max_width``; each quiet zone may reach ``blank_outside`` beyond it
    (the roll's paper margins are blank paper the head never prints on, which is all a quiet
    zone needs).
    """
    bars = len(code128_pattern(value))
    for dots in range(preferred_dots, 0, -1):
        module = dots * DOT
        spare = (max_width - bars * module) / 2 + blank_outside
        if bars * module <= max_width + 1e-6 and spare >= QUIET * module - 1e-6:
            if dots < preferred_dots:
                log.warning(
                    "case number %s needs %d-dot bars; shorter numbers scan better", value, dots
                )
            return module
    raise CounterError(
        "print.barcode_too_wide",
        f"编号 {value} 太长，条码在 {max_width / mm:.0f} mm 宽的纸上无法印出；请缩短编号格式。",
    )


def draw_code128(
    canv: Canvas, x: float, y: float, value: str, module: float, height: float
) -> None:
    """Draw the bars from (x, y) upwards; ``x`` is where the first bar starts."""
    ax, _ = canv.absolutePosition(x, y)
    x += (-ax) % DOT  # onto the 203 dpi dot grid of the page (< 0.13 mm)
    path = canv.beginPath()
    for start, width in bar_runs(value):
        path.rect(x + start * module + BAR_REDUCTION / 2, y, width * module - BAR_REDUCTION, height)
    canv.drawPath(path, stroke=0, fill=1)


class Code128Flowable(Flowable):
    """Barcode with the human-readable number under it.

    Its width is the bars plus as much of the quiet zones as ``max_width`` holds; the layout
    keeps the rest of the quiet zones blank (nothing beside the barcode, or the paper margin).
    """

    def __init__(
        self,
        value: str,
        max_width: float,
        bar_height: float,
        text_size: float,
        align: BlockAlign = "center",
        blank_outside: float = 0.0,
    ) -> None:
        super().__init__()
        self.value = value
        self.module = module_for(value, max_width, blank_outside)
        self.bars_width = len(code128_pattern(value)) * self.module
        self.bar_height = bar_height
        self.text_size = text_size
        self.hAlign = _H_ALIGN[align]
        self.width = min(symbol_modules(value) * self.module, max_width)
        self.height = bar_height + text_size * 1.5

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        x0 = (self.width - self.bars_width) / 2
        draw_code128(canv, x0, self.text_size * 1.5, self.value, self.module, self.bar_height)
        fonts = fontset()
        tw = fonts.width(self.value, self.text_size)
        canv.setFont(fonts.glyph("0").font, self.text_size)
        canv.drawString((self.width - tw) / 2, self.text_size * 0.3, self.value)


def qr_payload(case_no: str, query_url: str | None) -> str:
    """The QR text: the query address with the case number in it, else both side by side."""
    if not query_url:
        return case_no
    if "{case_no}" in query_url:
        return query_url.replace("{case_no}", quote(case_no, safe=""))
    return f"{case_no} {query_url}"


@lru_cache(maxsize=64)
def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR module matrix (error correction M), from reportlab's encoder."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(payload)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


class QrFlowable(Flowable):
    """A QR code drawn as vector squares, ``size`` wide and high, 4-module quiet zone included.

    Drawn from the module matrix directly: reportlab's graphics renderer would also set
    Helvetica on the page, a font we do not embed.
    """

    BORDER = 4

    def __init__(self, payload: str, size: float, align: BlockAlign = "center") -> None:
        super().__init__()
        self.payload = payload
        self.size = size
        self.width = self.height = size
        self.hAlign = _H_ALIGN[align]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        rows = qr_modules(self.payload)
        box = self.size / (len(rows) + 2 * self.BORDER)
        path = self.canv.beginPath()
        for r, row in enumerate(rows):
            y = self.size - (r + self.BORDER + 1) * box
            c = 0
            for dark, run in groupby(row):
                n = len(list(run))
                if dark:
                    path.rect((c + self.BORDER) * box, y, n * box, box)
                c += n
        self.canv.drawPath(path, stroke=0, fill=1)


class ReturnQrFlowable(Flowable):
    """The signed return ticket of a slip (core/return_ticket.py) as a QR on the dot grid.

    Each module is a whole number of 203 dpi dots (3 on the roll, 4 on A4), and the symbol is
    shifted onto the page's dot grid, so a thermal head prints every module as the same square
    of dots and a 1-bit scan at 203 dpi reads it back. Error correction M; the 4-module quiet
    zone is part of the flowable.
    """

    def __init__(self, payload: str, dots: int) -> None:
        super().__init__()
        self.payload = payload
        self.module = dots * DOT
        self.modules = len(qr_modules(payload)) + 2 * QrFlowable.BORDER
        self.side = self.modules * self.module
        self.width = self.height = self.side
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.side > availWidth + 1e-6:
            raise CounterError(
                "print.qr_too_wide",
                f"回执二维码需要 {self.side / mm:.0f} mm 宽，纸面只有 {availWidth / mm:.0f} mm",
            )
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        ax, ay = canv.absolutePosition(0, 0)
        x0, y0 = (-ax) % DOT, (-ay) % DOT
        rows = qr_modules(self.payload)
        path = canv.beginPath()
        border, box = QrFlowable.BORDER, self.module
        for r, row in enumerate(rows):
            y = y0 + self.side - (r + border + 1) * box
            c = 0
            for dark, run in groupby(row):
                n = len(list(run))
                if dark:
                    path.rect(x0 + (c + border) * box, y, n * box, box)
                c += n
        canv.drawPath(path, stroke=0, fill=1)
