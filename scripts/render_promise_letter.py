"""Render the 证明事项告知承诺书 of a real visit to docs/slips/promise-*.png.

    .venv/bin/python scripts/render_promise_letter.py

A fresh data directory with the demo catalog and the tests' window takes 居住证首次申领
(DEMO-0036) on the grounds of a job, the 就业证明 replaced by the applicant's 告知承诺; the kept
letter is rendered in both layouts with pdftoppm: A4 at 110 dpi in grey, the roll at 203 dpi
in 1-bit as a thermal head prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("COUNTER_STORE_KEY", "5e" * 32)  # a throwaway store, keyed for this run

from app.core.cases import IntakeRequest  # noqa: E402
from app.core.checklist import OK, PROMISED, Verdict  # noqa: E402
from app.core.parties import Party  # noqa: E402
from app.paths import Home  # noqa: E402
from app.services.settings import Settings  # noqa: E402
from tests.conftest import publish_coming_years, set_up_window  # noqa: E402

OUT = ROOT / "docs" / "slips"
NOW = datetime(2026, 3, 2, 9, 30)
DPI = {"a4": ("110", "-gray"), "roll80": ("203", "-mono")}


def take(ctx) -> Path:  # type: ignore[no-untyped-def]
    applicant = Party("person", "张晓明", "resident_id", "110105194912310021", "13800001111")
    verdicts = {m: Verdict(OK) for m in ("m1", "m2", "m3", "m4")}
    req = IntakeRequest(
        clerk="clerk1",
        item_code="DEMO-0036",
        applicant=applicant,
        answers={"q1": ["a1"], "q2": ["b1"], "q3": ["c2"]},
        verdicts={**verdicts, "m5": Verdict(PROMISED)},
    )
    done = ctx.visits.submit(req, now=NOW)
    return ctx.slips.reprint(done.case_no, "promise")


def main() -> None:
    from app.bootstrap import open_context

    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("promise*.png"):
        old.unlink()
    for layout, (dpi, colour) in DPI.items():
        with tempfile.TemporaryDirectory() as tmp:
            ctx = open_context(Home(Path(tmp) / "home"))
            try:
                publish_coming_years(ctx)
                set_up_window(ctx)
                with ctx.store.write() as s:
                    Settings.print_layout.set(s, layout)
                pdf = take(ctx)
                stem = OUT / f"promise-{layout}"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", dpi, colour, str(pdf), str(stem)], check=True
                )
            finally:
                ctx.close()
    for png in sorted(OUT.glob("promise*.png")):
        print(png.relative_to(ROOT))


if __name__ == "__main__":
    main()
