"""Correct ToUnicode CMaps for reportlab's TrueType subsets, so copy/search returns the names.

reportlab (checked up to 5.1) writes each subset's ToUnicode entry as ``"<%02X> <%04X>"``. For a
character outside the BMP that gives five or six hex digits (``<2020C>`` for 𠈌), which is not
UTF-16BE: PDF readers reject or misread it, so "张𠈌" extracts as "张" plus garbage. The CMap
destination must be the UTF-16BE code units, a surrogate pair here (``<D840DE0C>``).

``install()`` replaces ``reportlab.pdfbase.ttfonts.makeToUnicodeCMap``, which
``TTFont.addObjects`` looks up at call time, with a version that writes UTF-16BE and keeps
blocks to the 100 entries the CMap specification allows. Only the ToUnicode stream changes;
glyphs, widths and subsetting stay reportlab's. Idempotent.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase import ttfonts

_BLOCK = 100  # Adobe CMap spec: at most 100 entries per beginbfchar block


def make_tounicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """The ToUnicode CMap of one 256-code subset: code i shows character ``subset[i]``."""
    pairs = [
        f"<{code:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>"
        for code, cp in enumerate(subset)
        if cp  # 0 fills unused codes and .notdef: nothing to extract
    ]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{max(len(subset) - 1, 0):02X}>",
        "endcodespacerange",
    ]
    for start in range(0, len(pairs), _BLOCK):
        block = pairs[start : start + _BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(block)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def install() -> None:
    if not hasattr(ttfonts, "makeToUnicodeCMap"):  # pragma: no cover - reportlab changed
        raise RuntimeError("reportlab no longer has ttfonts.makeToUnicodeCMap; review tounicode.py")
    ttfonts.makeToUnicodeCMap = make_tounicode_cmap
