"""What the central database is told and tells: window passwords only as SCRAM verifiers,
account hashes only to the windows of the account's centre."""

from __future__ import annotations

import base64
from typing import Any

import psycopg
import pytest
from psycopg import sql

from app.sync import central_schema
from app.sync.central_schema import scram_sha256_verifier

from .conftest import CentralDb

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
    head, keys = verifier.split("$", 1)[1].split("$")
    iterations, salt = head.split(":")
    return scram_sha256_verifier(password, salt=base64.b64decode(salt),
                                 iterations=int(iterations)) == verifier


def test_the_verifier_is_the_one_postgresql_makes(central: CentralDb) -> None:
    # PostgreSQL's own verifier for a password (made here by the server from the plain
    # password, in this test only), recomputed from its salt: the same bytes.
    role = central.prefix + "scram_probe"
    with central.connect() as conn:
        conn.execute("SET password_encryption = 'scram-sha-256'")
        conn.execute(sql.SQL("CREATE ROLE {} PASSWORD 'Probe-pass-2026'").format(
            sql.Identifier(role)))
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
