"""An initialised window with a clerk, and helpers to build applicants."""

from __future__ import annotations

import pytest

from app.bootstrap import open_context
from app.core.identity import resident_id_check_char
from app.core.parties import Party
from app.services.window import FirstAdmin, WindowSetup, initialise
from tests.conftest import publish_coming_years

PASSWORD = "counter2026"


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


@pytest.fixture
def window(ctx):
    initialise(
        ctx.store,
        ctx.users,
        WindowSetup(
            "C3301",
            "城东街道便民服务中心",
            "W03",
            complaint_phone="0571-12345",
            query_phone="0571-88888888",
        ),
        FirstAdmin("admin", "王管理", PASSWORD),
    )
    ctx.users.add("clerk1", "李窗口", "clerk", PASSWORD)
    return ctx


@pytest.fixture
def applicant() -> Party:
    return Party("person", "张𠈌", "resident_id", resident_id("11010519491231002"), "13800001111")


@pytest.fixture
def initialised(cli, home, monkeypatch):
    monkeypatch.setenv("COUNTER_PASSWORD", "counter2026")
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
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", "counter2026")  # the new account's own
    code, _out, err = cli("user", "add", "clerk1", "--name", "李窗口", "--by", "admin")
    assert code == 0, err
    ctx = open_context(home)
    try:
        publish_coming_years(ctx)
    finally:
        ctx.close()
    return cli
