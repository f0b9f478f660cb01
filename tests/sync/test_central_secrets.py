"""What the central database is told and tells: window passwords only as SCRAM verifiers,
account hashes only to the windows of the account's centre."""

from __future__ import annotations

import base64
import json
from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from app.core.errors import CounterError
from app.sync import central_admin, central_schema
from app.sync.central_schema import scram_sha256_verifier

from .conftest import CentralDb, Window

pytestmark = pytest.mark.central


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every statement the administrator's commands send."""
    statements: list[str] = []
    original = psycopg.Connection.execute

    def execute(self: psycopg.Connection, query: Any, params: Any = None, **kw: Any) -> Any:
        text = query.as_string(self) if isinstance(query, sql.Composable) else str(query)
        statements.append(text + " " + repr(params))
        return original(self, query, params, **kw)

    monkeypatch.setattr(psycopg.Connection, "execute", execute)
    return statements


def stored_verifier(central: CentralDb, role: str) -> str:
    return str(central.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,)))


def checks(verifier: str, password: str) -> bool:
    """Would PostgreSQL accept ``password`` against ``verifier``: the same keys from the same
    salt and iteration count."""
    head, _keys = verifier.split("$", 1)[1].split("$")
    iterations, salt = head.split(":")
    return (
        scram_sha256_verifier(password, salt=base64.b64decode(salt), iterations=int(iterations))
        == verifier
    )


def test_the_verifier_is_the_one_postgresql_makes(central: CentralDb) -> None:
    # PostgreSQL's own verifier for a password (made here by the server from the plain
    # password, in this test only), recomputed from its salt: the same bytes.
    role = central.prefix + "scram_probe"
    with central.connect() as conn:
        conn.execute("SET password_encryption = 'scram-sha-256'")
        conn.execute(
            sql.SQL("CREATE ROLE {} PASSWORD 'Probe-pass-2026'").format(sql.Identifier(role))
        )
    theirs = stored_verifier(central, role)
    assert theirs.startswith("SCRAM-SHA-256$4096:")
    assert checks(theirs, "Probe-pass-2026")
    assert not checks(theirs, "Probe-pass-2027")


def test_add_window_never_sends_the_password(central: CentralDb, sent: list[str]) -> None:
    creds = central.add_window("C01", "W01")
    assert any("CREATE ROLE" in s for s in sent)
    assert not any(creds.password in s for s in sent)
    verifier = stored_verifier(central, creds.role)
    assert verifier.startswith("SCRAM-SHA-256$4096:")
    assert checks(verifier, creds.password) and not checks(verifier, creds.password + "x")
    sent.clear()
    again = central_schema.add_window(central.url, "C01", "W01", reset_password=True)
    assert any("ALTER ROLE" in s for s in sent)
    assert not any(again.password in s for s in sent)
    renewed = stored_verifier(central, creds.role)
    assert renewed != verifier and checks(renewed, again.password)
    assert not checks(renewed, creds.password)


def test_the_window_logs_in_with_its_password(central: CentralDb, make_window) -> None:
    # The test server trusts local connections, so this shows the role works; the verifier
    # test above shows the password is the one SCRAM would accept.
    w = make_window("C01", "W01")
    assert w.sync().ok


# ---- account hashes go only to the windows of the account's centre -------------------------


def hashes_visible_to(central: CentralDb, role: str) -> set[str]:
    """Every password hash the window's role can read from the publications."""
    with psycopg.connect(make_conninfo(central.url, user=role)) as conn:
        bodies = [
            json.loads(b)
            for (b,) in conn.execute(
                "SELECT body FROM counter.publications WHERE dataset = 'accounts'"
            )
        ]
    return {b["password_hash"] for b in bodies if b.get("password_hash")}


def account_hash(central: CentralDb, username: str) -> str:
    return str(
        central.scalar(
            "SELECT password_hash FROM counter.accounts WHERE username = %s", (username,)
        )
    )


def usernames(w: Window) -> set[str]:
    return {a.username for a in w.ctx.users.list()}


def test_an_account_reaches_only_the_windows_of_its_centre(central: CentralDb, make_window) -> None:
    c1w1, c1w2, c2w1 = (
        make_window("C01", "W01"),
        make_window("C01", "W02"),
        make_window("C02", "W01"),
    )
    central_admin.add_account(central.url, "zhang3", "张三", "clerk", "Window2026", "C01")
    central_admin.add_account(central.url, "li4", "李四", "supervisor", "Window2027", "C02")
    central_admin.set_account_active(central.url, "zhang3", False)
    central_admin.set_account_active(central.url, "zhang3", True)
    for w in (c1w1, c1w2, c2w1):
        assert w.sync().ok
    assert usernames(c1w1) == usernames(c1w2) == {"zhang3"}
    assert usernames(c2w1) == {"li4"}
    c1w2.ctx.users.authenticate("zhang3", "Window2026")
    c2w1.ctx.users.authenticate("li4", "Window2027")
    zhang3, li4 = account_hash(central, "zhang3"), account_hash(central, "li4")
    assert hashes_visible_to(central, c1w1.creds.role) == {zhang3}
    assert hashes_visible_to(central, c2w1.creds.role) == {li4}


def test_there_are_no_county_wide_accounts_at_windows(central: CentralDb, make_window, cli) -> None:
    make_window("C01", "W01")
    with pytest.raises(CounterError) as err:
        central_admin.add_account(central.url, "boss", "县管理员", "admin", "County2026", None)
    assert err.value.code == "user.centre" and "--centre" in err.value.message
    assert central.scalar("SELECT count(*) FROM counter.accounts") == 0
    with pytest.raises(SystemExit) as usage:
        cli("central", "user", "add", "--db", central.url, "boss", "--name", "县管理员")
    assert usage.value.code == 2


def publish_as_older_versions_did(central: CentralDb, username: str, password: str) -> str:
    """An account without a centre, published with its hash to every window."""
    from app.services.login import hasher

    digest = hasher().hash(password)
    with psycopg.connect(central.url) as conn:
        conn.execute(
            "INSERT INTO counter.accounts (username, display_name, role, centre_code, "
            "password_hash) VALUES (%s, '县管理员', 'admin', NULL, %s)",
            (username, digest),
        )
        body = json.dumps(
            {
                "username": username,
                "display_name": "县管理员",
                "role": "admin",
                "password_hash": digest,
                "active": True,
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        central_admin._publish(conn, "accounts", body)
    return digest


def test_hashes_published_county_wide_before_are_withdrawn(central: CentralDb, make_window) -> None:
    early = make_window("C01", "W01")
    digest = publish_as_older_versions_did(central, "boss", "County2026")
    assert early.sync().ok and usernames(early) == {"boss"}  # what older versions did
    central_schema.init_central(central.url)  # the upgrade
    assert central_schema.init_central(central.url).changed is False  # and it is safe again
    late = make_window("C02", "W01")
    assert digest not in hashes_visible_to(central, late.creds.role)
    assert digest not in hashes_visible_to(central, early.creds.role)
    summary = late.sync()
    assert summary.ok, summary.error
    assert usernames(late) == set()  # nothing to log in with
    # Disabling it still reaches the windows that got it before.
    central_admin.set_account_active(central.url, "boss", False)
    assert early.sync().ok and late.sync().ok
    assert [a.active for a in early.ctx.users.list()] == [False]
    with pytest.raises(CounterError):
        early.ctx.users.authenticate("boss", "County2026")
    assert usernames(late) == set()
    assert digest not in hashes_visible_to(central, late.creds.role)
