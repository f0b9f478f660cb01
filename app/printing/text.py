"""Chinese text that wraps like a printed notice and never loses a character.

reportlab's Paragraph has no font fallback and its CJK wrapping splits ID and case numbers
anywhere. ``Text`` lays text out itself: ideographs break between any two characters,
runs of Latin letters and digits (case numbers, masked IDs, URLs) stay whole unless longer
than the line, the usual 禁则 keep closing punctuation off the start of a line and opening
punctuation off its end, and each character is drawn in the first font that has it. It is
also several times faster than Paragraph, which matters for the 50 ms per slip budget.
"""

from __future__ import annotations

from typing import Any, Literal

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.printing.fonts import FontSet, fontset

Align = Literal["left", "center", "right", "justify"]

# No line may start with these (closing punctuation) nor end with the openers.
_NO_START = frozenset("，。、；：？！）》」』】〕〉”’…—％‰·．,.;:?!)]}%")
_NO_END = frozenset("（《「『【〔〈“‘([{")
# Below U+2E80 but laid out like CJK punctuation (one unit each, 禁则 apply).
_CJK_LIKE = frozenset("“”‘’…—–·•※§№")
_EPS = 1e-6


def _is_word_char(ch: str) -> bool:
    return ord(ch) < 0x2E80 and not ch.isspace() and ch not in _CJK_LIKE


def _units(text: str) -> list[str]:
    """Unbreakable units: one ideograph, one Latin word, a space, or a newline.

    A word also ends after "-" or "/", so a case number or a URL that does not fit breaks
    there rather than between two digits.
    """
    units: list[str] = []
    word: list[str] = []
    for ch in text:
        if _is_word_char(ch):
            word.append(ch)
            if ch in "-/" and len(word) > 1:
                units.append("".join(word))
                word = []
            continue
        if word:
            units.append("".join(word))
            word = []
        units.append("\n" if ch == "\n" else " " if ch.isspace() else ch)
    if word:
        units.append("".join(word))
    merged: list[str] = []
    for u in units:
        prev = merged[-1] if merged else " "
        if (
            prev not in (" ", "\n")
            and u not in (" ", "\n")
            and (u[0] in _NO_START or prev[-1] in _NO_END)
        ):
            merged[-1] = prev + u  # 禁则: keep the punctuation with its neighbour
        else:
            merged.append(u)
    return merged


def wrap_lines(
    text: str, size: float, width: float, fonts: FontSet, indent: float = 0.0
) -> list[tuple[str, bool]]:
    """Break text into lines no wider than ``width``; each line says if it ends a paragraph."""
    lines: list[tuple[str, bool]] = []
    cur: list[str] = []
    cur_w = indent
    limit = width + _EPS

    def flush(end: bool) -> None:
        nonlocal cur, cur_w
        while cur and cur[-1] == " ":
            cur.pop()
        lines.append(("".join(cur), end))
        cur, cur_w = [], 0.0

    for u in _units(text):
        if u == "\n":
            flush(True)
            continue
        if u == " " and not cur:
            continue
        w = fonts.width(u, size)
        if cur_w + w <= limit:
            cur.append(u)
            cur_w += w
            continue
        if cur:
            flush(False)
            if u == " ":
                continue
        if w <= limit:
            cur, cur_w = [u], w
            continue
        for ch in u:  # a unit wider than the line: break it between characters
            cw = fonts.width(ch, size)
            if cur and cur_w + cw > limit:
                flush(False)
            cur.append(ch)
            cur_w += cw
    flush(True)
    return lines


def draw_line(canv: Canvas, x: float, y: float, text: str, size: float) -> None:
    """Draw one unwrapped line at a baseline, each run in the font that has its characters."""
    fonts = fontset()
    for font, run in fonts.runs(text):
        canv.setFont(font, size)
        canv.drawString(x, y, run)
        x += fonts.width(run, size)


class Text(Flowable):
    """A block of wrapped text in the slip fonts."""

    def __init__(
        self,
        text: str,
        size: float,
        *,
        leading: float | None = None,
        align: Align = "left",
        bold: bool = False,
        indent_chars: float = 0.0,
        space_before: float = 0.0,
        space_after: float = 0.0,
        _lines: list[tuple[str, bool]] | None = None,
        _first: bool = True,
    ) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.leading = leading if leading is not None else size * 1.45
        self.align = align
        self.bold = bold
        self.indent = indent_chars * size
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self._fonts = fontset()
        self._lines = _lines
        self._first = _first  # the first-line indent applies only to the real first line
        self._laid_width = -1.0

    def _layout(self, width: float) -> list[tuple[str, bool]]:
        if self._lines is None or (self._laid_width != width and self._laid_width >= 0):
            indent = self.indent if self._first else 0.0
            self._lines = wrap_lines(self.text, self.size, width, self._fonts, indent)
        self._laid_width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self._layout(availWidth)) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        lines = self._layout(availWidth)
        n = int((availHeight + _EPS) // self.leading)
        if n <= 0 or n >= len(lines):
            return [] if n <= 0 else [self]
        kw: dict[str, Any] = {
            "leading": self.leading,
            "align": self.align,
            "bold": self.bold,
            "indent_chars": self.indent / self.size,
        }
        head = Text(self.text, self.size, space_before=self.spaceBefore, _lines=lines[:n], **kw)
        tail = Text(
            self.text, self.size, space_after=self.spaceAfter, _lines=lines[n:], _first=False, **kw
        )
        head._laid_width = tail._laid_width = availWidth
        return [head, tail]

    def draw(self) -> None:
        canv = self.canv
        fonts = self._fonts
        size = self.size
        width = self.width
        # Baseline sits so that the em box is centred in the line's leading.
        y = self.height - (self.leading - size) / 2 - size * 0.88
        text = canv.beginText()
        if self.bold:  # one embedded weight: fill + thin stroke reads as bold on paper
            canv.saveState()
            canv.setLineWidth(size * 0.035)
            text.setTextRenderMode(2)
        current_font = ""
        current_space = 0.0
        for i, (line, end) in enumerate(self._lines or ()):
            indent = self.indent if (i == 0 and self._first) else 0.0
            line_w = fonts.width(line, size)
            free = width - indent - line_w
            x = indent
            char_space = 0.0
            if self.align == "center":
                x += free / 2
            elif self.align == "right":
                x += free
            elif self.align == "justify" and not end and len(line) > 1:
                spread = free / (len(line) - 1)
                if 0 < spread < size * 0.3:  # do not stretch a line that broke before a long word
                    char_space = spread
            if char_space != current_space:
                text.setCharSpace(char_space)
                current_space = char_space
            for font, run in fonts.runs(line):
                if font != current_font:
                    text.setFont(font, size)
                    current_font = font
                text.setTextOrigin(x, y)
                text.textOut(run)
                x += fonts.width(run, size) + char_space * len(run)
            y -= self.leading
        canv.drawText(text)
        if self.bold:
            canv.restoreState()
