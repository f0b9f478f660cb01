"""Putting a backup back in place of the store (``counter store restore``), safely.

Nothing of the store is touched until the backup has passed every check, on a copy beside the
store: it opens with this window's key (a backup an older version wrote in plaintext is
encrypted first), it passes SQLite's integrity check, it is brought to this version's schema,
and ``counter log verify`` finds nothing in it (the chain, the acknowledged marker, the outbox,
the cases against their records). Then the store as it is now is backed up (a consistent copy
when it opens, its files byte for byte when it does not), its WAL is emptied and removed, and
the checked copy takes the store's name in one atomic rename. A refusal leaves the store, its
WAL and the backups byte for byte as they were.

What follows is the sync's (docs/central.md): the store-generation file makes the next case
number come from a new issuer, and the records made after the backup stay at the central
database; those never synced are in the backup made here, not in the restored store.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import CounterError
from app.models import opener, store_key
from app.models.plaintext_upgrade import SIDE_FILES, encrypt_file, fsync_path
from app.models.store_key import StoreKey
from app.paths import Home

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.models.db import Store

log = logging.getLogger(__name__)
RESTORING = ".restoring"
LIST_HINT = "counter store status 列出本窗口的备份"


@dataclass(frozen=True)
class Restored:
    backup: Path  # what was put in place
    saved: Path | None  # where the store as it was went (None: there was none)
    cases: int  # in the restored store
    records: int


def restore(home: Home, name: str, authorise: Callable[[Store], object], now: datetime) -> Restored:
    """Put the backup ``name`` in place of the store. ``authorise`` checks the administrator
    (raising when it refuses) against the store as it is, or, when that no longer opens,
    against the checked backup: the one who may restore is an administrator of either."""
    from app.models.db import Store, make_engine

    backup = find_backup(home, name)
    key = store_key.require(home.root)
    copy = checked_copy(home, backup, key)
    try:
        engine = make_engine(home.db if current_opens(home, key) else copy, key)
        try:
            authorise(Store(engine))
        finally:
            engine.dispose()
        saved = save_current(home, key, now) if home.db.exists() else None
        put_in_place(home, copy)
    except BaseException:
        _remove(copy)
        raise
    cases, records = counts(home.db, key)
    log.info("store restored from %s (the previous one saved as %s)", backup.name, saved)
    return Restored(backup, saved, cases, records)


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _remove(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        with contextlib.suppress(FileNotFoundError):
            _side(path, suffix).unlink()


def find_backup(home: Home, name: str) -> Path:
    """A backup named by its file name in ``backups/`` or by a path."""
    given = Path(name)
    path = home.backups / name if given.name == name else given
    if not path.is_file():
        raise CounterError("store.backup_missing", f"找不到备份文件 {name}；{LIST_HINT}")
    path = path.resolve()
    if (home.db.exists() and path.samefile(home.db)) or path.name.startswith(home.db.name + "-"):
        raise CounterError(
            "store.backup_is_store", f"{name} 是本窗口正在使用的数据库，不是备份；{LIST_HINT}"
        )
    return path


def checked_copy(home: Home, backup: Path, key: StoreKey) -> Path:
    """The backup copied beside the store and checked; removed again when a check fails."""
    copy = _side(home.db, RESTORING)
    _remove(copy)  # what an interrupted restore left
    try:
        shutil.copyfile(backup, copy)
        if _side(backup, "-wal").is_file():  # a copy of a store taken with its WAL beside it
            shutil.copyfile(_side(backup, "-wal"), _side(copy, "-wal"))
        encrypt_file(copy, key)  # an older version's plaintext backup
        _check(copy, key, backup.name)
    except BaseException:
        _remove(copy)
        raise
    return copy


def _check(copy: Path, key: StoreKey, name: str) -> None:
    from app.models.db import Store, make_engine
    from app.services.log_audit import findings, scope

    wrong = CounterError(
        "store.backup_key",
        f"备份 {name} 无法用本窗口的密钥打开：它是另一个窗口（或另一把密钥）的备份，"
        f"或文件已损坏；本窗口的数据库未改动。{LIST_HINT}",
    )
    try:
        con = opener.connect(copy, key, tune=False)
        try:
            ok = con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            con.close()
    except opener.DatabaseError as exc:
        raise wrong from exc
    if not ok:
        raise wrong
    engine = make_engine(copy, key)
    try:
        _to_this_version(engine, name)
        with Store(engine).read() as s:
            found = list(findings(s, scope(s, full=True)))
    finally:
        engine.dispose()
    if found:
        first = found[0]
        raise CounterError(
            "store.backup_unverified",
            f"备份 {name} 未通过记录核验（counter log verify）：共 {len(found)} 处问题，"
            f"第一处 {first.where}：{first.what}；本窗口的数据库未改动。{LIST_HINT}",
        )


def _to_this_version(engine: Engine, name: str) -> None:
    """A backup made before a schema upgrade is upgraded (on the copy) before it is checked."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from app.models.migrate import MIGRATIONS, alembic_config, current_revision, head_revision

    current = current_revision(engine)
    if current == head_revision():
        return
    script = ScriptDirectory(str(MIGRATIONS))
    try:
        known = current is None or script.get_revision(current) is not None
    except Exception:  # alembic's own errors for an unknown revision
        known = False
    if not known or current is None:
        raise CounterError(
            "store.backup_version",
            f"备份 {name} 由更新版本的 Counter 创建，或不是 Counter 的数据库；本窗口的数据库未改动",
        )
    command.upgrade(alembic_config(engine), "head")


def save_current(home: Home, key: StoreKey, now: datetime) -> Path:
    """The store as it is, into ``backups/`` before it is replaced: through SQLite's backup
    (which also empties the WAL into the copy) when it opens, else its files as they are."""
    from app.models.migrate import backup

    if current_opens(home, key):
        try:
            con = opener.connect(home.db, key)
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
            return backup(home.db, home.backups, "before-restore")
        except opener.DatabaseError:
            pass  # damaged beyond its first pages: kept byte for byte below
    home.backups.mkdir(parents=True, exist_ok=True)
    stem = f"{home.db.stem}-{now.strftime('%Y%m%d-%H%M%S-%f')}-damaged-before-restore.sqlite3"
    target = home.backups / stem
    for suffix in ("", "-wal"):
        if _side(home.db, suffix).exists():
            shutil.copyfile(_side(home.db, suffix), _side(target, suffix))
    return target


def put_in_place(home: Home, copy: Path) -> None:
    """The checked copy becomes the store. The old WAL goes first: replayed onto the restored
    file it would damage it; its content is already in the saved copy."""
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            _side(home.db, suffix).unlink()
    os.replace(copy, home.db)
    fsync_path(home.root)
    for suffix in SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            _side(copy, suffix).unlink()


def counts(db: Path, key: StoreKey) -> tuple[int, int]:
    """Cases and records in a store."""
    con = opener.connect(db, key, readonly=True, tune=False)
    try:
        cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
        records = con.execute("SELECT count(*) FROM records").fetchone()[0]
    finally:
        con.close()
    return int(cases), int(records)


def current_opens(home: Home, key: StoreKey) -> bool:
    from app.services.store_recovery import opens

    return home.db.exists() and opens(home.db, key)
