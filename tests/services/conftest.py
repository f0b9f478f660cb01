"""The services' shared fixtures: the slips rendered during a test, and a window holding a
month of real work (tests/services/month.py), made once per session."""

from __future__ import annotations

import shutil

import pytest

import app.printing
from app.bootstrap import open_context
from app.paths import Home
from tests.conftest import publish_coming_years, set_up_window
from tests.services.month import Made, make_month


def month_window(root) -> tuple[Home, Made]:  # type: ignore[no-untyped-def]
    home = Home(root)
    ctx = open_context(home)
    try:
        publish_coming_years(ctx)
        set_up_window(ctx)
        made = make_month(ctx)
    finally:
        ctx.close()
    return home, made


@pytest.fixture(scope="session")
def month_home(tmp_path_factory) -> tuple[Home, Made]:  # type: ignore[no-untyped-def]
    """Made once for the session: tests that change it work on a copy (``month_copy``)."""
    return month_window(tmp_path_factory.mktemp("month") / "home")


@pytest.fixture(scope="module")
def month_copy(month_home, tmp_path_factory) -> tuple[Home, Made]:  # type: ignore[no-untyped-def]
    home, made = month_home
    copy = Home(tmp_path_factory.mktemp("month-copy") / "home")
    shutil.copytree(home.root, copy.root)
    return copy, made


@pytest.fixture
def printed(monkeypatch):  # type: ignore[no-untyped-def]
    """The data of every slip rendered during the test, in order (each still rendered)."""
    slips: list[object] = []
    render = app.printing.render

    def keep(doc, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        slips.append(data)
        return render(doc, data, *args, **kwargs)

    monkeypatch.setattr(app.printing, "render", keep)
    return slips
