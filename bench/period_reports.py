"""What a window's daily and monthly report costs as its history grows.

    .venv/bin/python bench/period_reports.py [--sizes 10000,100000] [--cache DIR]

On stores cloned from real services (bench/scale_store.py, 200 cases a working day up to
2026-06-30, cached like bench/scale.py's), the whole command ``counter report monthly --month
2026-06 --out m.pdf --out m.xlsx`` and ``counter report daily --day 2026-06-30 --out d.pdf``,
median wall time of three runs and CPU time. The reports read only their own days and the
cases running into them (app/services/period_reports.py): the figures should not grow with the
years of history before them. Printed with the ratio of the largest store to the smallest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale import COUNTER, END, cached_store, label, peak_of, run_child  # noqa: E402

MONTH = f"{END:%Y-%m}"


def measure(home: Path, out: Path, argv: list[str]) -> tuple[float, float]:
    """(median wall seconds of three runs, CPU seconds of one)."""
    cmd = [*COUNTER, "--home", str(home), *argv]
    walls = [run_child(cmd)[0] for _ in range(3)]
    _wall, _peak, cpu = peak_of(cmd)
    return statistics.median(walls), cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "counter-bench"))
    args = ap.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"# load average at the start {os.getloadavg()} on {os.cpu_count()} CPUs", flush=True)
    results: dict[int, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="counter-period-") as tmp:
        out = Path(tmp)
        for n in sizes:
            src, info = cached_store(cache, n)
            home = out / f"home-{n}"
            shutil.copytree(src, home)  # the cache stays as it was built
            run_child([*COUNTER, "--home", str(home), "report", "--day", END.isoformat()])
            print(f"# {label(n)}: {info['records']} records over {info['days']} working days")
            results[n] = {
                "monthly": measure(
                    home,
                    out,
                    [
                        "report",
                        "monthly",
                        "--month",
                        MONTH,
                        "--out",
                        str(out / "m.pdf"),
                        "--out",
                        str(out / "m.xlsx"),
                    ],
                ),
                "daily": measure(
                    home,
                    out,
                    ["report", "daily", "--day", END.isoformat(), "--out", str(out / "d.pdf")],
                ),
            }
            for kind, (wall, cpu) in results[n].items():
                print(
                    f"{kind} report at {label(n)}: {wall:.2f} s wall, {cpu:.2f} s CPU", flush=True
                )
    lo, hi = min(sizes), max(sizes)
    if lo != hi:
        for kind in ("monthly", "daily"):
            ratio = results[hi][kind][1] / results[lo][kind][1]
            print(f"{kind} CPU {label(hi)} / {label(lo)}: {ratio:.2f}")
    print(f"# load average at the end {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
