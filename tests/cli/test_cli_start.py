"""`counter --help` builds its parser without loading the store, the sync or the printer.

Every command module registers its subcommands at start; what a command needs (SQLAlchemy,
psycopg, alembic, keyring, reportlab, Qt) loads when that command runs. Counted as modules
loaded, not as time: the time is in bench/cli_start.py.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "sqlalchemy",
    "alembic",
    "psycopg",
    "keyring",
    "reportlab",
    "PySide6",
    "openpyxl",
    "argon2",
    "pypinyin",
    "mako",
    "pygments",
    "barcode",
)

PROBE = """
import sys
from app.cli.main import build_parser
build_parser().format_help()
print(",".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_building_the_help_loads_nothing_heavy() -> None:
    out = (
        subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
        .stdout.strip()
        .split(",")
    )
    assert sorted(set(out) & set(HEAVY)) == []


def test_every_command_still_has_its_help() -> None:
    for argv in (
        ["--help"],
        ["central", "--help"],
        ["central", "case", "status", "--help"],
        ["sync", "--help"],
        ["sync", "configure", "--help"],
    ):
        done = subprocess.run([sys.executable, "-m", "app", *argv], capture_output=True, text=True)
        assert done.returncode == 0, (argv, done.stderr)
        assert "usage: counter" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "app", "central", "case", "status", "--help"],
        capture_output=True,
        text=True,
    )
    assert "result_ready (待领取)" in done.stdout
