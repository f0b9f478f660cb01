"""Build the fonts the slips embed, once, from Debian's font packages.

Run on a Debian/Ubuntu machine (never at runtime, never in CI)::

    apt-get update && apt-get install -y fonts-noto-cjk fonts-hanazono
    .venv/bin/pip install fonttools
    .venv/bin/python scripts/make_fonts.py

Writes into ``resources/fonts/`` (committed):

``CounterSansSC-Regular.ttf``
    Noto Sans CJK SC Regular with its CFF (PostScript) outlines converted to TrueType
    quadratic outlines, because reportlab only embeds ``glyf`` fonts ("postscript outlines are
    not supported"). Every character of the original cmap is kept; only glyphs no character
    maps to (JP/KR/TC variants and vertical forms reached through GSUB, which reportlab never
    applies) are dropped, with the layout tables. The family is renamed "Counter Sans SC" as the
    SIL OFL 1.1 asks of a modified version.
``HanaMinB.ttf``
    HanaMinB from fonts-hanazono, copied byte for byte (already TrueType): the per-character
    fallback for CJK extensions B-F. Kept whole on purpose: any rare name must print.
``OFL-CounterSansSC.txt``, ``LICENSE-HanaMinB.txt``
    The licences, taken from the packages' copyright files.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
NOTO_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
HANA_TTF = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
HANA_COPYRIGHT = Path("/usr/share/doc/fonts-hanazono/copyright")

FAMILY = "Counter Sans SC"
PS_NAME = "CounterSansSC-Regular"
# Upstream noto-cjk LICENSE header; "Source" is the reserved name we must not use.
NOTO_NOTICE = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
MAX_ERR = 1.0  # font units (of 1000/em): cubic->quadratic error far below a printer dot


def _sc_face(ttc: Path) -> TTFont:
    for font in TTCollection(str(ttc)).fonts:
        if font["name"].getDebugName(4) == "Noto Sans CJK SC":
            return font
    sys.exit(f"{ttc}: no 'Noto Sans CJK SC' face")


def _drop_unmapped_glyphs(font: TTFont) -> None:
    """Keep every mapped character; drop GSUB-only glyphs and tables reportlab never reads."""
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.hinting = False
    opts.desubroutinize = True  # flat charstrings convert faster and identically
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=font.getBestCmap().keys())
    sub.subset(font)


def _cff_to_glyf(font: TTFont) -> None:
    """fontTools' otf2ttf recipe: cu2qu every charstring into a TrueType glyph."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():  # left side bearing = xMin for TrueType
        advance = hmtx[name][0]
        hmtx[name] = (advance, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
    ):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = max(
        (len(g.components) for g in glyphs.values() if g.isComposite()), default=0
    )
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: 40k names would only add weight
    post.extraNames = []
    post.mapping = {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\000\001\000\000"


def _rename(font: TTFont) -> None:
    table = font["name"]
    note = (
        "Modified from Noto Sans CJK SC by the Counter project: CFF outlines converted to "
        "TrueType, unmapped glyphs and layout tables removed."
    )
    ids = {1: FAMILY, 3: f"{PS_NAME};counter", 4: FAMILY, 6: PS_NAME, 10: note}
    for rec in list(table.names):
        if rec.nameID in (16, 17, 18, 21, 22):
            table.removeNames(nameID=rec.nameID)
    for rec in table.names:
        if rec.nameID in ids:
            rec.string = ids[rec.nameID]
    for name_id, text in ids.items():
        if table.getName(name_id, 3, 1, 0x409) is None:
            table.setName(text, name_id, 3, 1, 0x409)


def _license_paragraph(copyright_file: Path, name: str) -> str:
    """The text of one ``License: name`` paragraph of a Debian DEP-5 copyright file."""
    text = copyright_file.read_text(encoding="utf-8")
    match = re.search(rf"^License: {re.escape(name)}\n((?:[ \t].*\n?)+)", text, re.M)
    if not match:
        sys.exit(f"{copyright_file}: no License: {name} paragraph")
    lines = []
    for line in match.group(1).splitlines():
        line = line[1:] if line.startswith(" ") else line
        lines.append("" if line.strip() == "." else line)
    return "\n".join(lines).strip() + "\n"


def build(noto: Path, hana: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    print(f"reading {noto}")
    font = _sc_face(noto)
    mapped = len(font.getBestCmap())
    _drop_unmapped_glyphs(font)
    print(f"converting {len(font.getGlyphOrder())} glyphs for {mapped} characters")
    _cff_to_glyf(font)
    _rename(font)
    target = out / f"{PS_NAME}.ttf"
    font.recalcTimestamp = False  # keep the source's dates: the same input gives the same file
    font.save(str(target))
    check = TTFont(str(target))
    assert len(check.getBestCmap()) == mapped, "a character was lost in the conversion"

    shutil.copyfile(hana, out / "HanaMinB.ttf")

    ofl = _license_paragraph(NOTO_COPYRIGHT, "SIL-1.1")
    (out / "OFL-CounterSansSC.txt").write_text(
        f"{FAMILY} ({PS_NAME}.ttf) is a Modified Version of Noto Sans CJK SC Regular.\n"
        f"{NOTO_NOTICE}\n\n{ofl}",
        encoding="utf-8",
    )
    (out / "LICENSE-HanaMinB.txt").write_text(
        "HanaMinB.ttf: Hanazono Font (花園明朝B), GlyphWiki Project, unmodified.\n"
        "Copyright 2008, 2009, 2010, 2011 GlyphWiki Project.\n"
        "Dual-licensed; used here under the Hanazono Font License (first text below).\n\n"
        + _license_paragraph(HANA_COPYRIGHT, "Hanazono-Font-License")
        + "\n\n"
        + _license_paragraph(HANA_COPYRIGHT, "Open-Font-License"),
        encoding="utf-8",
    )
    for path in sorted(out.glob("*.ttf")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB sha256 {digest}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--noto", type=Path, default=NOTO_TTC)
    parser.add_argument("--hana", type=Path, default=HANA_TTF)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    build(args.noto, args.hana, args.out)


if __name__ == "__main__":
    main()
