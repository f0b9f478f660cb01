"""Power cuts while a window takes intakes and syncs: nothing acknowledged lost, nothing doubled.

    .venv/bin/python bench/powerloss.py [--cuts 200] [--seed N] [--max-delay 1.5]
                                        [--pg postgresql://postgres@127.0.0.1:5432/postgres]

The window's data directory lives on dropfs (tests/powerloss/dropfs.py), a FUSE filesystem that
keeps only what was fsynced (file content) or made durable by fsyncing its directory (names).
Each cut kills the filesystem process at a random moment of a worker's run (intakes with their
slips, syncs to the central PostgreSQL), mounts the durable state again and checks it
(tests/powerloss/scenario.py). Needs Linux with FUSE (/dev/fuse, fusermount3 from Debian's
fuse3, mfusepy) and a PostgreSQL superuser URL (--pg or $COUNTER_TEST_PG).

Prints one line per cut while running, then: cuts, acknowledged, lost, duplicated. Exit code
0 when lost and duplicated are 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.powerloss.mount import fuse_problem  # noqa: E402
from tests.powerloss.scenario import DEFAULT_PG, run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cuts", type=int, default=200)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument(
        "--max-delay",
        type=float,
        default=1.5,
        help="the latest moment of a cut, seconds after the worker is ready",
    )
    ap.add_argument("--pg", default=os.environ.get("COUNTER_TEST_PG", DEFAULT_PG))
    ap.add_argument("--quiet", action="store_true", help="only the figures at the end")
    args = ap.parse_args(argv)
    problem = fuse_problem()
    if problem:
        print(f"powerloss: {problem}", file=sys.stderr)
        return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="counter-powerloss-") as tmp:
        figures = run(
            args.cuts,
            workdir=Path(tmp),
            admin=args.pg,
            seed=args.seed,
            max_delay=args.max_delay,
            progress=None if args.quiet else lambda m: print(m, flush=True),
        )
    for p in figures.problems[:50]:
        print(f"problem: {p}")
    print(f"records: {figures.records}, {time.monotonic() - started:.0f} s")
    for line in figures.lines():
        print(line)
    return 0 if figures.lost == 0 and figures.duplicated == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
