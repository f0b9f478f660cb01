"""The central's records partitioned by year (central revision c0013): a central made before it
keeps every record, chain and manifest through the upgrade and goes on syncing; the keys of all
time (one row per record id and device, one per chain position) hold across partitions whatever
the client sends; partitions are made ahead, and a year that is over detaches with its keys
kept, so a replay of its records is still answered duplicate."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from app.cli.main import main
from app.core.errors import CounterError
from app.sync import central_partitions, central_schema, pull, push
from tests.sync.conftest import CentralDb, Window
from tests.sync.records import CHINA, day_start
from tests.sync.test_push import requeue_all

pytestmark = pytest.mark.central

BEFORE = "c0012"  # the revision before records were partitioned


def _downgrade(central: CentralDb, revision: str) -> None:
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


def _old_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """The push as the version before c0013 sent it: every look-up in records, ON CONFLICT on
    records' own keys. (A window is upgraded after its central, so both meet.)"""
    for name in ("_SERVER_MAX_SEQ", "_KNOWN", "_CLASSIFY"):
        monkeypatch.setattr(
            push, name, getattr(push, name).replace("counter.record_keys", "counter.records")
        )
    monkeypatch.setattr(push, "_INSERT_ANY", push._INSERT_ANY.replace(push._NOT_KNOWN, ""))
    # and the pull without its device (c0016).
    fetch = pull._fetch
    monkeypatch.setattr(pull, "_fetch", lambda *a, device=None, **kw: fetch(*a, **kw))


def _snapshot(central: CentralDb) -> dict[str, Any]:
    return {
        "records": central.rows(
            "SELECT id, device_id, epoch, seq, kind, created_at, created_ts, day, "
            "payload_version, payload, content_hash, prev_hash, chain_hash, case_id, received_at "
            "FROM counter.records ORDER BY device_id, epoch, seq"
        ),
        "manifests": central.rows("SELECT * FROM counter.manifests ORDER BY device_id, day, epoch"),
        "totals": central.rows("SELECT * FROM counter.device_totals ORDER BY device_id"),
        "case_numbers": central.rows("SELECT * FROM counter.case_numbers ORDER BY case_no"),
        "quarantine": central.rows("SELECT * FROM counter.quarantine ORDER BY raw_digest"),
    }


def _old_year_start(years_back: int) -> datetime:
    """09:00 on 2 March, years back from this year (a window whose records are that old)."""
    return datetime(date.today().year - years_back, 3, 2, 9, 0, tzinfo=CHINA)


def _partition_of(central: CentralDb) -> dict[str, str]:
    return dict(central.rows("SELECT id::text, tableoid::regclass::text FROM counter.records"))


def test_an_old_central_moves_to_partitions_and_sync_goes_on(
    central: CentralDb, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    a: Window = make_window("C01", "W01")
    b: Window = make_window("C01", "W02")
    assert a.sync().ok and b.sync().ok  # registered under the newest schema
    _downgrade(central, BEFORE)  # the central as the version before left it
    assert central.scalar("SELECT to_regclass('counter.record_keys')") is None
    assert (
        central.scalar("SELECT relkind::text FROM pg_class WHERE oid = 'counter.records'::regclass")
        == "r"
    )
    _old_client(monkeypatch)
    old = a.records(6, start=_old_year_start(2))  # a window that was years behind
    a.records(30)
    b.records(12, bulk=True)
    assert a.sync(day_close=True).ok and b.sync(day_close=True).ok
    before = _snapshot(central)
    assert len(before["records"]) == 48 and before["manifests"]

    central_schema.init_central(central.url)  # the upgrade

    assert _snapshot(central) == before  # every record, manifest and total as it was
    assert (
        central.scalar("SELECT relkind::text FROM pg_class WHERE oid = 'counter.records'::regclass")
        == "p"
    )
    keys = central.rows(
        "SELECT id, device_id, epoch, seq, day, content_hash, chain_hash "
        "FROM counter.record_keys ORDER BY device_id, epoch, seq"
    )
    assert keys == [(r[0], r[1], r[2], r[3], r[7], r[10], r[12]) for r in before["records"]]
    where = _partition_of(central)
    this_year = date.today().year
    assert {where[i] for i in old} == {f"counter.records_{this_year - 2}"}
    assert set(where.values()) <= {
        f"counter.records_{y}" for y in (this_year - 2, this_year - 1, this_year)
    }
    # The triggers, policies and grants of records came along.
    triggers = {
        t
        for (t,) in central.rows(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'counter.records'::regclass "
            "AND NOT tgisinternal"
        )
    }
    assert triggers == {
        "records_add_keys",
        "records_case_numbers",
        "records_centre_visits",
        "records_chain",
        "records_totals",
    }
    assert (
        central.scalar(
            "SELECT count(*) FROM pg_policy WHERE polrelid = 'counter.records'::regclass"
        )
        == 2
    )

    # The look-ups by id or by sequence ask the keys, the day close's gaps included.
    manifest = "'counter.check_manifest(uuid, date, integer, integer, bigint, bigint, text)'"
    assert "counter.record_keys" in central.scalar(
        f"SELECT pg_get_functiondef({manifest}::regprocedure)"
    )
    # A window not upgraded yet pushes on: its records go in, its replays are duplicates.
    b.records(3)
    assert b.sync().ok
    requeue_all(b)
    assert b.sync().duplicates == 15
    monkeypatch.undo()
    # Sync goes on: new records, a replay of everything (all duplicates), the chain anchored.
    a.records(5)
    assert a.sync(day_close=True).ok
    requeue_all(a)
    replay = a.sync()
    assert (replay.ok, replay.pushed, replay.duplicates) == (True, 0, 41)
    assert central.scalar("SELECT count(*) FROM counter.records") == 56
    assert central.scalar("SELECT count(*) FROM counter.record_keys") == 56
    assert central.rows("SELECT records FROM counter.device_totals ORDER BY records") == [
        (15,),
        (41,),
    ]
    day_closed = a.sync(day_close=True)
    assert day_closed.ok and all(m.verified for m in day_closed.manifests)

    # And back: the downgrade puts every record into one table again.
    _downgrade(central, BEFORE)
    assert central.scalar("SELECT count(*) FROM counter.records") == 56
    assert central.scalar("SELECT to_regclass('counter.record_keys')") is None
    assert "counter.record_keys" not in central.scalar(
        f"SELECT pg_get_functiondef({manifest}::regprocedure)"
    )
    central_schema.init_central(central.url)
    assert central.scalar("SELECT count(*) FROM counter.record_keys") == 56


def test_the_keys_of_all_time_hold_across_partitions(central: CentralDb, make_window) -> None:
    """A client that skips the push's checks and writes straight into records: a second row for
    an id (on another day, so in another partition) or for a chain position is refused."""
    w: Window = make_window()
    ids = w.records(3, start=_old_year_start(2))
    assert w.sync().ok
    first = central.rows(
        "SELECT id, device_id, epoch, seq, kind, created_at, payload_version, payload, "
        "content_hash, prev_hash, chain_hash FROM counter.records WHERE id = %s",
        (ids[2],),
    )[0]
    insert = (
        "INSERT INTO counter.records (id, device_id, epoch, seq, kind, created_at, created_ts, "
        "day, payload_version, payload, content_hash, prev_hash, chain_hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s::timestamptz, %s::date, %s, %s, %s, %s, %s)"
    )
    today = day_start().isoformat(timespec="milliseconds")
    rid, device, epoch, seq, kind, _, version, body, digest, prev, chain = first
    with psycopg.connect(w.creds.url, password=w.creds.password) as conn:
        # The same id, today (the other partition), as the next record of the chain.
        with pytest.raises(psycopg.errors.UniqueViolation, match="record_keys_pkey"):
            conn.execute(
                insert,
                (
                    rid,
                    device,
                    epoch,
                    seq + 1,
                    kind,
                    today,
                    today,
                    today[:10],
                    version,
                    body,
                    digest,
                    chain,
                    "f" * 64,
                ),
            )
        conn.rollback()
        # Another id at a position the chain already holds.
        with pytest.raises(psycopg.errors.UniqueViolation, match="record_keys_device_seq"):
            conn.execute(
                insert,
                (
                    "0190a000-0000-7000-8000-000000000001",
                    device,
                    epoch,
                    seq,
                    kind,
                    today,
                    today,
                    today[:10],
                    version,
                    body,
                    digest,
                    prev,
                    "e" * 64,
                ),
            )
        conn.rollback()
        # The window reads its own keys and no one else's.
        assert conn.execute("SELECT count(*) FROM counter.record_keys").fetchone() == (3,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM counter.record_keys")
    assert central.scalar("SELECT count(*) FROM counter.records") == 3


def test_years_are_made_ahead_and_a_year_that_is_over_detaches(
    central: CentralDb, make_window, capsys: pytest.CaptureFixture[str]
) -> None:
    today = date.today()
    w: Window = make_window()
    old = w.records(4, start=_old_year_start(3))  # no partition for that year: the default
    w.records(4, start=_old_year_start(1))
    w.records(3)
    assert w.sync().ok
    where = _partition_of(central)
    assert {where[i] for i in old} == {"counter.records_default"}
    assert main(["central", "partitions", "--db", central.url]) == 1  # rows in the default
    assert "默认分区有 8 条记录" in capsys.readouterr().out

    made = central_partitions.ensure_until(central.url, today.year + 2, today)
    assert made == [
        f"counter.records_{today.year - 3}",
        f"counter.records_{today.year - 1}",
        f"counter.records_{today.year + 2}",
    ]
    where = _partition_of(central)
    assert {where[i] for i in old} == {f"counter.records_{today.year - 3}"}
    assert main(["central", "partitions", "--db", central.url]) == 0
    listed = capsys.readouterr().out
    assert f"counter.records_{today.year + 2}" in listed and "默认" in listed
    with pytest.raises(CounterError, match="最多提前"):
        central_partitions.ensure_until(central.url, today.year + 50, today)

    for recent in (today.year, today.year - 1):
        assert main(["central", "detach-year", str(recent), "--db", central.url]) != 0
        assert "只能分离" in capsys.readouterr().err
    assert main(["central", "detach-year", str(today.year - 3), "--db", central.url]) == 0
    said = capsys.readouterr().out
    assert f"counter.records_{today.year - 3}（4 条）" in said and "pg_dump" in said
    assert "ATTACH PARTITION" in said
    assert central.scalar("SELECT count(*) FROM counter.records") == 7
    assert central.scalar(f"SELECT count(*) FROM counter.records_{today.year - 3}") == 4
    with pytest.raises(CounterError, match="没有"):
        central_partitions.detach_year(central.url, today.year - 3, today)
    # The window cannot read the detached table.
    with (
        psycopg.connect(w.creds.url, password=w.creds.password) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(f"SELECT count(*) FROM counter.records_{today.year - 3}")

    # The detached records' keys stay: replayed, they are duplicates, nothing comes back.
    requeue_all(w)
    replay = w.sync()
    assert (replay.ok, replay.pushed, replay.duplicates) == (True, 0, 11)
    assert central.scalar("SELECT count(*) FROM counter.records") == 7
    assert central.scalar("SELECT count(*) FROM counter.records_default") == 0
    # The chain goes on past them.
    w.records(2, start=day_start() + timedelta(hours=2))
    assert w.sync().ok and central.scalar("SELECT count(*) FROM counter.records") == 9
