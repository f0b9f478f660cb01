"""Building blocks shared by every slip, in the two layouts (A4 and 80 mm roll).

Documents are written once against ``Kit``; the kit decides sizes, column sets and
placement per layout, so an A4 notice and its receipt-roll twin carry the same content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TypeAlias

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.core import identity
from app.core.errors import CounterError
from app.printing.barcodes import (
    DOT,
    BlockAlign,
    Code128Flowable,
    QrFlowable,
    ReturnQrFlowable,
    qr_payload,
    symbol_modules,
)
from app.printing.fonts import PRIMARY, fontset
from app.printing.model import Layout, MaterialLine, PrintSettings, SlipHeader, SlipParty
from app.printing.text import Align, Text, draw_line, wrap_lines


@dataclass(frozen=True, slots=True)
class Geometry:
    page_width: float
    margin_x: float
    margin_top: float
    margin_bottom: float
    title: float  # font sizes, points
    body: float
    table: float
    small: float
    bar_height: float
    qr: float
    seal: float  # e-seal image diameter
    pad_x: float  # table cell padding
    pad_y: float
    gap: float  # space between blocks

    @property
    def frame_width(self) -> float:
        return self.page_width - 2 * self.margin_x


A4_WIDTH, A4_HEIGHT = 210 * mm, 297 * mm
A4_BARCODE_BOX = 95 * mm  # the top-right corner left of the title block
GEOMETRY: dict[str, Geometry] = {
    "a4": Geometry(
        page_width=A4_WIDTH,
        margin_x=18 * mm,
        margin_top=13 * mm,
        margin_bottom=13 * mm,
        title=20,
        body=11,
        table=10,
        small=9,
        bar_height=11 * mm,
        qr=20 * mm,
        seal=40 * mm,
        pad_x=4,
        pad_y=1.8,
        gap=2.6 * mm,
    ),
    # 80 mm paper, 72 mm printable: 4 mm margins keep every mark inside the head's 576 dots.
    "roll80": Geometry(
        page_width=80 * mm,
        margin_x=4 * mm,
        margin_top=4 * mm,
        margin_bottom=8 * mm,
        title=14,
        body=9,
        table=8.5,
        small=7.5,
        bar_height=10 * mm,
        qr=22 * mm,
        seal=30 * mm,
        pad_x=2,
        pad_y=1.5,
        gap=2 * mm,
    ),
}


# A tighter set, for a document that would otherwise leave a few lines on a page of their own.
COMPACT: dict[str, Geometry] = {
    name: replace(
        g,
        body=g.body - 1,
        table=g.table - 1,
        small=g.small - 0.5,
        pad_y=g.pad_y * 0.6,
        gap=g.gap * 0.75,
    )
    for name, g in GEOMETRY.items()
}


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def cn_datetime(dt: datetime) -> str:
    return f"{cn_date(dt)} {dt.hour:02d}:{dt.minute:02d}"


def mask_id(number: str) -> str:
    """The project's one masking rule (first 6, last 4 visible); slips never print more."""
    return identity.mask(number, head=6, tail=4) if number else ""


def mask_phone(phone: str | None) -> str:
    return identity.mask_phone(phone) if phone else ""


def copies_text(m: MaterialLine) -> str:
    return f"{m.copies}份" if m.copies else "—"


def form_text(form: str | None) -> str:
    return form or "—"


# One command of a reportlab TableStyle: name, first cell, last cell, arguments.
StyleCommand: TypeAlias = "tuple[str, tuple[int, int], tuple[int, int], *tuple[object, ...]]"
Cell: TypeAlias = "str | Flowable | list[Flowable]"  # a table cell: text, or flowables stacked


class _Rule(Flowable):
    """A horizontal line across the frame."""

    def __init__(self, thickness: float, space: float) -> None:
        super().__init__()
        self.thickness = thickness
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.thickness

    def draw(self) -> None:
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.width, self.thickness / 2)


class _Heading(Text):
    """A section heading that goes to the next page unless ``reserve`` points are left below
    it for the first lines of what it introduces. (``keepWithNext`` would carry the whole
    following table along and leave most of the page blank.)"""

    def __init__(self, *args: object, reserve: float, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.reserve = reserve

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = super().wrap(availWidth, availHeight)
        if availHeight < height + self.spaceAfter + self.reserve:
            return width, availHeight + 1  # more than there is: the frame moves it on
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []


class SignLine(Flowable):
    """``label：________   年  月  日`` with room above to sign by hand."""

    def __init__(self, label: str, size: float, date_line: bool = True, name: str = "") -> None:
        super().__init__()
        self.label = label
        self.size = size
        self.date_line = date_line
        self.name = name  # printed on the line when the signer is known (the clerk)
        self.height = size * 2.8

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        c = self.canv
        fonts = fontset()
        size = self.size
        y = size * 0.6
        date_text = "年　　月　　日" if self.date_line else ""
        date_w = fonts.width(date_text, size)
        label = f"{self.label}："
        draw_line(c, 0, y, label, size)
        x0 = fonts.width(label, size) + 2
        # With a date: the line runs up to it. Without: a name line, not across the page.
        x1 = self.width - (date_w + size * 1.5) if date_text else min(self.width, x0 + size * 16)
        c.setLineWidth(0.6)
        c.line(x0, y - 2, x1, y - 2)
        if self.name:
            draw_line(c, x0 + size * 0.5, y, self.name, size)
        if date_text:
            draw_line(c, self.width - date_w, y, date_text, size)


_STAMP = "（盖章）"


class SealBlock(Flowable):
    """Organ name and date bottom right; the stamp (or the e-seal image) goes over them."""

    def __init__(self, organ: str, when: date, size: float, seal: float, image: str | None) -> None:
        super().__init__()
        self.organ = organ
        self.date_text = cn_date(when)
        self.size = size
        self.seal = seal
        self.image = image
        self._lines: list[str] = []

    def natural_width(self) -> float:
        fonts = fontset()
        return max(
            fonts.width(self.organ + _STAMP, self.size), fonts.width(self.date_text, self.size)
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        fonts = fontset()
        usable = availWidth - self.size
        lines = [line for line, _ in wrap_lines(self.organ, self.size, usable, fonts)]
        stamp = "" if self.image else _STAMP  # the e-seal is the stamp
        if stamp and fonts.width(lines[-1] + stamp, self.size) <= usable:  # never split it
            lines[-1] += stamp
        elif stamp:
            lines.append(stamp)
        self._lines = lines
        text_h = self.size * 1.6 * (len(lines) + 1) + self.size
        # A stamp pressed by hand may overlap the lines above; an e-seal image stays in its block.
        self.height = max(self.seal if self.image else self.seal * 0.55, text_h)
        return availWidth, self.height

    def draw(self) -> None:
        c = self.canv
        fonts = fontset()
        size = self.size
        leading = size * 1.6
        right = self.width - size
        widths = [fonts.width(line, size) for line in self._lines]
        block_w = max([*widths, fonts.width(self.date_text, size)])
        centre = right - block_w / 2
        y = size * 0.6
        draw_line(c, centre - fonts.width(self.date_text, size) / 2, y, self.date_text, size)
        for line, w in zip(reversed(self._lines), reversed(widths), strict=True):
            y += leading
            draw_line(c, right - w, y, line, size)
        if self.image:  # over the organ name and the date (骑年盖月), inside the block
            c.drawImage(
                self.image,
                centre - self.seal / 2,
                0,
                self.seal,
                self.seal,
                mask="auto",
                preserveAspectRatio=True,
                anchor="c",
            )


def _layout_style(extra: Sequence[StyleCommand] = ()) -> TableStyle:
    """A borderless table used only to place blocks side by side."""
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), PRIMARY, 8),  # reportlab's default is Helvetica, unembedded
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *extra,
        ]
    )


class Kit:
    """Factory of flowables for one layout."""

    def __init__(self, layout: Layout, settings: PrintSettings, compact: bool = False) -> None:
        self.layout = layout
        self.g = COMPACT[layout] if compact else GEOMETRY[layout]
        self.settings = settings
        self.roll = layout == "roll80"
        self.width = self.g.frame_width

    # -- text -------------------------------------------------------------------------------
    def text(
        self,
        text: str,
        *,
        size: float | None = None,
        align: Align = "left",
        bold: bool = False,
        indent: float = 0,
        after: float = 0,
    ) -> Text:
        s = size or self.g.body
        return Text(text, s, align=align, bold=bold, indent_chars=indent, space_after=after)

    def para(self, text: str) -> Text:
        """A body paragraph: first line indented two characters, justified."""
        return Text(
            text,
            self.g.body,
            align="justify",
            indent_chars=2,
            leading=self.g.body * 1.5,
            space_after=self.g.gap / 2,
        )

    def small(self, text: str, align: Align = "left") -> Text:
        return Text(text, self.g.small, align=align, space_after=1)

    def section(self, text: str) -> Text:
        # Never a heading alone at the foot of a page, and never a page left blank to keep a
        # heading with a whole table: room for a few lines of what follows is enough.
        return _Heading(
            text,
            self.g.body,
            bold=True,
            space_before=self.g.gap,
            space_after=self.g.gap / 2,
            reserve=self.g.body * 5,
        )

    def gap(self, factor: float = 1.0) -> Spacer:
        return Spacer(1, self.g.gap * factor)

    def rule(self) -> _Rule:
        return _Rule(0.8, space=self.g.gap)

    # -- header -----------------------------------------------------------------------------
    def heading(
        self,
        header: SlipHeader,
        title: str,
        code: str | None,
        *,
        code_label: str = "办件编号",
        subtitle: str | None = None,
        note: str | None = None,
    ) -> list[Flowable]:
        """Centre and window, title centred, barcode top right (A4) or under the title (roll)."""
        g = self.g
        place = f"{header.centre_name}　{header.window_name}"
        out: list[Flowable] = []
        if self.roll:
            out.append(Text(header.centre_name, g.small, align="center"))
            out.append(Text(header.window_name, g.small, align="center", space_after=2))
            out.append(Text(title, g.title, align="center", bold=True, leading=g.title * 1.4))
            if subtitle:
                out.append(Text(subtitle, g.small, align="center"))
            if code:
                out.append(Spacer(1, 2))
                out.append(self.barcode(code, self.width))
            if note:
                out.append(Text(note, g.small, align="center"))
            out.append(self.rule())
            return out
        left: list[Flowable] = [Text(place, g.small)]
        if code:
            left.append(Text(f"{code_label}：{code}", g.small))
        if note:
            left.append(Text(note, g.small))
        corner = (
            self.barcode(code, A4_BARCODE_BOX, align="right")
            if (code and self.a4_barcode_width(code) == A4_BARCODE_BOX)
            else None
        )
        right_w = (corner.width if corner else 0) + 2
        top = Table([[left, corner or ""]], colWidths=[self.width - right_w, right_w])
        top.setStyle(
            _layout_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")])
        )
        out.append(top)
        out.append(Spacer(1, g.gap))
        out.append(Text(title, g.title, align="center", bold=True, leading=g.title * 1.5))
        if subtitle:
            out.append(Text(subtitle, g.body, align="center"))
        if code and not corner:  # too long for the corner: full width under the title
            out.append(Spacer(1, g.gap / 2))
            out.append(self.barcode(code, self.width))
        out.append(Spacer(1, g.gap))
        return out

    def a4_barcode_width(self, code: str) -> float:
        """Top right when the symbol fits there at two dots a module, else the full width."""
        fits = symbol_modules(code) * 2 * DOT <= A4_BARCODE_BOX + 1e-6
        return A4_BARCODE_BOX if fits else self.width

    def barcode(self, code: str, max_width: float, align: BlockAlign = "center") -> Code128Flowable:
        # On the roll the quiet zones may lie on the blank paper margins.
        outside = self.g.margin_x if self.roll else 0.0
        return Code128Flowable(
            code, max_width, self.g.bar_height, self.g.small, align=align, blank_outside=outside
        )

    def qr(self, case_no: str, header: SlipHeader) -> QrFlowable:
        return QrFlowable(qr_payload(case_no, header.query_url), self.g.qr)

    # -- tables -----------------------------------------------------------------------------
    def _cell(
        self, value: Cell, bold: bool = False, align: Align = "left"
    ) -> Flowable | list[Flowable]:
        if not isinstance(value, str):
            return value
        return Text(value, self.g.table, bold=bold, align=align, leading=self.g.table * 1.4)

    def _style(self, extra: Sequence[StyleCommand] = ()) -> TableStyle:
        g = self.g
        return TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), PRIMARY, g.table),  # reportlab's default is Helvetica
                ("GRID", (0, 0), (-1, -1), 0.6, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), g.pad_x),
                ("RIGHTPADDING", (0, 0), (-1, -1), g.pad_x),
                ("TOPPADDING", (0, 0), (-1, -1), g.pad_y),
                ("BOTTOMPADDING", (0, 0), (-1, -1), g.pad_y),
                *extra,
            ]
        )

    def fields(self, rows: Sequence[tuple[str, str]], wide: Sequence[str] = ()) -> Table:
        """A bordered label/value table. On A4 two short pairs share a row; labels in ``wide``
        (and long values) take a whole row."""
        label_w = (20 if self.roll else 31) * mm
        if self.roll:
            pairs = [[self._cell(k, bold=True), self._cell(v)] for k, v in rows]
            t = Table(pairs, colWidths=[label_w, self.width - label_w])
            t.setStyle(self._style())
            return t
        value_w = (self.width - 2 * label_w) / 2
        data: list[list[Cell]] = []
        spans: list[StyleCommand] = []
        pending: tuple[str, str] | None = None
        limit = value_w - 2 * self.g.pad_x
        fonts = fontset()

        def full_row(k: str, v: str) -> None:
            spans.append(("SPAN", (1, len(data)), (3, len(data))))
            data.append([self._cell(k, bold=True), self._cell(v), "", ""])

        for k, v in rows:
            is_wide = k in wide or fonts.width(v, self.g.table) > limit
            if is_wide:
                if pending:
                    full_row(*pending)
                    pending = None
                full_row(k, v)
            elif pending:
                data.append(
                    [
                        self._cell(pending[0], bold=True),
                        self._cell(pending[1]),
                        self._cell(k, bold=True),
                        self._cell(v),
                    ]
                )
                pending = None
            else:
                pending = (k, v)
        if pending:
            full_row(*pending)
        t = Table(data, colWidths=[label_w, value_w, label_w, value_w])
        t.setStyle(self._style(spans))
        return t

    def grid(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float],
        center_cols: Sequence[int] = (),
    ) -> Table:
        """A bordered table with a header row repeated on every page; widths are relative."""
        if head and head[0] == "序号":  # exactly two characters wide, never wrapped
            first = self.g.table * 2 + 2 * self.g.pad_x + 2
            rest = sum(widths[1:])
            col_w = [first] + [(self.width - first) * w / rest for w in widths[1:]]
        else:
            total = sum(widths)
            col_w = [self.width * w / total for w in widths]
        data = [[self._cell(h, bold=True, align="center") for h in head]]
        for row in rows:
            data.append(
                [
                    self._cell(v, align="center" if i in center_cols else "left")
                    for i, v in enumerate(row)
                ]
            )
        t = Table(data, colWidths=col_w, repeatRows=1)
        t.setStyle(self._style())
        return t

    def bullets(self, lines: Sequence[str]) -> list[Flowable]:
        """Short lines with a bullet: on A4 side by side in two columns (a long list of tips
        would otherwise run onto a page of its own), on the roll one under another."""
        items = [f"· {line}" for line in lines]
        if self.roll or len(items) < 4:
            return [self.text(item, size=self.g.table) for item in items]
        half = (len(items) + 1) // 2
        left, right = items[:half], items[half:]
        rows = [
            [
                self.text(a, size=self.g.table),
                self.text(right[i], size=self.g.table) if i < len(right) else "",
            ]
            for i, a in enumerate(left)
        ]
        t = Table(rows, colWidths=[self.width / 2] * 2)
        t.setStyle(
            _layout_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("RIGHTPADDING", (0, 0), (0, -1), self.g.pad_x * 2),
                ]
            )
        )
        return [t]

    def block(self, lines: Sequence[str], bold_first: bool = False) -> list[Flowable]:
        """Several lines stacked in one table cell (the roll's narrow rows)."""
        return [
            Text(line, self.g.table, bold=bold_first and i == 0, leading=self.g.table * 1.4)
            for i, line in enumerate(x for x in lines if x)
        ]

    # -- parties ----------------------------------------------------------------------------
    def party_rows(self, p: SlipParty, role: str, full: bool = False) -> list[tuple[str, str]]:
        """Rows for an applicant or agent; numbers masked unless ``full`` (the window's archive
        copy). Phones are masked on every copy."""
        org = p.kind == "organisation"
        number = p.id_number if full else mask_id(p.id_number)
        if role == "申请人":
            rows = [("申请单位" if org else "申请人", p.name)]
            if p.id_number:
                rows.append((p.id_type or "证件号码", number))
            if org and p.legal_representative:
                rows.append(("法定代表人", p.legal_representative))
            if p.phone:
                rows.append(("联系电话", mask_phone(p.phone)))
            return rows
        rows = [(role, p.name)]  # an agent: prefix every label, the table holds both parties
        if p.id_number:
            rows.append((f"{role}证件", f"{p.id_type} {number}".strip()))
        if p.phone:
            rows.append((f"{role}电话", mask_phone(p.phone)))
        return rows

    # -- closing ----------------------------------------------------------------------------
    def seal(self, header: SlipHeader, when: date) -> SealBlock:
        organ = self.settings.organ_name or header.centre_name
        image = header.seal_image or self.settings.e_seal_image
        if image and not Path(image).is_file():
            raise CounterError("print.seal_image", f"找不到电子印章图片 {image}", path=image)
        return SealBlock(organ, when, self.g.body, self.g.seal, image)

    def sign(self, label: str, *, date_line: bool = True, name: str = "") -> SignLine:
        return SignLine(label, self.g.body, date_line=date_line, name=name)

    def closing(
        self, signs: Sequence[SignLine], seal: SealBlock | None, lead: Sequence[Flowable] = ()
    ) -> Flowable:
        """Signature lines and seal, kept on one page with ``lead`` (what is being signed for):
        side by side on A4, stacked on the roll."""
        head = [self.gap(), *lead, *([self.gap()] if lead else [])]
        if self.roll or seal is None:
            return KeepTogether([*head, *signs, *([seal] if seal else [])])
        right = min(
            max(seal.natural_width() + 2 * self.g.body, self.g.seal + 10 * mm), self.width * 0.44
        )
        t = Table([[list(signs), seal]], colWidths=[self.width - right, right])
        t.setStyle(
            _layout_style([("VALIGN", (0, 0), (0, 0), "TOP"), ("VALIGN", (1, 0), (1, 0), "BOTTOM")])
        )
        return KeepTogether([*head, t])

    def return_qr(self, ticket: str) -> list[Flowable]:
        """The signed return ticket (any window of the centre continues the case from it, even
        offline), kept together with its caption: 3-dot modules on the roll, 4 on A4."""
        return [
            KeepTogether(
                [
                    Spacer(1, 2),
                    ReturnQrFlowable(ticket, 3 if self.roll else 4),
                    Text(
                        "回执码：再来办理时请出示，本中心任一窗口扫码续办",
                        self.g.small,
                        align="center",
                    ),
                ]
            )
        ]

    def contact_lines(self, header: SlipHeader, case_no: str | None = None) -> list[str]:
        lines = []
        if header.query_phone:
            lines.append(f"咨询查询电话：{header.query_phone}")
        if header.query_url:
            if case_no:
                url = header.query_url.replace("{case_no}", case_no)
            else:  # a guide: the site, without a query for a case that does not exist
                url = header.query_url.split("{case_no}")[0].split("?")[0]
            lines.append(f"网上查询：{url}")
        lines.append(f"投诉监督电话：{header.complaint_phone}")
        return lines

    def contact(self, header: SlipHeader, case_no: str | None) -> list[Flowable]:
        """How to query the case and whom to complain to, with the QR beside it on A4."""
        texts = self.contact_lines(header, case_no)
        if not (self.settings.qr and case_no):
            return [self.text(line, size=self.g.table) for line in texts]
        qr = self.qr(case_no, header)
        if self.roll:
            return [
                *(self.text(line, size=self.g.table) for line in texts),
                Spacer(1, 2),
                qr,
                Text("扫码查询办理进度", self.g.small, align="center"),
            ]
        texts.append("扫描右侧二维码可查询办理进度")
        t = Table(
            [[[self.text(line, size=self.g.table) for line in texts], qr]],
            colWidths=[self.width - self.g.qr, self.g.qr],
        )
        t.setStyle(_layout_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        return [t]
