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


def test_a_command_runs_with_garbage_collection_on(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The collector is off while the data layer loads (app/cli/main.py, ``loading``) and on
    again for the command's own work, whatever happens."""
    import gc

    from app.cli import case_cmds

    seen: list[bool] = []

    def report(args, ctx):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        raise RuntimeError("boom")

    monkeypatch.setattr(case_cmds, "cmd_report", report)
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    code, _, err = cli("report", "--day", "2026-06-30")
    assert seen == [True]
    assert code == 1 and "RuntimeError" in err
    assert gc.isenabled()
    code, _, _ = cli("report", "--day", "not-a-day")  # refused while parsing
    assert code != 0 and gc.isenabled()
    assert gc.get_freeze_count() == frozen  # a caller's objects are never set aside


FROZEN_PROBE = """
import gc, sys
from app.cli import case_cmds, main as cli_main

def report(args, ctx):
    print(gc.isenabled(), gc.get_freeze_count() > 10_000)
    return 0

case_cmds.cmd_report = report
sys.argv = ["counter", "--home", sys.argv[1], "report"]
sys.exit(cli_main.main())
"""


def test_a_command_of_its_own_sets_what_it_loaded_aside(home) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run(
        [sys.executable, "-c", FROZEN_PROBE, str(home.root)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]


def test_loading_leaves_the_collector_as_it_found_it() -> None:
    import gc

    from app.cli.main import loading

    try:
        gc.disable()
        with loading():
            assert not gc.isenabled()
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()
    try:
        with loading():
            assert not gc.isenabled()
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()
