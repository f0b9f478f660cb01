"""Tamper evidence with the central database as the anchor: a store changed after its records
were synced is found at the next sync (and by `counter log verify`), the sync stops without
sending anything, the central is told, and its rows stay exactly as they were."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import psycopg
import pytest

from app.cli.main import main
from app.core.uuid7 import uuid7
from app.models import opener
from app.models.migrate import backup
from app.services import record_log
from app.services.log_audit import findings
from app.services.sync_state import SyncState
from app.sync import central_admin
from app.sync.engine import _Run
from app.sync.push import push_batch
from app.sync.setup import central_credentials
from tests.stores import connect_store

from .conftest import CentralDb, Window
from .intakes import accept, ready
from .test_restore_and_offline import restore

pytestmark = pytest.mark.central


def snapshot(central: CentralDb) -> list[tuple]:
    return central.rows(
        "SELECT id, device_id, epoch, seq, content_hash, prev_hash, chain_hash, "
        "payload FROM counter.records ORDER BY device_id, epoch, seq"
    )


def kinds(w: Window) -> list[str]:
    with w.ctx.store.read() as s:
        return [f.kind for f in findings(s)]


def disk(w: Window) -> opener.dbapi.Connection:
    """The store opened as someone with the PC's disk would."""
    return connect_store(w.ctx.home.db, autocommit=True)


def rechain(con: opener.dbapi.Connection) -> str:
    """Recompute every content hash and chain link, as a careful forger would."""
    prev = record_log.GENESIS
    rows = con.execute(
        "SELECT id, device_id, epoch, seq, kind, created_at, payload_version, "
        "payload, case_id FROM records ORDER BY epoch, seq"
    ).fetchall()
    for rid, device, epoch, seq, kind, created, version, payload, case_id in rows:
        digest = record_log.content_hash(payload)
        link = record_log.chain_hash(
            prev, rid, device, epoch, seq, kind, created, digest, case_id, version
        )
        con.execute(
            "UPDATE records SET content_hash = ?, prev_hash = ?, chain_hash = ? WHERE id = ?",
            (digest, prev, link, rid),
        )
        prev = link
    return prev


def refused_notes(central: CentralDb) -> list[tuple[str, str]]:
    return central.rows("SELECT reason, detail FROM counter.refusals ORDER BY at")


def test_a_full_rewrite_with_the_chain_recomputed_is_found(central: CentralDb, make_window) -> None:
    w = make_window()
    w.records(20)
    assert w.sync().ok
    before = snapshot(central)
    con = disk(w)
    rid, payload = con.execute("SELECT id, payload FROM records WHERE seq = 5").fetchone()
    changed = {**json.loads(payload), "duration_s": 1.0}
    con.execute("UPDATE records SET payload = ? WHERE id = ?", (record_log.canonical(changed), rid))
    tip = rechain(con)
    con.close()
    with w.ctx.store.read() as s:
        assert record_log.verify_chain(s) is None  # the chain alone: consistent
    assert kinds(w) == ["acknowledged-changed"]
    # The forger also rewrites the local marker: the store alone no longer tells...
    with w.ctx.store.write() as s:
        SyncState.acknowledged.set(s, {"1": [20, tip]})
    assert kinds(w) == []
    w.records(3)  # ...and new records continue the rewritten chain

    summary = w.sync()
    assert summary.error_code == "sync.chain_rewritten", summary.error
    assert "第 20 号" in summary.error and "改写" in summary.error and "\n" not in summary.error
    assert summary.pushed == 0
    assert snapshot(central) == before
    assert [r for r, _ in refused_notes(central)] == ["local_rewritten"]
    assert central.scalar("SELECT last_error FROM counter.devices") == "sync.chain_rewritten"
    (row,) = central_admin.report(central.url)
    assert row.tamper_found == 1 and "改写" in (row.last_tamper or "")
    assert w.sync().error_code == "sync.chain_rewritten"  # and at every sync after
    assert snapshot(central) == before


def test_a_deleted_tail_with_the_counter_lowered_is_found(central: CentralDb, make_window) -> None:
    w = make_window()
    w.records(30)
    assert w.sync().ok
    before = snapshot(central)
    con = disk(w)
    con.execute("DELETE FROM records WHERE seq > 20")
    con.execute("UPDATE counters SET value = 20 WHERE name = 'records.seq'")
    con.close()
    with w.ctx.store.read() as s:
        assert record_log.verify_chain(s) is None
    assert kinds(w) == ["acknowledged-missing"]
    w.records(5)  # seq 21..25 again, with new ids: it would look like a restored backup

    summary = w.sync()
    assert summary.error_code == "sync.chain_deleted", summary.error
    assert "第 30 号" in summary.error and "第 25 号" in summary.error
    assert (summary.pushed, summary.new_epoch) == (0, None)
    assert snapshot(central) == before
    assert central.scalar("SELECT count(*) FROM counter.quarantine") == 0
    assert [r for r, _ in refused_notes(central)] == ["local_deleted"]


def test_truncating_everything_is_found(central: CentralDb, make_window) -> None:
    w = ready(make_window())
    cases = accept(w.ctx, 2)
    w.records(5)
    assert w.sync(pull=False).ok
    before = snapshot(central)
    con = disk(w)
    con.execute("PRAGMA foreign_keys = off")
    for table in ("outbox", "records", "counters"):
        con.execute(f"DELETE FROM {table}")
    con.close()
    with w.ctx.store.read() as s:
        assert record_log.verify_chain(s) is None
    found = kinds(w)
    assert found.count("acknowledged-missing") == 1 and found.count("case-unrecorded") == 2
    w.records(2)

    summary = w.sync(pull=False)
    assert summary.error_code == "sync.chain_deleted", summary.error
    assert "已上传的记录被删除" in summary.error
    assert snapshot(central) == before
    assert (
        central.scalar(
            "SELECT count(*) FROM counter.records WHERE payload LIKE %s", (f"%{cases[0]}%",)
        )
        == 1
    )


def test_a_dropped_outbox_entry_is_found_and_the_record_still_delivered(
    central: CentralDb, make_window
) -> None:
    w = make_window()
    w.records(5)
    assert w.sync().ok
    before = snapshot(central)
    waiting = w.records(3)
    con = disk(w)
    con.execute("DELETE FROM outbox WHERE record_id = ?", (waiting[1],))
    con.close()
    assert kinds(w) == ["outbox-missing"]

    summary = w.sync()
    assert summary.ok and summary.pushed == 3
    assert snapshot(central)[:5] == before
    assert central.scalar("SELECT count(*) FROM counter.records WHERE id = %s", (waiting[1],)) == 1
    assert [r for r, _ in refused_notes(central)] == ["outbox_dropped"]
    assert kinds(w) == []


def test_a_forged_record_that_does_not_continue_the_central_chain_is_refused(
    central: CentralDb, make_window, capsys: pytest.CaptureFixture[str]
) -> None:
    w = make_window()
    w.records(10)
    assert w.sync().ok
    before = snapshot(central)
    device = w.device_id
    created = central.scalar("SELECT created_at FROM counter.records WHERE seq = 10")
    body = record_log.canonical(
        {"centre": "C01", "window": "W01", "clerk": "clerk1", "item_code": "X", "outcome": "accept"}
    )
    digest = record_log.content_hash(body)
    forged_prev = record_log.content_hash("not the record before")
    rid = str(uuid7())
    chain = record_log.chain_hash(
        forged_prev, rid, device, 1, 11, "intake", created, digest, None, 1
    )
    row = (rid, device, 1, 11, "intake", created, 1, body, digest, forged_prev, chain, None)

    # Through the push: quarantined as chain_break, nothing else changes.
    run = _Run(w.engine(), lambda _p: None, threading.Event())
    run.credentials = central_credentials(w.ctx, keyring_store=w.keyring)
    run._connect()
    try:
        answers = push_batch(run._conn(), run._session(), [row])
    finally:
        run._drop_connection()
    assert [(a.answer, a.detail) for a in answers] == [("rejected", "chain_break")]
    assert snapshot(central) == before
    assert central.rows("SELECT record_id, seq, reason FROM counter.quarantine") == [
        (rid, 11, "chain_break")
    ]
    (report,) = central_admin.report(central.url)
    assert report.chain_breaks == 1 and report.records == 10
    assert main(["central", "report", "--db", central.url]) == 0
    assert "C01/W01：断链拒收 1 条" in capsys.readouterr().out

    # A client that skips the push's checks: the table itself refuses the row.
    with (
        psycopg.connect(w.creds.url, password=w.creds.password) as conn,
        pytest.raises(psycopg.errors.CheckViolation, match="chain_break"),
    ):
        conn.execute(
            "INSERT INTO counter.records (id, device_id, epoch, seq, kind, created_at, "
            "created_ts, day, payload_version, payload, content_hash, prev_hash, chain_hash) "
            "VALUES (%s, %s, 1, 11, 'intake', %s, %s::timestamptz, %s::date, 1, %s, %s, %s, %s)",
            (rid, device, created, created, created[:10], body, digest, forged_prev, chain),
        )
    assert snapshot(central) == before
    # The genuine next record still goes in.
    w.records(1)
    assert w.sync().ok and central.scalar("SELECT count(*) FROM counter.records") == 11


def test_a_restored_backup_is_not_taken_for_tampering(
    central: CentralDb, make_window, tmp_path: Path
) -> None:
    w = make_window()
    w.records(12)
    assert w.sync().ok
    copy = backup(w.ctx.home.db, tmp_path, "nightly")
    w.records(8)
    assert w.sync().ok
    restore(w, copy)
    w.records(4)  # reuse 13..16
    summary = w.sync()
    assert summary.ok, summary.error
    assert summary.new_epoch == 2 and summary.pushed == 4
    assert central.scalar("SELECT count(*) FROM counter.records") == 24
    assert refused_notes(central) == []
    assert kinds(w) == []
    w.records(2)
    assert w.sync().ok and kinds(w) == []


def test_a_store_from_before_the_marker_gets_it_at_its_next_sync(
    central: CentralDb, make_window
) -> None:
    w = make_window()
    w.records(10)
    assert w.sync().ok
    with w.ctx.store.write() as s:
        tip = SyncState.acknowledged.get(s)
        SyncState.acknowledged.set(s, None)  # as a store synced by an older version
    assert kinds(w) == []  # the outbox cannot be checked yet
    assert w.sync().ok
    with w.ctx.store.read() as s:
        assert SyncState.acknowledged.get(s) == tip
    con = disk(w)
    con.execute("DELETE FROM records WHERE seq > 8")
    con.execute("UPDATE counters SET value = 8 WHERE name = 'records.seq'")
    con.close()
    assert kinds(w) == ["acknowledged-missing"]
    assert w.sync().error_code == "sync.chain_deleted"
