"""Encrypting what an older Counter left in plaintext: the store (its WAL included) and backups.

Run once, at the first start of a version that encrypts. The plaintext store is copied page by
page into a new encrypted file beside it (``sqlcipher_export``), every table's rows are counted
again in the copy, and only then does the copy take the store's name in one atomic rename: a
power cut at any point leaves either the plaintext store, whole, or the encrypted one.

What this cannot do: erase the blocks the old file occupied on the disk (an SSD remaps them
anyway). docs/data-at-rest.md says so.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from app.models import opener
from app.models.store_key import StoreKey

log = logging.getLogger(__name__)
SIDE_FILES = ("-wal", "-shm", "-journal")


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        _side(path, suffix).unlink(missing_ok=True)


def fsync_path(path: Path) -> None:
    """A file's bytes, or a folder's names (POSIX only: Windows has no folder handles)."""
    if path.is_dir() and os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _counts(con: opener.dbapi.Connection, schema: str = "main") -> dict[str, int]:
    tables = [
        r[0]
        for r in con.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type='table' "
            "AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: con.execute(f'SELECT count(*) FROM {schema}."{t}"').fetchone()[0] for t in tables}


def encrypt_file(db_path: Path, key: StoreKey) -> bool:
    """Encrypt the plaintext SQLite file ``db_path`` in place with ``key``. False when it was
    not plaintext (already encrypted, or no file)."""
    if not opener.is_plaintext(db_path):
        return False
    tmp = db_path.with_name(db_path.name + ".encrypting")
    _remove_with_side_files(tmp)  # a copy a power cut interrupted: made again
    src = opener.dbapi.connect(str(db_path), isolation_level=None)  # no key: plaintext
    try:
        # Everything in the WAL into the file, the WAL emptied: nothing plaintext stays beside it.
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        src.execute("BEGIN IMMEDIATE")  # no writer between the copy and the count
        user_version = src.execute("PRAGMA user_version").fetchone()[0]
        src.execute("ATTACH DATABASE ? AS enc KEY ?", (str(tmp), f"x'{key.raw.hex()}'"))
        src.execute("SELECT sqlcipher_export('enc')")
        src.execute(f"PRAGMA enc.user_version = {int(user_version)}")
        if _counts(src, "enc") != _counts(src):
            raise opener.DatabaseError("the encrypted copy does not hold every row")
        src.execute("COMMIT")
        src.execute("DETACH DATABASE enc")
        src.execute("PRAGMA journal_mode=DELETE")  # the plaintext WAL and SHM files go now
    finally:
        src.close()
    check = opener.connect(tmp, key, tune=False)
    try:
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise opener.DatabaseError("the encrypted copy fails its check")
        check.execute("PRAGMA journal_mode=WAL")
    finally:
        check.close()
    fsync_path(tmp)
    os.replace(tmp, db_path)
    fsync_path(db_path.parent)
    for suffix in SIDE_FILES:
        with contextlib.suppress(OSError):
            _side(tmp, suffix).unlink(missing_ok=True)
    log.info("encrypted %s", db_path.name)
    return True


def encrypt_backups(backups: Path, key: StoreKey) -> int:
    """Encrypt every plaintext backup in ``backups``; returns how many."""
    if not backups.is_dir():
        return 0
    return sum(
        encrypt_file(p, key)
        for p in sorted(backups.iterdir())
        if p.is_file() and p.suffix == ".sqlite3"
    )
