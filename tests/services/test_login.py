"""Log-in: the argon2 check and the lock-out, written with plain sqlite3 and read back through
the SQLAlchemy models (the two must agree on every column they share)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from app.core.errors import CounterError
from app.services import login
from tests.stores import connect_store

PASSWORD = "counter2026"

T0 = datetime(2026, 11, 23, 9, 0, 0)


def miss(ctx, when: datetime) -> CounterError:
    with pytest.raises(CounterError) as info:
        ctx.users.authenticate("clerk1", "wrong-password1", now=when)
    return info.value


def test_right_password_gives_the_account(window):
    acc = window.users.authenticate("clerk1", PASSWORD)
    assert (acc.username, acc.display_name, acc.role, acc.active) == (
        "clerk1",
        "李窗口",
        "clerk",
        True,
    )
    assert acc.may("intake") and not acc.may("users")


def test_five_misses_lock_for_fifteen_minutes_then_the_right_password_works(window):
    messages = [miss(window, T0 + timedelta(seconds=i)).message for i in range(5)]
    # Every miss gets the same answer, the one an unknown name gets: nothing tells the
    # account exists, or that it is now locked.
    assert set(messages) == {login.FAILED}
    # The SQLAlchemy side reads the lock the sqlite3 side wrote.
    locked = window.users.get("clerk1").locked_until
    assert locked == T0 + timedelta(seconds=4) + login.LOCK_FOR
    # A wrong password while locked: the same answer, and not counted.
    assert miss(window, T0 + timedelta(minutes=1)).message == login.FAILED
    assert window.users.get("clerk1").locked_until == locked
    # Only the right password learns of the lock, with the minutes left.
    with pytest.raises(CounterError) as info:
        window.users.authenticate("clerk1", PASSWORD, now=T0 + timedelta(minutes=5))
    assert info.value.code == "login.locked" and "11 分钟" in info.value.message
    acc = window.users.authenticate("clerk1", PASSWORD, now=T0 + timedelta(minutes=16))
    assert acc.locked_until is None and window.users.get("clerk1").locked_until is None


def test_a_success_clears_earlier_misses(window):
    for i in range(4):
        miss(window, T0 + timedelta(seconds=i))
    window.users.authenticate("clerk1", PASSWORD, now=T0 + timedelta(seconds=10))
    for i in range(4):
        miss(window, T0 + timedelta(seconds=11 + i))
    assert window.users.get("clerk1").locked_until is None


def test_unknown_and_disabled_accounts_get_the_same_answer(window):
    with pytest.raises(CounterError) as unknown:
        window.users.authenticate("nobody", PASSWORD)
    wrong = miss(window, T0)
    window.users.set_active("clerk1", False)
    with pytest.raises(CounterError) as disabled:
        window.users.authenticate("clerk1", PASSWORD)
    assert unknown.value.message == disabled.value.message == wrong.message
    assert unknown.value.code == disabled.value.code == wrong.code == "login.failed"


def test_misses_at_the_same_time_are_all_counted(window):
    """Four wrong passwords at once (two windows of the same clerk): none of the misses is lost,
    so the fifth locks the account."""
    errors: list[CounterError] = []

    def attempt() -> None:
        try:
            login.authenticate(window.store.path, "clerk1", "wrong-password1", now=T0)
        except CounterError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 4
    assert window.users.get("clerk1").locked_until is None
    miss(window, T0)
    assert window.users.get("clerk1").locked_until is not None


def test_a_missing_database_is_reported_and_not_created(tmp_path):
    with pytest.raises(CounterError) as info:
        login.authenticate(tmp_path / "counter.sqlite3", "clerk1", PASSWORD)
    assert info.value.code == "login.no_store"
    assert not (tmp_path / "counter.sqlite3").exists()


def test_a_hash_made_with_other_settings_is_replaced_at_the_next_log_in(window):
    """Hashes made with the library's defaults (older windows, the central database) still
    verify, and the successful log-in stores one with the current settings."""

    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(PASSWORD)
    con = connect_store(window.store.path)
    with con:
        con.execute("UPDATE users SET password_hash = ? WHERE username = 'clerk1'", (old,))
    window.users.authenticate("clerk1", PASSWORD)
    (stored,) = con.execute("SELECT password_hash FROM users WHERE username = 'clerk1'").fetchone()
    con.close()
    assert stored != old and "m=19456,t=2,p=1" in stored
    assert not login.hasher().check_needs_rehash(stored)
    assert window.users.authenticate("clerk1", PASSWORD).username == "clerk1"


def test_a_lock_set_during_a_check_stands(window, monkeypatch):
    """The right password, checked while five misses elsewhere lock the account, is refused:
    the lock is read again after the check."""
    entered, release = threading.Event(), threading.Event()
    real = login.hasher

    class SlowRight:
        def __init__(self):
            self.inner = real()

        def verify(self, stored, password):
            if password == PASSWORD:
                entered.set()
                release.wait(10)
            return self.inner.verify(stored, password)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    monkeypatch.setattr(login, "hasher", SlowRight)
    outcome: list[object] = []

    def right() -> None:
        try:
            outcome.append(login.authenticate(window.store.path, "clerk1", PASSWORD, now=T0))
        except CounterError as exc:
            outcome.append(exc)

    t = threading.Thread(target=right)
    t.start()
    assert entered.wait(10)
    for i in range(5):
        miss(window, T0 + timedelta(seconds=i))
    release.set()
    t.join()
    assert isinstance(outcome[0], CounterError) and outcome[0].code == "login.locked"
