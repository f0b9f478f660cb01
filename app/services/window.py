"""This window's identity (centre, window, names and phones) and its first administrator."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from app.core.errors import CounterError
from app.models.db import Store
from app.models.schema import Case
from app.services.accounts import AccountService
from app.services.settings import Settings

CODE = re.compile(r"^[A-Z0-9]{1,16}$")


@dataclass(frozen=True)
class WindowSetup:
    centre: str
    centre_name: str
    window: str
    window_name: str | None = None
    organ: str | None = None
    complaint_phone: str | None = None
    query_phone: str | None = None
    query_url: str | None = None
    layout: str | None = None


@dataclass(frozen=True)
class FirstAdmin:
    username: str
    name: str
    password: str


def normalise_code(value: str, what: str, field: str) -> str:
    v = value.strip().upper()
    if not CODE.match(v):
        raise CounterError(
            "init.code", f"{what}只能由字母和数字组成，1 到 16 位（收到 {value!r}）", path=field
        )
    return v


def is_initialised(store: Store) -> bool:
    with store.read() as s:
        return bool(Settings.centre_code.get(s) and Settings.window_code.get(s))


def initialise(
    store: Store, users: AccountService, setup: WindowSetup, admin: FirstAdmin | None = None
) -> None:
    """Record the window's identity; on first start an administrator must be created too."""
    centre = normalise_code(setup.centre, "中心编码", "centre")
    window = normalise_code(setup.window, "窗口编码", "window")
    if not setup.centre_name.strip():
        raise CounterError("init.name", "中心名称不能为空", path="centre_name")
    if setup.layout not in (None, "a4", "roll80"):
        raise CounterError("init.layout", "打印版式应为 a4 或 roll80", path="layout")
    if users.count() == 0 and admin is None:
        raise CounterError("init.admin", "首次初始化需要创建管理员账号", path="admin")
    if admin is not None and users.count() == 0:
        users.add(admin.username, admin.name, "admin", admin.password)
    with store.write() as s:
        old = (Settings.centre_code.get(s), Settings.window_code.get(s))
        has_cases = (s.scalar(select(func.count()).select_from(Case)) or 0) > 0
        if has_cases and old != (centre, window):
            raise CounterError(
                "init.codes_fixed",
                f"本窗口已有办件，中心编码和窗口编码（{old[0]}/{old[1]}）不能再修改",
            )
        Settings.centre_code.set(s, centre)
        Settings.window_code.set(s, window)
        Settings.centre_name.set(s, setup.centre_name.strip())
        Settings.window_name.set(s, (setup.window_name or f"综合受理窗口 {window}").strip())
        for var, value in (
            (Settings.organ_name, setup.organ),
            (Settings.complaint_phone, setup.complaint_phone),
            (Settings.query_phone, setup.query_phone),
            (Settings.query_url, setup.query_url),
            (Settings.print_layout, setup.layout),
        ):
            if value:
                var.set(s, value.strip())
        if Settings.organ_name.get(s) is None:
            Settings.organ_name.set(s, setup.centre_name.strip())
