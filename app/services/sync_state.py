"""Where this window stands with the central database, as kept in its own store.

``SyncState``: the sync engine's bookkeeping, typed ``settings`` rows. Kept apart from
``Settings`` because only the sync engine writes them; they use the same ``Var`` mechanism, so
they live in the same table and need no migration. The log audit reads them too.

``sync_status(store)``: the one answer to "how is sync doing" for the status bar and
``counter sync status``. Local only, never the network, and without importing the sync engine
(psycopg costs ~50 ms, and the window asks right after it shows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.models.db import Store
from app.models.schema import Outbox
from app.services.settings import Settings, Var

# Outbox states that stay in the outbox: waiting to be sent, or refused and kept for checking.
PENDING = "pending"
QUARANTINED = "quarantined"


class SyncState:
    password_in_keyring = Var[bool](
        "central.password_in_keyring", False, "中心数据库密码已存入系统密钥库"
    )
    # The central database's identity (counter.meta central_id), pinned at the first successful
    # registration; a database answering with another one is refused. Cleared only by an
    # administrator re-pointing the window (`counter sync configure URL --new-central`).
    central_id = Var[str | None](
        "central.pinned_id", None, "本窗口登记的中心数据库标识（首次同步时固定）"
    )
    batch_size = Var[int]("sync.batch_size", 5000, "每批上传的记录数")
    timeout_seconds = Var[int]("sync.timeout_seconds", 120, "单次数据库操作的超时（秒）")
    last_attempt_at = Var[str | None]("sync.last_attempt_at", None, "上次同步开始时间")
    last_success_at = Var[str | None]("sync.last_success_at", None, "上次完整同步成功时间")
    last_error = Var[str | None]("sync.last_error", None, "上次同步的错误")
    last_error_code = Var[str | None]("sync.last_error_code", None, "上次同步的错误代码")
    clock_skew_seconds = Var[float | None](
        "sync.clock_skew_seconds", None, "本机时钟与中心的偏差（秒，正数表示本机快）"
    )
    # The manifests the central database verified are rows of ``day_closes`` (schema.DayClose),
    # not a setting: settings are read whole by every transaction.
    # Per epoch, the highest sequence number the central database acknowledged (its outbox
    # entry cleared) and that record's chain hash: {"1": [55, "ab12..."]}. None until the first
    # acknowledgement (or a store from before this marker). `counter log verify` checks that
    # the records up to it are still there unchanged and that every record above it still has
    # its outbox entry; the sync compares it with the central's chain (docs/tamper-evidence.md).
    acknowledged = Var[dict[str, Any] | None](
        "sync.acknowledged", None, "中心已确认的记录（每个纪元的最高序号及其链哈希）"
    )


@dataclass(frozen=True)
class SyncStatus:
    configured: bool  # a central database is set up
    waiting: int  # records not yet sent (outbox entries pending)
    quarantined: int  # records the central database refused, kept for checking
    last_synced_at: datetime | None  # the last complete sync (UTC)
    last_attempt_at: datetime | None
    last_error: str | None
    last_error_code: str | None
    clock_skew_seconds: float | None
    epoch: int

    @property
    def online(self) -> bool:
        """The last attempt reached the central database and finished without an error."""
        return self.last_synced_at is not None and self.last_error is None


def outbox_counts(store: Store) -> dict[str, int]:
    """Outbox entries by state."""
    with store.read() as s:
        rows = s.execute(select(Outbox.state, func.count()).group_by(Outbox.state))
        return {state: int(n) for state, n in rows}


def sync_status(store: Store) -> SyncStatus:
    counts = outbox_counts(store)
    with store.read() as s:
        return SyncStatus(
            configured=bool(Settings.central_url.get(s)),
            waiting=counts.get(PENDING, 0),
            quarantined=counts.get(QUARANTINED, 0),
            last_synced_at=_parse(SyncState.last_success_at.get(s)),
            last_attempt_at=_parse(SyncState.last_attempt_at.get(s)),
            last_error=SyncState.last_error.get(s),
            last_error_code=SyncState.last_error_code.get(s),
            clock_skew_seconds=SyncState.clock_skew_seconds.get(s),
            epoch=Settings.epoch.get(s),
        )


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
