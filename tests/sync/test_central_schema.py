"""The central schema and the window roles: created once, upgraded safely, least privilege."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from app.core.errors import CounterError
from app.sync import central_schema

from .conftest import CentralDb, Window

pytestmark = pytest.mark.central


def as_window(central: CentralDb, w: Window) -> psycopg.Connection:
    return psycopg.connect(make_conninfo(central.url, user=w.creds.role, password=w.creds.password))


def test_init_is_idempotent_and_remembers_the_prefix(central: CentralDb) -> None:
    again = central_schema.init_central(central.url)
    assert not again.changed and again.role_prefix == central.prefix
    with pytest.raises(CounterError) as err:
        central_schema.init_central(central.url, "other_")
    assert err.value.code == "central.prefix"


def test_a_window_role_owns_nothing_and_cannot_bypass_row_security(
    central: CentralDb, make_window
) -> None:
    w = make_window()
    role = w.creds.role
    attrs = central.rows(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolinherit "
        "FROM pg_roles WHERE rolname = %s",
        (role,),
    )
    assert attrs == [(False, False, False, False, True)]
    owned = central.scalar(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r "
        "ON r.oid = c.relowner WHERE r.rolname = %s",
        (role,),
    )
    assert owned == 0
    unprotected = central.rows(
        "SELECT relname FROM pg_class WHERE relnamespace = 'counter'::regnamespace "
        "AND relkind = 'r' AND NOT relrowsecurity AND has_table_privilege(%s, oid, 'SELECT')",
        (role,),
    )
    assert unprotected == [("meta",)]  # payload versions; nothing of any window


def test_row_security_keeps_each_window_to_its_own_rows(central: CentralDb, make_window) -> None:
    a, b = make_window("C01", "W01"), make_window("C01", "W02")
    a.records(5)
    b.records(7)
    assert a.sync().ok and b.sync().ok
    with as_window(central, a) as conn:
        assert conn.execute("SELECT count(*) FROM counter.records").fetchone() == (5,)
        assert conn.execute("SELECT count(*) FROM counter.devices").fetchone() == (1,)
        for statement, params in (
            ("UPDATE counter.records SET kind = 'x'", None),
            ("DELETE FROM counter.records", None),
            ("SELECT * FROM counter.accounts", None),
            (
                "INSERT INTO counter.publications (dataset, body, body_hash) "
                "VALUES ('catalog', '{}', 'x')",
                None,
            ),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement, params)
            conn.rollback()
        # The reason pushes go through a staging table.
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            conn.execute("COPY counter.records (id) FROM STDIN")
        conn.rollback()
        # A's role writing a row for B's device: refused by the policy.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO counter.records (id, device_id, epoch, seq, kind, created_at, "
                "created_ts, day, payload_version, payload, content_hash, prev_hash, "
                "chain_hash) SELECT gen_random_uuid(), %s, 9, 1, 'intake', '', now(), "
                "current_date, 1, '{}', encode(sha256('{}'), 'hex'), '', ''",
                (b.device_id,),
            )
        conn.rollback()
    assert central.scalar("SELECT count(*) FROM counter.records") == 12


def test_add_window_twice_is_refused_and_reset_changes_the_password(central: CentralDb) -> None:
    first = central.add_window("C02", "W01")
    with pytest.raises(CounterError) as err:
        central.add_window("C02", "W01")
    assert err.value.code == "central.window_exists"
    before = central.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (first.role,))
    again = central_schema.add_window(central.url, "c02", "w01", reset_password=True)
    after = central.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (first.role,))
    assert not again.created and again.role == first.role and before != after
    assert again.url.startswith(f"postgresql://{first.role}@")


def test_codes_are_checked(central: CentralDb) -> None:
    with pytest.raises(CounterError) as err:
        central.add_window("C-01", "W01")
    assert err.value.code == "central.centre_code"


def test_the_central_database_has_a_stable_identity_windows_can_read(
    central: CentralDb, make_window
) -> None:
    import uuid

    stored = central.scalar("SELECT value FROM counter.meta WHERE key = 'central_id'")
    assert uuid.UUID(stored).version == 4
    central_schema.init_central(central.url)  # an upgrade or a repeat never changes it
    assert central.scalar("SELECT value FROM counter.meta WHERE key = 'central_id'") == stored
    w = make_window()
    with as_window(central, w) as conn:
        assert conn.execute("SELECT counter.central_identity()").fetchone() == (stored,)
