"""An initialised window with a clerk, and helpers to build applicants."""

from __future__ import annotations

import pytest

from app.core.identity import resident_id_check_char
from app.core.parties import Party
from app.services.window import FirstAdmin, WindowSetup, initialise

PASSWORD = "counter2026"


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


@pytest.fixture
def window(ctx):
    initialise(ctx.store, ctx.users,
               WindowSetup("C3301", "城东街道便民服务中心", "W03", complaint_phone="0571-12345",
                           query_phone="0571-88888888"),
               FirstAdmin("admin", "王管理", PASSWORD))
    ctx.users.add("clerk1", "李窗口", "clerk", PASSWORD)
    return ctx


@pytest.fixture
def applicant() -> Party:
    return Party("person", "张𠈌", "resident_id", resident_id("11010519491231002"), "13800001111")
