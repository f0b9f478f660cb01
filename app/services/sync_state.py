"""The sync engine's own settings and bookkeeping, as typed ``settings`` rows.

Kept apart from ``Settings`` (services/settings.py) because only the sync engine writes them;
they use the same ``Var`` mechanism, so they live in the same table and need no migration.
"""

from __future__ import annotations

from typing import Any

from app.services.settings import Var


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
