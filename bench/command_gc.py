"""A `counter` command with and without the collector set aside while it starts.

    .venv/bin/python bench/command_gc.py --home DIR [--runs 20] -- report --day 2026-06-30

Fresh processes, the two kinds alternated (and their order swapped every pair) so a busy
machine slows both alike: "with" is the command as it ships (app/cli/main.py, ``loading``:
no cyclic collection while the data layer loads, then ``gc.freeze``), "without" the same code
with ``loading`` made a no-op. Prints the median, mean and best of each and the ratio of the
medians. The command runs 2 x RUNS times on the data directory given, so it should only read
(report, case show) or write what every run writes the same (log verify's checkpoint). Use a
copy of a large store, e.g. a store of the bench/scale.py cache.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WITH = "import sys; from app.cli.main import main; sys.exit(main())"
WITHOUT = (
    "import sys, contextlib; import app.cli.main as m; "
    "m.loading = lambda settle=False: contextlib.nullcontext(); sys.exit(m.main())"
)


def once(code: str, argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, check=True, capture_output=True)
    return (time.perf_counter() - started) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", required=True, help="data directory the command reads")
    ap.add_argument("--runs", type=int, default=20, help="pairs of runs")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="after --: the command's words")
    args = ap.parse_args()
    words = [w for w in args.command if w != "--"] or ["report"]
    argv = ["--home", args.home, *words]
    compileall.compile_dir(ROOT / "app", quiet=1)  # byte-code as an installed build has it
    once(WITH, argv)  # warm the file cache
    times: dict[str, list[float]] = {"with": [], "without": []}
    for i in range(args.runs):
        pair = [("with", WITH), ("without", WITHOUT)]
        for name, code in pair if i % 2 == 0 else pair[::-1]:
            times[name].append(once(code, argv))
    for name, values in times.items():
        print(
            f"counter {' '.join(words)} {name} the collector set aside: median "
            f"{statistics.median(values):.0f} ms, mean {statistics.mean(values):.0f} ms, "
            f"best {min(values):.0f} ms"
        )
    ratio = statistics.median(times["with"]) / statistics.median(times["without"])
    print(f"ratio with / without: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
