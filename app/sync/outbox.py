"""The window's side of the push: reading the outbox in batches, clearing it on answers, and
moving records to a new epoch after a restore from backup.

Reads go through the raw SQLite connection (a batch of 5,000 rows as plain tuples, no ORM
objects); every change is one short ``Store.write()`` transaction, so the clerk's next record is
never kept waiting for long.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session as OrmSession

from app.core.errors import CounterError
from app.models import opener
from app.models.db import Store
from app.services import record_log
from app.services.settings import Settings
from app.services.sync_state import QUARANTINED, SyncState
from app.sync.crashpoints import crashpoint
from app.sync.push import ACKED, Answer, Unsendable, screen

_BATCH = """
SELECT r.id, r.device_id, r.epoch, r.seq, r.kind, r.created_at, r.payload_version, r.payload,
       r.content_hash, r.prev_hash, r.chain_hash, r.case_id, o.seq
  FROM outbox o JOIN records r ON r.id = o.record_id
 WHERE o.state = 'pending' AND o.seq > ?
 ORDER BY o.seq
 LIMIT ?"""


@dataclass(frozen=True)
class Batch:
    rows: list[tuple[object, ...]]
    unsendable: list[Unsendable]
    last_seq: int  # keyset cursor: the next batch starts after this

    def __len__(self) -> int:
        return len(self.rows) + len(self.unsendable)


def read_batch(store: Store, after_seq: int, limit: int) -> Batch:
    """The next pending records in sequence order, screened for rows COPY cannot carry."""
    raw = store.engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        damaged = False
        try:
            fetched = dbapi.execute(_BATCH, (after_seq, limit)).fetchall()  # type: ignore[union-attr]
        except (sqlite3.OperationalError, opener.OperationalError) as exc:
            if "decode" not in str(exc).lower():
                raise
            fetched, damaged = _read_undecodable(dbapi, after_seq, limit), True  # type: ignore[arg-type]
    finally:
        raw.close()
    rows: list[tuple[object, ...]] = []
    bad: list[Unsendable] = []
    for row in fetched:
        record = row[:-1]  # the last column is the outbox's own seq, the keyset cursor
        reason = screen(record, check_utf8=damaged)
        if reason is None:
            rows.append(record)
        else:
            bad.append(Unsendable(str(record[0]), tuple(record), reason))
    return Batch(rows, bad, fetched[-1][-1] if fetched else after_seq)


def _read_undecodable(
    dbapi: sqlite3.Connection, after_seq: int, limit: int
) -> list[tuple[object, ...]]:
    """A row holds bytes that are not UTF-8 (a damaged file): read bytes, keep them visible as
    surrogate escapes so screen() sends that row to quarantine instead of blocking the queue."""
    dbapi.text_factory = bytes
    try:
        rows = dbapi.execute(_BATCH, (after_seq, limit)).fetchall()
    finally:
        dbapi.text_factory = str
    return [
        tuple(v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else v for v in row)
        for row in rows
    ]


def acknowledge(store: Store, answers: Iterable[Answer]) -> None:
    """Clear the outbox on a structured answer; keep everything else for the next attempt."""
    done: list[str] = []
    quarantined: list[tuple[str, str]] = []
    kept: list[tuple[str, str]] = []
    for a in answers:
        if a.answer == "rejected":
            quarantined.append((f"rejected: {a.detail}", a.record_id))
        elif a.answer in ACKED:
            done.append(a.record_id)
        else:
            kept.append((f"{a.answer}: {a.detail}" if a.detail else a.answer, a.record_id))
    with store.write() as s:
        conn = s.connection()
        if done:  # one statement for the whole batch, the loop in SQLite's C code
            ids = json.dumps(done)
            conn.exec_driver_sql(
                "DELETE FROM outbox WHERE record_id IN (SELECT value FROM json_each(?))", (ids,)
            )
            advance_acknowledged(
                s,
                conn.exec_driver_sql(
                    "SELECT epoch, max(seq), chain_hash FROM records WHERE id IN "
                    "(SELECT value FROM json_each(?)) GROUP BY epoch",
                    (ids,),
                ).fetchall(),
            )
        if quarantined:
            conn.exec_driver_sql(
                f"UPDATE outbox SET state = '{QUARANTINED}', attempts = attempts + 1, "
                "last_error = ? WHERE record_id = ?",
                quarantined,
            )
        if kept:
            conn.exec_driver_sql(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE record_id = ?",
                kept,
            )
        crashpoint("mid_local_ack")


def advance_acknowledged(s: OrmSession, tops: Iterable[Sequence[object]]) -> None:
    """Raise the per-epoch "acknowledged up to" marker (SyncState.acknowledged) to the
    (epoch, seq, chain_hash) given, in the transaction that learnt of them."""
    marker = acknowledged(s)
    changed = False
    for epoch, seq, chain in tops:
        if type(epoch) is not int or type(seq) is not int:
            continue
        held = marker.get(str(epoch))
        if held is None or held[0] < seq:
            marker[str(epoch)] = (seq, str(chain))
            changed = True
    if changed or SyncState.acknowledged.get(s) is None:
        SyncState.acknowledged.set(s, {k: list(v) for k, v in marker.items()})


def acknowledged(s: OrmSession) -> dict[str, tuple[int, str]]:
    """The marker: {epoch: (seq, chain_hash)}; empty when there is none yet."""
    return {
        k: (int(seq), str(chain))
        for k, (seq, chain) in (SyncState.acknowledged.get(s) or {}).items()
    }


def pending_up_to(store: Store, max_seq: int) -> int:
    with store.read() as s:
        return int(
            s.execute(
                text("SELECT count(*) FROM outbox WHERE state = 'pending' AND seq <= :m"),
                {"m": max_seq},
            ).scalar_one()
        )


def max_pending_seq(store: Store) -> int:
    with store.read() as s:
        return int(
            s.execute(
                text("SELECT coalesce(max(seq), 0) FROM outbox WHERE state = 'pending'")
            ).scalar_one()
        )


def requeue(store: Store, epoch: int, ranges: Iterable[tuple[int, int]]) -> int:
    """Put records back in the outbox (the central database named them missing)."""
    now = datetime.now()
    added = 0
    with store.write() as s:
        for lo, hi in ranges:
            added += (
                s.connection()
                .execute(
                    text(
                        "INSERT OR IGNORE INTO outbox (record_id, seq, state, attempts, enqueued_at) "
                        "SELECT id, seq, 'pending', 0, :now FROM records "
                        "WHERE epoch = :e AND seq BETWEEN :lo AND :hi "
                        # A redacted record is never sent: the central holds its original
                        # (services/record_purge.py), and the redacted payload would not hash.
                        "AND CASE WHEN json_valid(payload) "
                        "THEN json_extract(payload, '$.purged_on') END IS NULL"
                    ),
                    {"now": now, "e": epoch, "lo": lo, "hi": hi},
                )
                .rowcount
                or 0
            )
    return added


def restamp(store: Store, from_epoch: int, from_seq: int, server_max_epoch: int) -> int | None:
    """After a restore from backup: give this device a new epoch and move the records from
    (from_epoch, from_seq) on into it, rehashing their chain links.

    Only records the central database never accepted can move: they are exactly the ones made
    after the restore, whose sequence numbers the server had already seen from the lost copy.
    Ids and contents stay; the slip printed for them shows the case number, not the sequence.
    Returns the new epoch, or None when another sync already did this.
    """
    with store.write() as s:
        conn = s.connection()
        moving = conn.exec_driver_sql(
            "SELECT r.id, r.device_id, r.seq, r.kind, r.created_at, r.content_hash, r.case_id, "
            "r.payload_version, o.state "
            "FROM records r LEFT JOIN outbox o ON o.record_id = r.id "
            "WHERE r.epoch > ? OR (r.epoch = ? AND r.seq >= ?) ORDER BY r.epoch, r.seq",
            (from_epoch, from_epoch, from_seq),
        ).fetchall()
        if not any(m[-1] == "pending" for m in moving):
            return None
        if (
            conn.exec_driver_sql(
                "SELECT 1 FROM records WHERE epoch = ? AND seq = ?", (from_epoch, from_seq)
            ).first()
            is None
        ):
            return None  # already moved by a concurrent sync
        acked = [m[0] for m in moving if m[-1] is None]
        if acked:
            raise CounterError(
                "sync.restamp_acked",
                f"记录 {acked[0]} 已被中心确认，却位于需要换纪元的位置；同步已停止，"
                "请联系技术支持（本机数据未改动）",
            )
        prev = conn.exec_driver_sql(
            "SELECT chain_hash FROM records WHERE epoch < ? OR (epoch = ? AND seq < ?) "
            "ORDER BY epoch DESC, seq DESC LIMIT 1",
            (from_epoch, from_epoch, from_seq),
        ).scalar()
        prev = prev or record_log.GENESIS
        local_epoch = Settings.epoch.get(s)
        new_epoch = max(local_epoch, server_max_epoch, from_epoch) + 1
        updates = []
        for rid, device, seq, kind, created, digest, case_id, version, _state in moving:
            link = record_log.chain_hash(
                prev, rid, device, new_epoch, seq, kind, created, digest, case_id, version
            )
            updates.append((new_epoch, prev, link, rid))
            prev = link
        conn.exec_driver_sql(
            "UPDATE records SET epoch = ?, prev_hash = ?, chain_hash = ? WHERE id = ?", updates
        )
        Settings.epoch.set(s, new_epoch)
        crashpoint("mid_restamp")
    return new_epoch
