"""Render the slips of a 一件事 visit accepted in part to docs/slips/visit-bundle*.png.

    .venv/bin/python scripts/render_bundle_slips.py

A fresh data directory with the demo catalog and the tests' window takes 新生儿出生一件事
(BUNDLE-0001) for a made-up applicant: two members accepted, the third told to correct (its
form missing). The kept PDFs (the 告知单 and the transfer lists) are rendered in both layouts
with pdftoppm: A4 at 110 dpi in grey, the roll at 203 dpi in 1-bit as a thermal head prints.

A second visit takes 失业一件事 (BUNDLE-0002) with promises: the 解除劳动合同证明 of 失业保险金申领
and the 毕业证书 of 就业困难人员认定 replaced by 告知承诺, the 外地参保缴费证明 promised under
容缺. Its 告知单 and each member's letters (as kept with its case) are rendered in both layouts
to visit-bundle-promised-*, visit-bundle-promise-N-* (N: the member) and
visit-bundle-commitment-*.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("COUNTER_STORE_KEY", "5e" * 32)  # a throwaway store, keyed for this run

from app.bootstrap import open_context  # noqa: E402
from app.core.checklist import MISSING, OK, PROMISED, Verdict  # noqa: E402
from app.core.parties import Party  # noqa: E402
from app.paths import Home  # noqa: E402
from app.services.bundle_intake import BundleRequest  # noqa: E402
from app.services.settings import Settings  # noqa: E402
from tests.conftest import publish_coming_years, set_up_window  # noqa: E402

OUT = ROOT / "docs" / "slips"
NOW = datetime(2026, 3, 2, 9, 30)
DPI = {"a4": ("110", "-gray"), "roll80": ("203", "-mono")}


def take(ctx) -> list[Path]:  # type: ignore[no-untyped-def]
    applicant = Party("person", "张晓明", "resident_id", "110105194912310021", "13800001111")
    base = BundleRequest(
        clerk="clerk1",
        bundle_code="BUNDLE-0001",
        applicant=applicant,
        answers={"x1": ["x1a", "x1b"]},
        members={
            "DEMO-0026": {"q2": ["c1"], "q3": ["b1"]},
            "DEMO-0004": {"q2": ["c1"]},
            "DEMO-0009": {"q2": ["b1"]},
        },
    )
    lines = ctx.bundles.preview(base, NOW.date()).lines
    verdicts = {line.key: Verdict(OK) for line in lines}
    verdicts["DEMO-0009/m1"] = Verdict(MISSING, "申请人未携带，需到社保窗口领取后填写")
    req = BundleRequest(**{**base.__dict__, "verdicts": verdicts})
    done = ctx.bundles.submit(req, now=NOW, slips=False)
    first = done.members[0].result.case_no
    from app.services import bundle_slips

    numbers = [m.result.case_no for m in done.members]
    tie = {"id": done.bundle_id, "code": done.bundle_code, "name": done.bundle_name}
    bundle_slips.keep(ctx.slips, numbers, {**tie, "promised_date": done.promised_date})
    return [ctx.slips.reprint(first, doc) for doc in ("bundle", "bundletransfer")]


def take_promises(ctx) -> list[tuple[str, Path]]:  # type: ignore[no-untyped-def]
    """失业一件事 with three promises; the PDFs under the names they are rendered to."""
    applicant = Party("person", "王建国", "resident_id", "330106198807150036", "13900002222")
    base = BundleRequest(
        clerk="clerk1",
        bundle_code="BUNDLE-0002",
        applicant=applicant,
        answers={"y1": ["y1a", "y1b"]},
        members={
            "DEMO-0031": {"q1": ["a1"], "q2": ["b1"]},
            "DEMO-0032": {"q1": ["a2"], "q2": ["b1"]},
            "DEMO-0033": {"q1": ["a6"]},
        },
        supplement_deadline=date(2026, 3, 6),
    )
    promised = ("DEMO-0032/m3", "DEMO-0032/m6", "DEMO-0033/m7")
    lines = ctx.bundles.preview(base, NOW.date()).lines
    verdicts = {line.key: Verdict(PROMISED if line.key in promised else OK) for line in lines}
    done = ctx.bundles.submit(BundleRequest(**{**base.__dict__, "verdicts": verdicts}), now=NOW)
    if done.slip_error:
        raise SystemExit(done.slip_error)
    cases = [m.result.case_no for m in done.members]
    out = [("bundle-promised", ctx.slips.reprint(cases[0], "bundle"))]
    out += [(f"bundle-promise-{i}", ctx.slips.reprint(cases[i - 1], "promise")) for i in (2, 3)]
    out.append(("bundle-commitment", ctx.slips.reprint(cases[1], "commitment")))
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("visit-bundle*.png"):
        old.unlink()
    for layout, (dpi, colour) in DPI.items():
        with tempfile.TemporaryDirectory() as tmp:
            ctx = open_context(Home(Path(tmp) / "home"))
            try:
                publish_coming_years(ctx)
                set_up_window(ctx)
                with ctx.store.write() as s:
                    Settings.print_layout.set(s, layout)
                made = [(pdf.stem.split("-")[0], pdf) for pdf in take(ctx)]
                made += take_promises(ctx)
                for name, pdf in made:
                    stem = OUT / f"visit-{name}-{layout}"
                    subprocess.run(
                        ["pdftoppm", "-png", "-r", dpi, colour, str(pdf), str(stem)], check=True
                    )
            finally:
                ctx.close()
    for png in sorted(OUT.glob("visit-bundle*.png")):
        print(png.relative_to(ROOT))


if __name__ == "__main__":
    main()
