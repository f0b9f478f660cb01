"""Opening a sync session: which window this device belongs to, and how far its clock is off.

The central database decides the window from the login role (never from what the device says)
and binds a device id to the first window that uses it; a window sending another window's device
id is refused, and the refusal is logged centrally. Clock skew is measured against the server's
clock and reported; it never refuses a sync (records keep the window's own timestamps).

The same call returns the central database's identity, which the engine compares with the one
the window pinned at its first registration (``engine._check_central``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import psycopg

from app import __version__
from app.sync.connection import CentralConnection, SyncFailure, central_too_old

SKEW_WARNING_SECONDS = 300.0


@dataclass(frozen=True)
class Session:
    device_id: str
    centre: str
    window: str
    server_max_epoch: int  # 0 when the server has no record of this device yet
    min_payload_version: int
    max_payload_version: int
    clock_skew_seconds: float  # positive: this machine's clock is ahead of the server's
    central_id: str | None = None  # the central database's identity (counter.meta)

    @property
    def skew_flagged(self) -> bool:
        return abs(self.clock_skew_seconds) > SKEW_WARNING_SECONDS


@dataclass(frozen=True)
class Introduction:
    """What the central database says of itself and of the login role, asked before anything
    is registered: a window that finds the wrong central or the wrong role leaves no trace
    there (registering first would bind its device id to the wrong window for good)."""

    central_id: str | None
    centre: str | None  # None: the role is no window's (register_device then refuses it)
    window: str | None


def introduce(cc: CentralConnection) -> Introduction:
    with cc.guard() as conn:
        try:
            row = conn.execute(
                "SELECT counter.central_identity(), w.centre_code, w.window_code "
                "FROM (SELECT 1) AS one LEFT JOIN counter.windows w "
                "ON w.role_name = session_user"
            ).fetchone()
        except psycopg.errors.UndefinedFunction as exc:
            conn.rollback()
            raise central_too_old("中心标识") from exc
        conn.rollback()
    assert row is not None
    return Introduction(*row)


def open_session(cc: CentralConnection, device_id: str, clock: Callable[[], datetime]) -> Session:
    with cc.guard() as conn:
        sent = clock()
        row = conn.execute(
            "SELECT r.*, counter.central_identity() FROM counter.register_device(%s, %s, %s) AS r",
            (device_id, f"counter/{__version__}", sent),
        ).fetchone()
        received = clock()
        conn.commit()
    assert row is not None
    status, centre, window, server_time, max_epoch, min_v, max_v, central_id = row
    if status == "unknown_window":
        raise SyncFailure(
            "central.unknown_window",
            "中心数据库中没有登记这个窗口角色；请县级管理员运行 counter central add-window",
            False,
        )
    if status == "foreign_device":
        raise SyncFailure(
            "central.foreign_device",
            f"设备编号 {device_id} 已属于中心 {centre} 的另一个窗口，同步被拒绝（数据未作任何改动）。"
            "这通常是复制了别的窗口的数据目录；请管理员为本窗口重新安装或恢复正确的数据目录",
            False,
        )
    midpoint = sent + (received - sent) / 2
    skew = (midpoint - server_time).total_seconds()
    return Session(
        device_id, centre, window, int(max_epoch or 0), int(min_v), int(max_v), skew, central_id
    )


def note_sync(cc: CentralConnection, session: Session, waiting: int, error: str | None) -> None:
    """Tell the centre how this sync ended (for its report); best effort."""
    with cc.guard() as conn:
        conn.execute("SELECT counter.note_sync(%s, %s, %s)", (session.device_id, waiting, error))
        conn.commit()
