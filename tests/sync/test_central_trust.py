"""Which central database a window trusts: changing it takes an administrator, the window stays
tied to the central it first registered with, a central's accounts never replace the window's
own, and neither side accepts records filed under another window's name. Every refusal leaves
the window's store as it was."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.bootstrap import open_context
from app.cli.sync_cmds import render_summary
from app.models.schema import User
from app.services.case_issuer import IssuerState
from app.services.sync_state import SyncState
from app.sync import central_admin, central_schema
from app.sync.pull import PulledDataset
from app.sync.setup import configure_central
from tests.stores import connect_store

from .conftest import CentralDb, Window, admin_url
from .intakes import central_account

PASSWORD = "counter2026"
ROGUE = "postgresql://win_c3301_w03@127.0.0.1:5999/rogue"


def snapshot(db: Path, *, ignore_sync_bookkeeping: bool = False) -> dict[str, list[Any]]:
    """Every row of every table of a window's store (a sync's own bookkeeping aside: when it
    started, its last error)."""
    conn = connect_store(db, readonly=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        out = {}
        for t in tables:
            rows = conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
            if ignore_sync_bookkeeping and t == "settings":
                rows = [
                    r
                    for r in rows
                    if not str(r[0]).startswith("sync.last_") and r[0] != "sync.clock_skew_seconds"
                ]
            out[t] = rows
        return out
    finally:
        conn.close()


def store_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())


@pytest.fixture
def initialised(cli, home, monkeypatch):
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    code, _, err = cli(
        "init",
        "--centre",
        "C3301",
        "--centre-name",
        "城东街道便民服务中心",
        "--window",
        "W03",
        "--admin",
        "admin",
        "--admin-name",
        "王管理",
        "--central",
        "postgresql://win_c3301_w03@127.0.0.1/county",
        "--no-central-password",
    )  # a fresh store: no account needed yet
    assert code == 0, err
    # A registered window makes no accounts of its own: its clerk comes from the central.
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", PASSWORD)
    code, _, err = cli("user", "add", "clerk1", "--name", "李窗口", "--by", "admin")
    assert code == 1 and "counter central user add clerk1" in err
    ctx = open_context(home, load_demo=False)
    try:
        central_account(ctx, "clerk1", "李窗口", "clerk")
    finally:
        ctx.close()
    return cli


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["--allow-plaintext"],
        ["--allow-insecure-keyring"],
        ["--new-central"],
        ["--by", "clerk1"],
        ["--by", "nobody"],
    ],
)
def test_pointing_a_window_elsewhere_needs_an_administrator(initialised, home, extra) -> None:
    db = home.root / "counter.sqlite3"
    before = store_bytes(db)
    code, _, err = initialised("sync", "configure", ROGUE, "--no-password", *extra)
    assert code == 1
    assert any(why in err for why in ("--by", "无权", "没有用户", "用户名或密码不正确"))
    assert store_bytes(db) == before


def test_a_wrong_administrator_password_changes_nothing(initialised, home, monkeypatch) -> None:
    db = home.root / "counter.sqlite3"
    before = snapshot(db)
    monkeypatch.setenv("COUNTER_PASSWORD", "wrong-password-1")
    code, _, err = initialised(
        "sync", "configure", ROGUE, "--no-password", "--by", "admin", "--allow-insecure-keyring"
    )
    assert code == 1 and "密码不正确" in err
    after = snapshot(db)
    # The miss is counted against the administrator (lock-out); nothing else moved.
    users = [t for t in after if t == "users"]
    assert {t: v for t, v in after.items() if t not in users} == {
        t: v for t, v in before.items() if t not in users
    }
    import json

    settings = json.loads(initialised("settings", "list", "--json")[1])
    assert settings["central.url"] == "postgresql://win_c3301_w03@127.0.0.1/county"
    assert settings["central.allow_insecure_keyring"] is False


def test_an_administrator_may_point_the_window_elsewhere(initialised, monkeypatch) -> None:
    import json

    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    code, out, err = initialised("sync", "configure", ROGUE, "--no-password", "--by", "admin")
    assert code == 0, err
    assert "win_c3301_w03@127.0.0.1:5999/rogue" in out
    assert json.loads(initialised("settings", "list", "--json")[1])["central.url"] == ROGUE


def test_the_address_is_checked_before_any_password_is_asked(initialised, monkeypatch) -> None:
    monkeypatch.delenv("COUNTER_PASSWORD")
    code, _, err = initialised(
        "sync",
        "configure",
        "postgresql://w@127.0.0.1/county?host=10.0.0.5&sslmode=disable",
        "--no-password",
        "--by",
        "admin",
    )
    assert code == 1 and "host=" in err


def test_new_central_clears_the_pin_and_the_cursors(empty_ctx) -> None:
    from datetime import datetime

    from app.models.schema import Dataset

    with empty_ctx.store.write() as s:
        SyncState.central_id.set(s, "11111111-1111-4111-8111-111111111111")
        s.add(Dataset(name="accounts", version=42, applied_at=datetime.now()))
        IssuerState.issuer.set(s, "K7")
        IssuerState.confirmed.set(s, "K7")
    configure_central(empty_ctx, "postgresql://w@127.0.0.1/other", None)
    with empty_ctx.store.read() as s:  # a new address of the same central: still tied to it
        assert SyncState.central_id.get(s) == "11111111-1111-4111-8111-111111111111"
        assert s.get(Dataset, "accounts") is not None
    configure_central(empty_ctx, "postgresql://w@127.0.0.1/other", None, new_central=True)
    with empty_ctx.store.read() as s:
        assert SyncState.central_id.get(s) is None
        assert s.get(Dataset, "accounts") is None
        # The issuer stays (numbers were printed with it) but is claimed at the new central.
        assert (IssuerState.issuer.get(s), IssuerState.confirmed.get(s)) == ("K7", None)


def test_the_summary_reports_skipped_accounts() -> None:
    from datetime import datetime

    from app.sync.engine import SyncSummary

    now = datetime.now()
    summary = SyncSummary(
        now,
        now,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        (PulledDataset("accounts", 9, 1, 1),),
        (),
        None,
        False,
        None,
        None,
        None,
        False,
    )
    assert "1 个账户与本机自建的账户同名，未覆盖" in render_summary(summary)


# ---- against real central databases -------------------------------------------------------


@pytest.fixture
def other_central() -> Iterator[CentralDb]:
    """A second county database on the same server (a rogue one, or the county's new one)."""
    tag = secrets.token_hex(4)
    name, prefix = f"counter_test_{tag}", f"ct{tag}_"
    with psycopg.connect(admin_url(), autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = psycopg.conninfo.make_conninfo(admin_url(), dbname=name)
    try:
        central_schema.init_central(url, prefix)
        yield CentralDb(url, name, prefix)
    finally:
        with psycopg.connect(admin_url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            central_schema.drop_window_roles(conn, prefix)


def local_admin(w: Window) -> tuple[str, str, str]:
    """The window's own administrator, created at the window (origin 'local') before it was
    registered: a registered window makes no accounts of its own."""
    from datetime import datetime

    from app.services.login import hasher

    with w.ctx.store.write() as s:
        now = datetime.now()
        s.add(
            User(
                username="admin",
                display_name="王管理",
                role="admin",
                password_hash=hasher().hash(PASSWORD),
                active=True,
                failed_attempts=0,
                origin="local",
                created_at=now,
                updated_at=now,
            )
        )
    with w.ctx.store.read() as s:
        u = s.query(User).filter_by(username="admin").one()
        return u.password_hash, u.role, u.origin


def admin_row(w: Window) -> tuple[str, str, str, bool]:
    with w.ctx.store.read() as s:
        u = s.query(User).filter_by(username="admin").one()
        return u.password_hash, u.role, u.display_name, u.active


@pytest.mark.central
def test_a_window_refuses_a_central_it_is_not_tied_to(
    central: CentralDb, other_central: CentralDb, make_window
) -> None:
    w = make_window()
    w.records(3)
    assert w.sync().ok  # the first registration ties the window to this central
    pinned = central.scalar("SELECT value FROM counter.meta WHERE key = 'central_id'")
    with w.ctx.store.read() as s:
        assert SyncState.central_id.get(s) == pinned
    w.records(4)  # pending, with full ID numbers
    local_admin(w)
    # The rogue server has an administrator account of the same name waiting to be pulled.
    rogue = other_central.add_window("C01", "W01")
    central_admin.add_account(
        other_central.url, "admin", "冒名管理员", "admin", "Rogue2026x", "C01"
    )
    configure_central(w.ctx, rogue.url, rogue.password, keyring_store=w.keyring)
    db = w.ctx.home.root / "counter.sqlite3"
    before = snapshot(db, ignore_sync_bookkeeping=True)
    summary = w.sync()
    assert summary.error_code == "central.identity" and not summary.ok
    assert "不是本窗口登记的中心数据库" in (summary.error or "")
    assert "--new-central" in (summary.error or "")
    assert (summary.pushed, summary.waiting, summary.pulled) == (0, 4, ())
    assert other_central.scalar("SELECT count(*) FROM counter.records") == 0
    assert snapshot(db, ignore_sync_bookkeeping=True) == before  # the admin's hash included
    w.ctx.users.authenticate("admin", PASSWORD)
    # Pointing the window back at its own central (a new address of it) needs no new pin.
    configure_central(w.ctx, w.creds.url, w.creds.password, keyring_store=w.keyring)
    assert w.sync().ok
    assert central.scalar("SELECT count(*) FROM counter.records") == 7


@pytest.mark.central
def test_an_administrator_re_points_the_window_on_purpose(
    central: CentralDb, other_central: CentralDb, make_window
) -> None:
    w = make_window()
    w.records(2)
    assert w.sync().ok
    new = other_central.add_window("C01", "W01")
    configure_central(
        w.ctx, new.url, new.password, keyring_store=w.keyring, new_central=True, by="admin"
    )
    w.records(3)
    summary = w.sync()
    assert summary.ok and summary.pushed == 3, summary.error
    with w.ctx.store.read() as s:
        assert SyncState.central_id.get(s) == other_central.scalar(
            "SELECT value FROM counter.meta WHERE key = 'central_id'"
        )
    # ...and from now on the old one is the stranger.
    configure_central(w.ctx, w.creds.url, w.creds.password, keyring_store=w.keyring)
    assert w.sync().error_code == "central.identity"


@pytest.mark.central
def test_a_central_account_never_replaces_the_windows_own(central: CentralDb, make_window) -> None:
    w = make_window()
    original = local_admin(w)
    assert original[1:] == ("admin", "local")
    central_admin.add_account(central.url, "admin", "冒名管理员", "clerk", "County2026x", "C01")
    central_admin.add_account(central.url, "zhang3", "张三", "clerk", "Window2026x", "C01")
    summary = w.sync()
    assert summary.ok, summary.error
    (accounts,) = [d for d in summary.pulled if d.name == "accounts"]
    assert (accounts.applied, accounts.skipped) == (1, 1)
    assert "1 个账户与本机自建的账户同名" in render_summary(summary)
    assert admin_row(w) == (original[0], "admin", "王管理", True)
    w.ctx.users.authenticate("admin", PASSWORD)  # still the window's own password
    # An account the central created is still the central's to change.
    central_admin.set_account_active(central.url, "zhang3", False)
    assert w.sync().ok
    assert admin_row(w) == (original[0], "admin", "王管理", True)
    with w.ctx.store.read() as s:
        zhang3 = s.query(User).filter_by(username="zhang3").one()
        assert (zhang3.origin, zhang3.active) == ("central", False)


@pytest.mark.central
def test_a_role_filed_under_another_window_is_refused(central: CentralDb, make_window) -> None:
    creds = central.add_window("C01", "W01")
    w = make_window("C01", "W09", creds=creds)  # W09's store, W01's login role
    w.records(3)
    db = w.ctx.home.root / "counter.sqlite3"
    before = snapshot(db, ignore_sync_bookkeeping=True)
    summary = w.sync()
    assert summary.error_code == "central.window_mismatch"
    assert "C01/W01" in (summary.error or "") and "C01/W09" in (summary.error or "")
    assert (summary.pushed, summary.waiting) == (0, 3)
    assert central.scalar("SELECT count(*) FROM counter.records") == 0
    assert snapshot(db, ignore_sync_bookkeeping=True) == before
    with w.ctx.store.read() as s:
        assert SyncState.central_id.get(s) is None  # not a successful registration
    # Nothing registered either: the device is no window's yet, so once the administrator
    # puts the right role in the address, the window syncs.
    assert central.scalar("SELECT count(*) FROM counter.devices") == 0
    right = central.add_window("C01", "W09")
    configure_central(w.ctx, right.url, right.password, keyring_store=w.keyring)
    summary = w.sync()
    assert summary.ok and summary.pushed == 3


def test_the_administrators_password_may_come_first_on_stdin(initialised, monkeypatch) -> None:
    import io

    monkeypatch.delenv("COUNTER_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong-password-1\n"))
    code, _, err = initialised(
        "sync", "configure", ROGUE, "--no-password", "--by", "admin", "--password-stdin"
    )
    assert code == 1 and "不正确" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    code, _, err = initialised(
        "sync", "configure", ROGUE, "--no-password", "--by", "admin", "--password-stdin"
    )
    assert code == 0, err


def test_the_environment_cannot_send_the_window_elsewhere(
    central: CentralDb, make_window, monkeypatch
) -> None:
    """libpq fills what the address leaves out from PG* variables; the window ignores them."""
    import os

    w = make_window()
    w.records(2)
    monkeypatch.setenv("PGHOSTADDR", "127.0.0.2")  # nothing listens there
    monkeypatch.setenv("PGSSLMODE", "disable")
    summary = w.sync()
    assert summary.ok and summary.pushed == 2
    assert "PGHOSTADDR" not in os.environ and "PGSSLMODE" not in os.environ
