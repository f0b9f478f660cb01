"""A window holding a month of real work (tests/services/month.py), made once per module."""

from __future__ import annotations

import shutil

import pytest

from app.bootstrap import open_context
from app.paths import Home
from app.services.window import FirstAdmin, WindowSetup, initialise
from tests.conftest import publish_coming_years
from tests.intake.conftest import PASSWORD
from tests.services.month import Made, make_month


def month_window(root) -> tuple[Home, Made]:  # type: ignore[no-untyped-def]
    home = Home(root)
    ctx = open_context(home)
    try:
        publish_coming_years(ctx)
        initialise(
            ctx.store,
            ctx.users,
            WindowSetup("C3301", "城东街道便民服务中心", "W03", complaint_phone="0571-12345"),
            FirstAdmin("admin", "王管理", PASSWORD),
        )
        ctx.users.add("clerk1", "李窗口", "clerk", PASSWORD)
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
