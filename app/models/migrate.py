"""Bring the local database to the newest schema, safely.

Before any migration the database file is copied into ``backups/`` (Vorta does the same), and a
database written by a newer Counter is refused rather than damaged.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import CounterError
from app.models.opener import connect
from app.models.peek import stored_revision
from app.models.store_key import require

if TYPE_CHECKING:  # alembic costs ~120 ms to import: only when a migration is due
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Engine

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions; a test keeps it equal to Alembic's own head.
HEAD = "0009"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup(db_path: Path, backups: Path, reason: str) -> Path:
    """A consistent copy through SQLite's online backup (safe with WAL and open readers)."""
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    key = require(db_path.parent)  # a backup is encrypted with the store's own key
    src = connect(db_path, key)
    try:
        dst = connect(target, key, tune=False)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises its own resolution errors for unknown ids
        return False


def upgrade(engine: Engine, db_path: Path, backups: Path) -> bool:
    """Migrate to head. Returns True when anything was applied."""
    if stored_revision(db_path) == HEAD:
        return False  # the common case, decided without importing alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return False
    if current is not None and not _known(script, current):
        raise CounterError(
            "store.newer_version",
            f"数据库 {db_path} 由更新版本的 Counter 创建（版本 {current}），本程序无法安全打开。"
            "请安装最新版本的 Counter 后再打开。",
        )
    if current is not None:
        copy = backup(db_path, backups, f"before-{head}")
        log.info("database backed up to %s before migration", copy)
    command.upgrade(alembic_config(engine), "head")
    return True
