"""Warm time to render one slip, per document and layout, against the 50 ms target.

    .venv/bin/python bench/slips.py [--runs 60] [--warmup 5]

"Warm" means the process has already registered the fonts and rendered each slip once (the
app does that at the first print); each timed run renders the full PDF into memory, the way
the print dialog gets it. Prints p50 / p95 / max in ms and p50 and p95 as a share of the
target. The one-off cold start (font registration and first render) is reported apart.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "printing"))  # the demonstration slips

import slip_samples  # noqa: E402

from app.printing import LAYOUTS, render  # noqa: E402

TARGET_MS = 50.0
CATALOG = next(
    p
    for p in (
        ROOT.parent / "shared" / "catalog" / "real-guides.json",
        ROOT / "tests" / "data" / "real-guides.json",
    )
    if p.exists()
)


def accelerated() -> bool:
    try:
        import _rl_accel  # noqa: F401
    except ImportError:
        return False
    return True


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description="Warm render time per slip")
    parser.add_argument("--runs", type=int, default=60, help="timed renders per slip")
    parser.add_argument("--warmup", type=int, default=5, help="untimed renders per slip first")
    args = parser.parse_args()
    items = json.loads(CATALOG.read_text(encoding="utf-8"))["items"]
    slips = slip_samples.all_slips(items)
    slips["correction-12"] = slip_samples.correction_many(items, 12)

    t0 = time.perf_counter()
    render("acceptance", slips["acceptance"], "a4", io.BytesIO(), slip_samples.SETTINGS)
    cold = _ms(time.perf_counter() - t0)

    print(
        f"{'slip':<16}{'layout':<8}{'pages':>6}{'KB':>7}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'max ms':>9}{'p50/50ms':>10}{'p95/50ms':>10}{'cpu p50':>9}{'cpu p95':>9}"
    )
    worst = worst_cpu = 0.0
    for name, data in slips.items():
        doc = name.split("-")[0]
        for layout in LAYOUTS:
            for _ in range(args.warmup):
                render(doc, data, layout, io.BytesIO(), slip_samples.SETTINGS)  # type: ignore[arg-type]
            times, cpus = [], []
            for _ in range(args.runs):
                out = io.BytesIO()
                start, cpu = time.perf_counter(), time.process_time()
                render(doc, data, layout, out, slip_samples.SETTINGS)  # type: ignore[arg-type]
                times.append(_ms(time.perf_counter() - start))
                cpus.append(_ms(time.process_time() - cpu))
            times.sort()
            cpus.sort()
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            pages = out.getvalue().count(b"/Type /Page\n")
            worst = max(worst, p95)
            print(
                f"{name:<16}{layout:<8}{pages:>6}{len(out.getvalue()) / 1024:>7.0f}"
                f"{p50:>9.1f}{p95:>9.1f}{times[-1]:>9.1f}"
                f"{p50 / TARGET_MS:>10.2f}{p95 / TARGET_MS:>10.2f}"
                f"{statistics.median(cpus):>9.1f}{cpus[min(len(cpus) - 1, round(0.95 * (len(cpus) - 1)))]:>9.1f}"
            )
            worst_cpu = max(worst_cpu, cpus[min(len(cpus) - 1, round(0.95 * (len(cpus) - 1)))])
    print(f"\ncold first slip (font registration + first render): {cold:.0f} ms")
    print(
        f"worst p95: {worst:.1f} ms = {worst / TARGET_MS:.2f} x the {TARGET_MS:.0f} ms target"
        f" ({args.runs} runs per slip, Python {sys.version.split()[0]})"
    )
    # CPU time: what the load of a shared machine does not inflate.
    print(f"worst CPU p95: {worst_cpu:.1f} ms = {worst_cpu / TARGET_MS:.2f} x the target")
    print(f"reportlab C accelerator: {'yes' if accelerated() else 'no (pure-Python fallback)'}")


if __name__ == "__main__":
    main()
