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
