"""The two embedded fonts, registered once per process, and per-character fallback.

Counter Sans SC (Noto Sans CJK SC converted to TrueType, see scripts/make_fonts.py) prints
everything it has: Latin, punctuation, the CJK core, extension A and the common extension B
names (𠈌). HanaMinB covers the rest of extensions B-F. reportlab has no font fallback, so
text is split into runs by the first font that has each character. Both fonts are TrueType,
so reportlab embeds a subset of each (/FontFile2) in every PDF; nothing depends on the
fonts installed on the machine.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.core.errors import CounterError
from app.paths import resources_dir
from app.printing import tounicode

log = logging.getLogger(__name__)

FONTS_DIR = resources_dir() / "fonts"  # in a checkout and in the frozen build alike
PRIMARY = "CounterSansSC"
FALLBACK = "CounterHanaMinB"
_FILES = {PRIMARY: "CounterSansSC-Regular.ttf", FALLBACK: "HanaMinB.ttf"}


@dataclass(frozen=True, slots=True)
class Glyph:
    font: str
    advance: float  # in 1/1000 em


class FontSet:
    """Which font draws each character, and how wide it is (cached per character)."""

    def __init__(self, fonts: dict[str, TTFont]) -> None:
        self._order = [(name, fonts[name].face) for name in (PRIMARY, FALLBACK)]
        self._notdef = Glyph(PRIMARY, fonts[PRIMARY].face.defaultWidth)
        self._cache: dict[str, Glyph] = {}  # a lookup is idempotent: racing threads agree

    def glyph(self, ch: str) -> Glyph:
        g = self._cache.get(ch)
        if g is None:
            g = self._cache[ch] = self._lookup(ch)
        return g

    def _lookup(self, ch: str) -> Glyph:
        cp = 32 if ch == "\u00a0" else ord(ch)
        for name, face in self._order:
            if cp in face.charToGlyph:
                return Glyph(name, face.charWidths.get(cp, face.defaultWidth))
        log.warning("no font has U+%04X %r; it prints as an empty box", cp, ch)
        return self._notdef

    def width(self, text: str, size: float) -> float:
        glyph = self.glyph
        return sum(glyph(c).advance for c in text) * size / 1000.0

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs, each drawable in one font."""
        out: list[tuple[str, str]] = []
        glyph = self.glyph
        cur_font = ""
        start = 0
        for i, ch in enumerate(text):
            font = glyph(ch).font
            if font != cur_font:
                if i > start:
                    out.append((cur_font, text[start:i]))
                cur_font, start = font, i
        if len(text) > start:
            out.append((cur_font, text[start:]))
        return out


_fontset: FontSet | None = None
_init_lock = threading.Lock()


def fontset() -> FontSet:
    """Register the fonts with reportlab on first use; every later call is a dict lookup."""
    global _fontset
    if _fontset is None:
        with _init_lock:
            if _fontset is None:
                _fontset = _register()
    return _fontset


def _register() -> FontSet:
    tounicode.install()
    fonts: dict[str, TTFont] = {}
    for name, filename in _FILES.items():
        path = FONTS_DIR / filename
        if not path.is_file():
            raise CounterError(
                "print.font_missing",
                f"找不到打印字体 {path}，请重新安装本程序。",
                path=str(path),
            )
        fonts[name] = TTFont(name, str(path))  # validate=0: checksums cost time, fonts are ours
        _tables_read_once(fonts[name].face)
        pdfmetrics.registerFont(fonts[name])
    return FontSet(fonts)


def _tables_read_once(face: Any) -> None:
    """reportlab copies a font's tables out of the file's bytes each time it subsets the font
    for a PDF: the CJK fonts' glyph tables (tens of MB) on every slip, a third of a warm
    render. The tables never change; each is copied once per process and shared."""
    read = face.get_table
    tables: dict[str, bytes] = {}

    def get_table(tag: str) -> bytes:
        data = tables.get(tag)
        if data is None:
            data = tables[tag] = read(tag)
        return data

    face.get_table = get_table
