"""Regenerate docs/slips/: a PNG of every page of every slip, in both layouts.

    .venv/bin/python scripts/render_slips.py [--pdf]

A4 pages are rendered at 110 dpi (enough to read, small to commit); roll pages at 203 dpi, the
thermal printer's own resolution, in 1-bit as the printer would print them. ``--pdf`` also
keeps the PDFs next to the PNGs (not committed).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "printing"))  # the demonstration slips

import slip_samples  # noqa: E402

from app.printing import LAYOUTS, PrintSettings, render  # noqa: E402

OUT = ROOT / "docs" / "slips"
# The 12 real items: shared/ beside the checkout, else the copy the tests keep.
CATALOG = next(
    p
    for p in (
        ROOT.parent / "shared" / "catalog" / "real-guides.json",
        ROOT / "tests" / "data" / "real-guides.json",
    )
    if p.exists()
)
DPI = {"a4": 110, "roll80": 203}
# Rendered from a real visit by their own scripts (render_bundle_slips.py for visit-bundle*,
# render_promise_letter.py for promise-*): kept as they are, their samples not rendered here.
FROM_VISITS = ("visit-", "promise-")
SAMPLES_NOT_RENDERED = ("promise", "bundle", "bundletransfer")


def main() -> None:
    parser = argparse.ArgumentParser(description="Render every slip to docs/slips/*.png")
    parser.add_argument("--pdf", action="store_true", help="keep the PDFs too")
    args = parser.parse_args()
    items = json.loads(CATALOG.read_text(encoding="utf-8"))["items"]
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        if not old.name.startswith(FROM_VISITS):
            old.unlink()
    samples = slip_samples.all_slips(items).items()
    slips = {k: v for k, v in samples if k not in SAMPLES_NOT_RENDERED}
    slips["correction-12"] = slip_samples.correction_many(items, 12)
    slips["acceptance-eseal"] = slip_samples.acceptance(items)
    # Printed in practice mode (练习模式): marked on every page.
    slips["acceptance-practice"] = slip_samples.acceptance(items)
    slips["correction-practice"] = slip_samples.correction(items)
    with tempfile.TemporaryDirectory() as tmp:
        seal = slip_samples.demo_seal(str(Path(tmp) / "seal.png"))
        eseal = replace(slip_samples.SETTINGS, e_seal_image=seal)
        for name, data in slips.items():
            settings = eseal if name.endswith("eseal") else slip_samples.SETTINGS
            if name.endswith("practice"):
                settings = replace(settings, practice=True)
            _render(name, data, settings, keep_pdf=args.pdf)


def _render(name: str, data: object, settings: PrintSettings, keep_pdf: bool) -> None:
    doc = name.split("-")[0]
    for layout in LAYOUTS:
        buf = io.BytesIO()
        render(doc, data, layout, buf, settings)  # type: ignore[arg-type]
        if keep_pdf:
            (OUT / f"{name}-{layout}.pdf").write_bytes(buf.getvalue())
        pdf = pdfium.PdfDocument(buf.getvalue())
        for i, page in enumerate(pdf, 1):
            image: Image.Image = page.render(scale=DPI[layout] / 72).to_pil()
            if layout == "roll80":  # what a thermal head prints: black or nothing
                image = image.convert("L").convert("1", dither=Image.Dither.NONE)
            elif not name.endswith("eseal"):  # keep the red of the e-seal
                image = image.convert("L")
            suffix = f"-p{i}" if len(pdf) > 1 else ""
            path = OUT / f"{name}-{layout}{suffix}.png"
            image.save(path, optimize=True)
            print(path.relative_to(ROOT), image.size)


if __name__ == "__main__":
    main()
