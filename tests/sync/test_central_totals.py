"""The county report reads running totals (central revision c0008): a central made before it
keeps every record through the upgrade, its totals are the records' counts, and the trigger
keeps them from then on, a replayed push adding nothing."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from app.sync import central_admin, central_schema
from tests.sync.conftest import CentralDb
from tests.sync.records import bulk_records

pytestmark = pytest.mark.central


def _counts(url: str) -> tuple[dict[str, int], dict[str, int]]:
    with psycopg.connect(url) as conn:
        counted = dict(
            conn.execute(
                "SELECT device_id::text, count(*) FROM counter.records GROUP BY device_id"
            ).fetchall()
        )
        kept = dict(
            conn.execute("SELECT device_id::text, records FROM counter.device_totals").fetchall()
        )
    return counted, kept


def _to(central: CentralDb, revision: str) -> None:
    engine = create_engine(
        "postgresql+psycopg://", poolclass=NullPool, creator=lambda: psycopg.connect(central.url)
    )
    try:
        with engine.connect() as conn:
            command.downgrade(
                central_schema._alembic_config(conn, central.prefix, central.name), revision
            )
            conn.commit()
    finally:
        engine.dispose()


def test_totals_survive_the_upgrade_and_follow_every_push(central: CentralDb, make_window) -> None:
    a: Any = make_window("C01", "W01")
    b: Any = make_window("C01", "W02")
    bulk_records(a.ctx.store, 30)
    bulk_records(b.ctx.store, 12)
    assert a.sync().ok and b.sync().ok
    _to(central, "c0007")  # the central as the previous version left it
    with psycopg.connect(central.url) as conn:
        assert conn.execute("SELECT to_regclass('counter.device_totals')").fetchone() == (None,)
        before = conn.execute("SELECT count(*) FROM counter.records").fetchone()
    central_schema.init_central(central.url)  # the upgrade
    counted, kept = _counts(central.url)
    assert sum(counted.values()) == before[0] == 42
    assert kept == counted
    bulk_records(a.ctx.store, 5)
    assert a.sync().ok
    with a.ctx.store.write() as s:  # every record queued again: all answered "duplicate"
        s.connection().exec_driver_sql(
            "INSERT OR IGNORE INTO outbox (record_id, seq, state, attempts, enqueued_at) "
            "SELECT id, seq, 'pending', 0, '2026-01-01' FROM records"
        )
    assert a.sync().ok
    counted, kept = _counts(central.url)
    assert kept == counted and sum(kept.values()) == 47
    by_window = {r.window: r.records for r in central_admin.report(central.url)}
    assert by_window == {"W01": 35, "W02": 12}
