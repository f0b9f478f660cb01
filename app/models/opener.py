"""The one way to open the window's store (or a backup of it): SQLCipher with the store's key.

Everything that opens a store file goes through ``connect``: the SQLAlchemy engine
(``app.models.db``), the reads before SQLAlchemy is loaded (``peek``, the log-in), backups,
retention, tests and bench scripts. It costs what a plain ``sqlite3.connect`` costs plus one
pragma: the key is raw (no key derivation), and it is looked up once per process.

SQLCipher 4 defaults: AES-256 in CBC mode per page, HMAC-SHA512 per page (a flipped byte is
refused, not read), a random IV per page write. The WAL is made of the same encrypted pages.
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3.dbapi2 as dbapi

from app.models.store_key import StoreKey, require

__all__ = [
    "BUSY_TIMEOUT_MS",
    "DatabaseError",
    "Error",
    "OperationalError",
    "connect",
    "dbapi",
    "is_plaintext",
]

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"  # a plaintext store starts so; an encrypted one never
Error = dbapi.Error
OperationalError = dbapi.OperationalError
DatabaseError = dbapi.DatabaseError


def _quiet() -> None:
    """SQLCipher writes its own lines to stderr for a wrong key or a damaged page; the caller's
    one-line message says it instead. The log level is process-wide."""
    con = dbapi.connect(":memory:")
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
    finally:
        con.close()


_quiet()


def connect(
    db_path: Path,
    key: StoreKey | None = None,
    *,
    readonly: bool = False,
    tune: bool = True,
) -> dbapi.Connection:
    """A connection to ``db_path`` keyed with ``key`` (default: the key of the data directory
    the file is in). Autocommit (``isolation_level=None``): callers say BEGIN themselves.
    ``tune``: WAL, synchronous=FULL, foreign keys and the busy timeout, as the store runs."""
    key = key or require(db_path.parent)
    target = db_path.resolve().as_uri() + ("?mode=ro" if readonly else "")
    con = dbapi.connect(
        target,
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        con.execute(key.pragma)
        if tune and not readonly:
            # WAL with synchronous=FULL: NORMAL can lose the last commits on power loss,
            # including records whose slip was already printed (see the sync contract).
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=FULL")
        if tune:
            con.execute("PRAGMA foreign_keys=ON")
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except BaseException:
        con.close()
        raise
    return con


def is_plaintext(db_path: Path) -> bool:
    """A store (or backup) an older Counter wrote without encryption."""
    try:
        with open(db_path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
