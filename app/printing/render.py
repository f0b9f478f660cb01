"""``render()``: one slip to a PDF stream, on A4 or on the 80 mm roll.

Pages. A4 slips flow onto further pages; each continuation page repeats the title and the
barcode at the top (a returning applicant may bring any page), and a sheet with more than
one page says 第 n 页 / 共 N 页.

The roll. Each sheet becomes ONE page exactly as long as its content: the story is measured
at the roll width first, then laid out on a page of that height. A thermal printer's driver
cuts after each page, so a sheet is one receipt, nothing is cut mid-list, and no paper is
wasted. Only a sheet longer than the driver's page-length limit (``roll_max_height_mm``,
often 3276 mm) continues on further pages, with the same running header as A4.
"""

from __future__ import annotations

import io
import math
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from app.core.documents import DOCUMENTS
from app.core.errors import CounterError
from app.printing import documents, promise_letter
from app.printing.barcodes import QUIET, code128_pattern, draw_code128, module_for
from app.printing.documents import Sheet
from app.printing.fonts import PRIMARY, fontset
from app.printing.kit import A4_BARCODE_BOX, A4_HEIGHT, Kit
from app.printing.model import (
    LAYOUTS,
    BundleSlip,
    CaseSlip,
    GuideSlip,
    Layout,
    PickupSlip,
    PrintSettings,
    TransferSet,
    TransferSlip,
)
from app.printing.text import draw_line


@dataclass(frozen=True, slots=True)
class DocSpec:
    name: str
    title: str  # the printed title (app.core.documents)
    data_type: type
    build: Callable[[Any, Kit], list[Sheet]]


# How each document of app.core.documents is made: the slip data it takes, and its builder.
BUILDERS: Mapping[str, tuple[type, Callable[[Any, Kit], list[Sheet]]]] = MappingProxyType(
    {
        "acceptance": (CaseSlip, documents.acceptance),
        "correction": (CaseSlip, documents.correction),
        "tolerance": (CaseSlip, documents.tolerance),
        "commitment": (CaseSlip, documents.commitment),
        "refusal": (CaseSlip, documents.refusal),
        "transfer": (TransferSlip, documents.transfer),
        "pickup": (PickupSlip, documents.pickup),
        "guide": (GuideSlip, documents.guide),
        "promise": (promise_letter.PromiseSlip, promise_letter.promise),
        "bundle": (BundleSlip, documents.bundle),
        "bundletransfer": (TransferSet, documents.transfers),
    }
)
DOCS: Mapping[str, DocSpec] = MappingProxyType(
    {d.name: DocSpec(d.name, d.title, *BUILDERS[d.name]) for d in DOCUMENTS}
)

# reportlab keeps per-document font-subset state on the shared TTFont objects; rendering is
# CPU-bound anyway, so one slip at a time costs nothing and keeps that state consistent.
_render_lock = threading.Lock()


def render(
    doc_name: str,
    data: CaseSlip | TransferSlip | PickupSlip | GuideSlip | BundleSlip | TransferSet,
    layout: Layout,
    out: BinaryIO,
    settings: PrintSettings | None = None,
) -> None:
    """Write the PDF of ``DOCS[doc_name]`` for ``data`` to ``out``.

    Raises ``CounterError`` (codes ``print.*``) when the data cannot make a correct slip.
    """
    spec = DOCS.get(doc_name)
    if spec is None:
        raise CounterError("print.unknown_doc", f"没有名为 {doc_name!r} 的单据", path="doc_name")
    if layout not in LAYOUTS:
        raise CounterError(
            "print.layout", f"未知的版式 {layout!r}，应为 a4 或 roll80", path="layout"
        )
    if not isinstance(data, spec.data_type):
        raise CounterError(
            "print.wrong_data",
            f"{spec.title} 需要 {spec.data_type.__name__}，收到 {type(data).__name__}",
            path="data",
        )
    fontset()
    with _render_lock:
        kit = Kit(layout, settings or PrintSettings())
        if spec.name == "guide" and layout == "a4":
            # A guide is printed on demand and often just spills over: when a tighter setting
            # saves a page (a last page of a few lines), that one is printed.
            pages = []
            for k in (kit, Kit(layout, kit.settings, compact=True)):
                buf = io.BytesIO()
                pages.append(
                    (_write(spec.build(data, k), k, buf, spec.title, data.header.centre_name), buf)
                )
            out.write(min(pages, key=lambda p: p[0])[1].getvalue())
            return
        sheets = spec.build(data, kit)
        _write(sheets, kit, out, spec.title, data.header.centre_name)


class _SheetMark(Flowable):
    """Tells the canvas which sheet the following pages belong to (for headers and footers)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def frameAction(self, frame: Frame) -> None:
        self.canv.sheet = self.index  # type: ignore[attr-defined]


class _SlipCanvas(Canvas):
    """Keeps pages until the end, so each footer knows how many pages its sheet has."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = 0
        self.footer: tuple[float, float, float] | None = None  # (x centre, y, size)
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own, not in its stubs

    def save(self) -> None:
        total = Counter(page["sheet"] for page in self._held)
        seen: Counter[int] = Counter()
        for page in self._held:
            self.__dict__.update(page)
            seen[self.sheet] += 1
            if total[self.sheet] > 1 and self.footer:
                x, y, size = self.footer
                label = f"第 {seen[self.sheet]} 页 / 共 {total[self.sheet]} 页"
                draw_line(self, x - fontset().width(label, size) / 2, y, label, size)
            super().showPage()
        super().save()


PRACTICE_TITLE = "【练习】"
PRACTICE_LINE = "【练习】本单据由练习模式打印，不是正式文书，不作为受理或办理凭证"
PRACTICE_MARK = "练习"


def _practice_mark(canv: Canvas, width: float, height: float) -> None:
    """练习 written large across the page, under the content (drawn before it), in outline
    so the text over it stays legible and a thermal head (one bit a dot) still prints it;
    repeated down a long roll, so any piece torn off still says it; clear of the barcode,
    which must still scan (a practice supplement visit opens the case by it)."""
    fonts = fontset()
    size = min(width, height) * 0.28
    below = max(height - 60 * mm, height / 2)  # clear of the title and the barcode
    count = max(1, round(below / max(width * 1.4, size * 2)))
    step = below / count
    mark_width = fonts.width(PRACTICE_MARK, size)
    canv.saveState()
    canv.setStrokeColorRGB(0.4, 0.4, 0.4)
    canv.setLineWidth(max(size / 90, 0.6))
    for n in range(count):
        canv.saveState()
        canv.translate(width / 2, step * (n + 0.5))
        canv.rotate(30)
        x = -mark_width / 2
        for font, run in fonts.runs(PRACTICE_MARK):
            canv.setFont(font, size)
            canv.drawString(x, -size / 3, run, mode=1)  # 1: stroke the outline only
            x += fonts.width(run, size)
        canv.restoreState()
    canv.restoreState()


def _measure(flowables: list[Flowable], width: float) -> float:
    """Height a frame of ``width`` needs for the story, with platypus' spacing rules."""
    total = 0.0
    prev_after = 0.0
    at_top = True
    overlap = rl_config.overlapAttachedSpace
    for f in flowables:
        if getattr(f, "frameAction", None):
            continue
        if isinstance(f, KeepTogether):  # its wrap() reports a huge height to force a split
            total += _measure(f._content, width)  # type: ignore[attr-defined]  # as above
            at_top = False
            continue
        before = 0.0
        if not at_top:
            before = f.getSpaceBefore()
            if overlap:
                before = max(before - prev_after, 0.0)
        _, h = f.wrap(width, 1e7)
        prev_after = f.getSpaceAfter()
        total += before + h + prev_after
        at_top = False
    return total


def _write(sheets: list[Sheet], kit: Kit, out: BinaryIO, title: str, author: str) -> int:
    """Lay the sheets out into ``out``; returns the number of pages."""
    g = kit.g
    width = g.frame_width
    running = g.bar_height + g.small * 3.2 + g.gap  # running header of continuation pages

    def first_page(canv: Canvas, doc: BaseDocTemplate) -> None:
        assert isinstance(canv, _SlipCanvas)  # the canvasmaker below
        canv.footer = (g.page_width / 2, g.margin_bottom / 2.5, g.small)
        if kit.settings.practice:
            _practice_mark(canv, g.page_width, doc.pageTemplate.pagesize[1])

    def later_page(canv: Canvas, doc: BaseDocTemplate) -> None:
        assert isinstance(canv, _SlipCanvas)
        first_page(canv, doc)
        sheet = sheets[canv.sheet]
        top = doc.pageTemplate.pagesize[1] - g.margin_top
        draw_line(canv, g.margin_x, top - g.small, f"{sheet.title}（续）", g.small)
        if sheet.code:
            box = width if kit.roll else kit.a4_barcode_width(sheet.code)
            module = module_for(sheet.code, box, g.margin_x if kit.roll else 0.0)
            bars = len(code128_pattern(sheet.code)) * module
            if kit.roll or box != A4_BARCODE_BOX:  # under the title line, centred
                x = g.margin_x + (width - bars) / 2
                y = top - g.bar_height - g.small * 1.6
            else:  # top right, as on the first page
                x = g.margin_x + width - bars - QUIET * module
                y = top - g.bar_height
            draw_code128(canv, x, y, sheet.code, module, g.bar_height)
            size = g.small * 0.9
            draw_line(
                canv,
                x + (bars - fontset().width(sheet.code, size)) / 2,
                y - size * 1.1,
                sheet.code,
                size,
            )

    def templates(tid: str, height: float) -> list[PageTemplate]:
        inner = height - g.margin_top - g.margin_bottom
        size = (g.page_width, height)
        frame = Frame(g.margin_x, g.margin_bottom, width, inner, 0, 0, 0, 0, id=f"{tid}f")
        later = Frame(
            g.margin_x, g.margin_bottom, width, inner - running, 0, 0, 0, 0, id=f"{tid}Lf"
        )
        return [
            PageTemplate(
                tid, [frame], onPage=first_page, pagesize=size, autoNextPageTemplate=f"{tid}L"
            ),
            PageTemplate(f"{tid}L", [later], onPage=later_page, pagesize=size),
        ]

    if kit.settings.practice:
        title = f"{PRACTICE_TITLE}{title}"
        for sheet in sheets:  # at the top of each sheet, above its title
            sheet.story.insert(
                0, kit.text(PRACTICE_LINE, size=g.small * 1.2, bold=True, after=g.gap / 2)
            )
    story: list[Flowable] = []
    page_templates: list[PageTemplate] = []
    limit = kit.settings.roll_max_height_mm * mm
    for i, sheet in enumerate(sheets):
        if kit.roll:
            tid = f"s{i}"
            needed = _measure(sheet.story, width) + g.margin_top + g.margin_bottom + 4
            # Whole points: reportlab compares page sizes as integers when switching templates.
            page_templates += templates(tid, min(math.ceil(needed), limit))
        else:
            tid = "s0"
            if i == 0:
                page_templates += templates(tid, A4_HEIGHT)
        if i:
            story += [NextPageTemplate(tid), PageBreak()]
        story.append(_SheetMark(i))
        story += sheet.story

    code = next((s.code for s in sheets if s.code), "")
    doc = BaseDocTemplate(
        out,
        pagesize=page_templates[0].pagesize,
        pageTemplates=page_templates,
        leftMargin=g.margin_x,
        rightMargin=g.margin_x,
        topMargin=g.margin_top,
        bottomMargin=g.margin_bottom,
        title=f"{title} {code}".strip(),
        author=author,
        creator="Counter",
        subject=code,
        initialFontName=PRIMARY,  # else reportlab puts a non-embedded Helvetica on every page
    )
    doc.build(story, canvasmaker=_SlipCanvas)
    return int(doc.page)
