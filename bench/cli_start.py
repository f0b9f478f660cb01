"""How long the `counter` command takes before it does anything, against bare Python.

    .venv/bin/python bench/cli_start.py [--runs 15]

Times fresh processes, interleaved so a busy machine slows both alike: `python -c "import
argparse"` (the floor: an interpreter that parses arguments) against `counter --help` and
`counter central --help`, each run in this environment. Prints the median and best of each,
the ratios of the medians (target: `counter --help` within 2x of the floor) and how many
modules `counter --help` loads.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
COUNTER = str(BIN / "counter")

COMMANDS = {
    "python -c 'import argparse'": [sys.executable, "-c", "import argparse"],
    "counter --help": [COUNTER, "--help"],
    "counter central --help": [COUNTER, "central", "--help"],
}


def once(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - started) * 1000


def modules_loaded() -> int:
    probe = (
        "import contextlib, io, sys\n"
        "from app.cli.main import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "print(len(sys.modules))"
    )
    return int(
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():  # warm the file cache once
        once(argv)
    for _ in range(args.runs):
        for name, argv in COMMANDS.items():
            times[name].append(once(argv))
    floor = statistics.median(times["python -c 'import argparse'"])
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name}: median {med:.0f} ms, best {min(values):.0f} ms, ratio {med / floor:.2f}")
    print(f"modules loaded by counter --help: {modules_loaded()}")
    ratio = statistics.median(times["counter --help"]) / floor
    print(f"target counter --help <= 2.0 x floor: {'met' if ratio <= 2.0 else 'not met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
