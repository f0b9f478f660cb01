"""Push answers, one per record: accepted, duplicate, conflict, rejected (quarantine) and the
refusals that protect other windows' data."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from app.services import record_log
from app.services.settings import Settings
from app.sync.engine import SyncProgress

from .checker import check_delivery
from .conftest import CentralDb, Window
from .records import day_start

pytestmark = pytest.mark.central


def requeue_all(w: Window) -> None:
    with w.ctx.store.write() as s:
        s.execute(
            text(
                "INSERT OR IGNORE INTO outbox (record_id, seq, state, attempts, "
                "enqueued_at) SELECT id, seq, 'pending', 0, '2026-01-01' FROM records"
            )
        )


def rewrite(w: Window, record_id: str, **changes: object) -> None:
    """Change a stored record behind the app's back (disk damage, a bad tool, a tamperer)."""
    sets = ", ".join(f"{k} = :{k}" for k in changes)
    with w.ctx.store.write() as s:
        s.execute(text(f"UPDATE records SET {sets} WHERE id = :id"), {**changes, "id": record_id})


def rehash(w: Window, record_id: str, payload: str) -> None:
    """Change a record's content and recompute its own hashes, as a newer copy would have."""
    with w.ctx.store.write() as s:
        r = s.execute(
            text(
                "SELECT device_id, epoch, seq, kind, created_at, prev_hash, case_id, "
                "payload_version FROM records WHERE id = :id"
            ),
            {"id": record_id},
        ).one()
        digest = record_log.content_hash(payload)
        chain = record_log.chain_hash(
            r.prev_hash,
            record_id,
            r.device_id,
            r.epoch,
            r.seq,
            r.kind,
            r.created_at,
            digest,
            r.case_id,
            r.payload_version,
        )
        s.execute(
            text(
                "UPDATE records SET payload = :p, content_hash = :h, chain_hash = :c WHERE id = :id"
            ),
            {"p": payload, "h": digest, "c": chain, "id": record_id},
        )


def test_a_replayed_push_is_all_duplicates_and_adds_no_row(central: CentralDb, make_window) -> None:
    w = make_window()
    w.records(120, bulk=True)
    progress: list[SyncProgress] = []
    first = w.engine(batch_size=50).run(progress.append)
    assert (first.ok, first.pushed) == (True, 120)
    assert [p.done for p in progress if p.phase == "push"] == [50, 100, 120]
    requeue_all(w)
    replay = w.sync(batch_size=50)
    assert (replay.ok, replay.pushed, replay.duplicates) == (True, 0, 120)
    assert central.scalar("SELECT count(*) FROM counter.records") == 120
    check_delivery(central, [w])


def test_same_id_other_content_keeps_both_and_flags_a_conflict(
    central: CentralDb, make_window
) -> None:
    w = make_window()
    ids = w.records(10)
    assert w.sync().ok
    rehash(w, ids[3], '{"changed":true}')
    requeue_all(w)
    summary = w.sync()
    assert (summary.ok, summary.conflicts, summary.duplicates) == (True, 1, 9)
    kept = central.rows("SELECT payload FROM counter.conflicts WHERE id = %s", (ids[3],))
    assert kept == [('{"changed":true}',)]
    assert (
        central.scalar("SELECT payload FROM counter.records WHERE id = %s", (ids[3],))
        != '{"changed":true}'
    )
    assert w.sync(day_close=True).manifests[0].verified  # the window's version counts


def test_poison_records_are_quarantined_and_the_rest_delivered(
    central: CentralDb, make_window
) -> None:
    w = make_window()
    ids = w.records(3000, bulk=True)
    rewrite(w, ids[10], payload='{"clerk":"tampered"}')  # hash no longer matches
    rewrite(w, ids[1500], created_at="2026-02-30T09:00:00.000+08:00")  # no such day
    rewrite(w, ids[2000], kind="")
    rewrite(w, ids[2500], payload='{"name":"\x00"}')  # PostgreSQL text cannot hold NUL
    summary = w.sync(batch_size=1000)
    assert summary.ok
    assert (summary.pushed, summary.rejected) == (2996, 4)
    reasons = dict(central.rows("SELECT record_id, reason FROM counter.quarantine"))
    assert reasons == {
        ids[10]: "hash_mismatch",
        ids[1500]: "bad_created_at",
        ids[2000]: "bad_kind",
        ids[2500]: "nul_in_payload",
    }
    assert (
        central.scalar(
            "SELECT raw FROM counter.quarantine WHERE record_id = %s", (ids[2500],)
        ).find(b"\\u0000")
        > 0
    )  # kept exactly, escaped
    with w.ctx.store.read() as s:
        states = dict(s.execute(text("SELECT state, count(*) FROM outbox GROUP BY state")).all())
    assert states == {"quarantined": 4}
    again = w.sync(day_close=True)
    assert again.ok and again.rejected == 0  # never sent again
    # The day still verifies: quarantined records count as arrived.
    assert all(m.verified for m in again.manifests)
    assert sum(m.count for m in again.manifests) == 2999  # all but the one with no real day
    check_delivery(central, [w], chains_intact=False)


def test_the_central_quarantines_a_record_naming_another_window(
    central: CentralDb, make_window
) -> None:
    w = make_window("C01", "W01")
    ids = w.records(20, bulk=True)
    with w.ctx.store.read() as s:
        payload = s.execute(
            text("SELECT payload FROM records WHERE id = :id"), {"id": ids[7]}
        ).scalar_one()
    rehash(w, ids[7], payload.replace('"window":"W01"', '"window":"W02"'))
    rehash(w, ids[9], payload.replace('"centre":"C01"', '"centre":"C02"'))
    rehash(w, ids[12], "{not json")  # no window can be read from it at all
    summary = w.sync()
    assert summary.ok, summary.error
    assert (summary.pushed, summary.rejected) == (17, 3)
    reasons = dict(central.rows("SELECT record_id, reason FROM counter.quarantine"))
    assert reasons == {ids[7]: "foreign_window", ids[9]: "foreign_window", ids[12]: "bad_payload"}
    assert (
        central.scalar(
            "SELECT count(*) FROM counter.records WHERE id = ANY(%s::uuid[])",
            ([ids[7], ids[9], ids[12]],),
        )
        == 0
    )
    check_delivery(central, [w], chains_intact=False)


def test_a_value_validation_did_not_foresee_is_isolated_by_halving(
    central: CentralDb, make_window
) -> None:
    w = make_window()
    ids = w.records(64, bulk=True)
    poison = ids[37]
    with central.connect() as conn:  # a rule validation knows nothing about
        conn.execute(
            f"ALTER TABLE counter.records ADD CONSTRAINT no_poison CHECK (id <> '{poison}'::uuid)"
        )
    summary = w.sync()
    assert (summary.ok, summary.pushed, summary.rejected) == (True, 63, 1)
    reason = central.scalar("SELECT reason FROM counter.quarantine WHERE record_id = %s", (poison,))
    assert reason.startswith("server_error: 23514")
    check_delivery(central, [w])


def test_a_window_using_another_windows_device_id_is_refused(
    central: CentralDb, make_window
) -> None:
    a, b = make_window("C01", "W01"), make_window("C01", "W02")
    a.records(5)
    assert a.sync().ok
    with b.ctx.store.write() as s:  # e.g. W01's data directory copied onto W02's machine
        Settings.device_id.set(s, a.device_id)
    b.records(3)
    summary = b.sync()
    assert summary.error_code == "central.foreign_device"
    assert summary.waiting == 3 and summary.pushed == 0
    assert central.scalar("SELECT count(*) FROM counter.records") == 5
    assert central.rows("SELECT role_name, reason FROM counter.refusals") == [
        (b.creds.role, "foreign_device")
    ]
    assert (
        central.scalar("SELECT role_name FROM counter.devices WHERE device_id = %s", (a.device_id,))
        == a.creds.role
    )


def test_another_windows_record_ids_are_refused(central: CentralDb, make_window) -> None:
    a, b = make_window("C01", "W01"), make_window("C01", "W02")
    taken = a.records(2)
    assert a.sync().ok
    before = central.rows("SELECT id, device_id, payload FROM counter.records ORDER BY id")
    stolen = b.records(3)
    with b.ctx.store.write() as s:
        s.execute(text("PRAGMA defer_foreign_keys = ON"))
        s.execute(
            text("UPDATE outbox SET record_id = :new WHERE record_id = :old"),
            {"new": taken[0], "old": stolen[1]},
        )
        s.execute(
            text("UPDATE records SET id = :new WHERE id = :old"),
            {"new": taken[0], "old": stolen[1]},
        )
    summary = b.sync()
    assert (summary.pushed, summary.rejected) == (2, 1)
    assert central.scalar("SELECT reason FROM counter.quarantine") == "foreign_id"
    after = central.rows(
        "SELECT id, device_id, payload FROM counter.records WHERE device_id = %s ORDER BY id",
        (a.device_id,),
    )
    assert after == before  # the other window's data untouched


def test_a_payload_version_the_server_does_not_take_stays_at_the_window(
    central: CentralDb, make_window
) -> None:
    w = make_window()
    w.records(4)
    with central.connect() as conn:
        conn.execute("UPDATE counter.meta SET value = '2' WHERE key = 'min_payload_version'")
    summary = w.sync()
    assert not summary.ok and (summary.unsupported, summary.waiting) == (4, 4)
    with central.connect() as conn:
        conn.execute("UPDATE counter.meta SET value = '1' WHERE key = 'min_payload_version'")
    assert w.sync().ok
    check_delivery(central, [w])


def test_clock_off_by_a_day_is_reported_not_refused(central: CentralDb, make_window) -> None:
    w = make_window()
    tomorrow = day_start() + timedelta(days=1)  # 08:00: the 12 records stay on one date
    w.records(12, start=tomorrow)
    summary = w.sync(clock=lambda: datetime.now(UTC) + timedelta(days=1), day_close=True)
    assert summary.ok and summary.skew_flagged
    assert summary.clock_skew_seconds == pytest.approx(86400, abs=60)
    assert [m.day for m in summary.manifests] == [tomorrow.date().isoformat()]
    skew = central.scalar("SELECT clock_skew_seconds FROM counter.devices")
    assert skew == pytest.approx(86400, abs=60)
    check_delivery(central, [w])


def test_many_windows_close_the_day_at_once(central: CentralDb, make_window) -> None:
    windows = [make_window("C01", f"W{n:02d}") for n in range(8)]
    for w in windows:
        w.records(400, bulk=True)
    results: dict[int, object] = {}

    def run(n: int) -> None:
        results[n] = windows[n].sync(day_close=True, batch_size=150)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(windows))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(results[n].ok for n in range(len(windows)))  # type: ignore[attr-defined]
    assert central.scalar(
        "SELECT count(*) FROM counter.manifests WHERE status = 'verified'"
    ) == len(windows)
    check_delivery(central, windows)


def test_bytes_that_are_not_utf8_do_not_block_the_queue(central: CentralDb, make_window) -> None:
    w = make_window()
    ids = w.records(40, bulk=True)
    with w.ctx.store.write() as s:  # disk damage: the payload is no longer UTF-8
        s.execute(
            text("UPDATE records SET payload = CAST(x'7b22c328ffff227d' AS TEXT) WHERE id = :id"),
            {"id": ids[7]},
        )
    summary = w.sync(batch_size=25)
    assert (summary.ok, summary.pushed, summary.rejected) == (True, 39, 1)
    reason, raw = central.rows("SELECT reason, raw FROM counter.quarantine")[0]
    assert reason == "bad_utf8_in_payload" and b"\\udcc3" in raw
    check_delivery(central, [w], chains_intact=False)
