"""Shared fixtures: a fresh data directory per test, the real guides, headless Qt."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

# Headless Qt before anything can create a window (Picard does the same).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The test machines have no OS keyring: every store of the suite is keyed from the environment
# (the automation route of app.models.store_key). tests/security/test_store_key.py takes the
# keyring and key-file routes with this variable removed.
os.environ.setdefault("COUNTER_STORE_KEY", "5e" * 32)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def real_guides_path() -> Path:
    """The 12 real items: shared/ beside the checkout, else the copy inside the demo catalog."""
    p = SHARED / "catalog" / "real-guides.json"
    if p.exists():
        return p
    return ROOT / "tests" / "data" / "real-guides.json"


@pytest.fixture
def real_guides_file(tmp_path: Path) -> Path:
    target = tmp_path / "real-guides.json"
    shutil.copy(real_guides_path(), target)
    return target


@pytest.fixture
def real_guides() -> dict:
    return json.loads(real_guides_path().read_text(encoding="utf-8"))


@pytest.fixture
def home(tmp_path: Path):
    from app.paths import Home

    return Home(tmp_path / "home")


def publish_coming_years(ctx) -> None:  # type: ignore[no-untyped-def]
    """The county's holiday table for the years after the installed chinesecalendar's data, up
    to next year, with no exception listed (weekdays work): what a window has once the county
    has published. Without it a time limit counted from today stops at the package's last
    year (with 1.11.0, any 20-working-day limit from early December 2026 reaches 2027), and
    tests would pass or fail by the date they run on."""
    from datetime import date

    from app.core.workdays import package_years

    years = list(range(package_years().stop, date.today().year + 2))
    if years:
        ctx.calendar.replace_years([], years)


@pytest.fixture
def ctx(home):
    """An opened data directory with the demo catalog loaded."""
    from app.bootstrap import open_context

    c = open_context(home)
    publish_coming_years(c)
    yield c
    c.close()


@pytest.fixture
def empty_ctx(home):
    """An opened data directory without any catalog."""
    from app.bootstrap import open_context

    c = open_context(home, load_demo=False)
    yield c
    c.close()


@pytest.fixture
def cli(home, capsys):
    """Run ``counter`` in-process against the test's home; returns (exit code, stdout, stderr)."""
    from app.cli.main import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--home", str(home.root), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


# ---- the window of the tests --------------------------------------------------------------

PASSWORD = "counter2026"  # every account of the tests has it
CLERK = "clerk1"


def resident_id(first17: str) -> str:
    """A resident ID number with its right check character."""
    from app.core.identity import resident_id_check_char

    return first17 + resident_id_check_char(first17)


def set_up_window(ctx):  # type: ignore[no-untyped-def]
    """The window every test works at: 城东街道便民服务中心, window W03 (综合受理3号窗口), its
    administrator ``admin`` and the clerk ``clerk1``, both with ``PASSWORD``."""
    from app.services.window import FirstAdmin, WindowSetup, initialise

    initialise(
        ctx.store,
        ctx.users,
        WindowSetup(
            "C3301",
            "城东街道便民服务中心",
            "W03",
            "综合受理3号窗口",
            complaint_phone="0571-12345",
            query_phone="0571-88888888",
        ),
        FirstAdmin("admin", "王管理", PASSWORD),
    )
    ctx.users.add(CLERK, "李窗口", "clerk", PASSWORD)
    return ctx


@pytest.fixture
def window(ctx):
    """``ctx`` set up as the tests' window (``set_up_window``)."""
    return set_up_window(ctx)


@pytest.fixture
def applicant():
    from app.core.parties import Party

    return Party("person", "张𠈌", "resident_id", resident_id("11010519491231002"), "13800001111")


@pytest.fixture
def initialised(cli, home, monkeypatch):
    """The same window set up through the command line (`counter init`, `counter user add`);
    returns ``cli``."""
    from app.bootstrap import open_context

    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    code, _out, err = cli(
        "init",
        "--centre",
        "c3301",
        "--centre-name",
        "城东街道便民服务中心",
        "--window",
        "w03",
        "--admin",
        "admin",
        "--admin-name",
        "王管理",
        "--complaint-phone",
        "0571-12345",
    )
    assert code == 0, err
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", PASSWORD)  # the new account's own
    code, _out, err = cli("user", "add", CLERK, "--name", "李窗口", "--by", "admin")
    assert code == 0, err
    ctx = open_context(home)
    try:
        publish_coming_years(ctx)
    finally:
        ctx.close()
    return cli
