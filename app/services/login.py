"""The password check at log-in, on a bare connection (``app.models.opener``).

A log-in needs one row of ``users`` and the argon2 check, nothing more. Doing it without
SQLAlchemy lets the window application log a clerk in and show the main window while the data
layer is still being imported (about 140 ms) on the database worker. ``AccountService`` comes
here too, so the lock-out rules exist once.

The argon2 check runs outside any transaction (it takes ~50 ms and releases the GIL). What it
decided is written in one short write transaction that reads the lock and the count again:
log-ins at the same moment (two windows of one clerk) neither lose a miss nor slip past a lock
set while they were checking.
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import CounterError
from app.core.roles import Account
from app.models.opener import connect, dbapi

if TYPE_CHECKING:  # argon2 loads on first use, not at start-up
    from argon2 import PasswordHasher

# What an account's name may be (AccountService.add and the central's accounts check it).
USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}\Z")
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)


# argon2id at the setting the OWASP Password Storage Cheat Sheet recommends (m = 19 MiB,
# t = 2, p = 1): ~50 ms on one core. The library's default (RFC 9106's 64 MiB, t = 3, p = 4)
# takes both cores of a two-core window PC for ~150 ms at every log-in, just when the window
# is starting. Hashes made with other settings still verify, and are replaced at the next
# successful log-in.
MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1


def hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM)


def _stored_time(value: datetime) -> str:
    # The text SQLAlchemy's SQLite DateTime type writes and reads back.
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _read_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _connect(db_path: Path) -> dbapi.Connection:
    if not db_path.exists():  # SQLite would create an empty file
        raise CounterError("login.no_store", f"找不到本窗口的数据库 {db_path}")
    return connect(db_path)


# One answer for an unknown name, a disabled account and a wrong password (and for a wrong
# password while the account is locked): the log-in never tells whether a name exists. Only
# the right password learns that the account is locked.
FAILED = f"用户名或密码不正确（连续输错 {MAX_FAILURES} 次账号将锁定 15 分钟）"
_dummy_hash: str | None = None


def _check_nothing(password: str | bytes) -> None:
    """The same argon2 work for a name that has no account: the answer takes as long."""
    global _dummy_hash
    from argon2.exceptions import VerifyMismatchError

    check = hasher()
    if _dummy_hash is None:
        _dummy_hash = check.hash("no account has this password")
    with contextlib.suppress(VerifyMismatchError):
        check.verify(_dummy_hash, password)


def _secret(password: str) -> str | bytes:
    """What argon2 checks. Typed or passed text may hold anything (a terminal's undecodable
    bytes arrive as lone surrogates, which argon2 cannot encode): such a password goes as its
    bytes, which never match a password that is proper text."""
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        return password.encode("utf-8", "surrogatepass")
    return password


def authenticate(
    db_path: Path, username: str, password: str, now: datetime | None = None
) -> Account:
    """Check a password; five misses lock the account for 15 minutes."""
    from argon2.exceptions import InvalidHashError, VerifyMismatchError

    now = now or datetime.now()
    secret = _secret(password)
    if not USERNAME.match(username):  # no account has such a name: the same work and answer
        _check_nothing(secret)
        raise CounterError("login.failed", FAILED)
    con = _connect(db_path)
    try:
        row = con.execute(
            "SELECT display_name, role, password_hash, active FROM users WHERE username = ?",
            (username,),
        ).fetchone()
        if row is None or not row[3]:
            _check_nothing(secret)
            raise CounterError("login.failed", FAILED)
        display_name, role, password_hash, _active = row
        check = hasher()
        right: bool  # verify() is typed as returning only True: a mismatch raises
        try:
            right = check.verify(password_hash, secret)
        except (VerifyMismatchError, InvalidHashError):
            right = False
        # A hash made with other settings is replaced; made here, not under the write lock.
        new_hash = check.hash(secret) if right and check.check_needs_rehash(password_hash) else None
        # What the check decided is written, and the lock read again, in one transaction:
        # misses made meanwhile elsewhere (another window of the same clerk) count.
        con.execute("BEGIN IMMEDIATE")
        try:
            row = con.execute(
                "SELECT failed_attempts, locked_until FROM users WHERE username = ? AND active",
                (username,),
            ).fetchone()
            if row is None:
                raise CounterError("login.failed", FAILED)
            failed, locked_raw = row
            if right:
                _refuse_if_locked(_read_time(locked_raw), now)
            elif _locked(_read_time(locked_raw), now):
                raise CounterError("login.failed", FAILED)  # a miss while locked: not counted
            if not right:
                _count_miss(con, username, failed, now)
            elif new_hash is not None:
                # Only over the hash that was checked: a new one synced meanwhile stands.
                con.execute(
                    "UPDATE users SET password_hash = ?, failed_attempts = 0, "
                    "locked_until = NULL, updated_at = ? "
                    "WHERE username = ? AND password_hash = ?",
                    (new_hash, _stored_time(now), username, password_hash),
                )
            elif failed or locked_raw is not None:
                con.execute(
                    "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?",
                    (username,),
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        if not right:
            raise CounterError("login.failed", FAILED)
        return Account(username, display_name, role, True, None)
    finally:
        con.close()


def _locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def _refuse_if_locked(locked_until: datetime | None, now: datetime) -> None:
    """Said only to someone who gave the right password."""
    if locked_until is not None and locked_until > now:
        minutes = int((locked_until - now).total_seconds() // 60) + 1
        raise CounterError(
            "login.locked", f"密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试或请管理员重置"
        )


def _count_miss(con: dbapi.Connection, username: str, failed: int, now: datetime) -> int:
    """Record one miss (inside the caller's transaction); returns the tries left, 0 when the
    account is now locked."""
    failed += 1
    if failed >= MAX_FAILURES:
        con.execute(
            "UPDATE users SET failed_attempts = 0, locked_until = ? WHERE username = ?",
            (_stored_time(now + LOCK_FOR), username),
        )
        return 0
    con.execute("UPDATE users SET failed_attempts = ? WHERE username = ?", (failed, username))
    return MAX_FAILURES - failed
