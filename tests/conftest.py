"""Shared fixtures: a fresh data directory per test, the real guides, headless Qt."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

# Headless Qt before anything can create a window (Picard does the same).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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


@pytest.fixture
def ctx(home):
    """An opened data directory with the demo catalog loaded."""
    from app.bootstrap import open_context

    c = open_context(home)
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
