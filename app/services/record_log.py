"""The service-process record (服务过程全记录): append-only, hash-chained, outboxed.

Every interaction at the window becomes one ``records`` row in the caller's transaction,
together with its ``outbox`` entry, so the record and the promise to deliver it commit together
(before any slip prints). Each row carries the hash of the one before it: editing, deleting or
inserting a row directly in the database breaks the chain, and ``verify_chain`` names the first
row where it breaks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.orm import Session

from app.core.uuid7 import uuid7
from app.models.schema import Counter, Outbox, Record
from app.services import visit_share
from app.services.settings import Settings

PAYLOAD_VERSION = 1
GENESIS = "0" * 64
SEQ_COUNTER = "records.seq"

KINDS = (
    "consultation",
    "intake",
    "supplement",
    "transfer",
    "pickup",
    "complaint",
    "review",
    "case_status",
    "ticket",
    "promise",
    "archive",  # a case filed: its volume number and package digest (services/archive.py)
    "archive_handover",  # a filed volume handed over to the central (sync/archive_handover.py)
    "purge",  # a case's personal fields redacted past the retention period (record_purge.py)
    "post_absence",  # an account marked absent or back, for A/B cover (services/posts.py)
)


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )


def content_hash(payload_json: str) -> str:
    return hashlib.sha256(payload_json.encode("utf-8")).hexdigest()


def chain_hash(
    prev: str,
    record_id: str,
    device_id: str,
    epoch: int,
    seq: int,
    kind: str,
    created_at: str,
    content: str,
    case_id: str | None = None,
    payload_version: int = PAYLOAD_VERSION,
) -> str:
    """Every column of the row but the hash itself, so no column can change unnoticed."""
    body = "|".join(
        (
            prev,
            record_id,
            device_id,
            str(epoch),
            str(seq),
            kind,
            created_at,
            content,
            case_id or "",
            str(payload_version),
        )
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_COUNTERS = cast(Table, Counter.__table__)
_RECORDS = cast(Table, Record.__table__)
_OUTBOX = cast(Table, Outbox.__table__)
# One statement each, built once: the counter's increment returns the new value, the chain's
# tip is one probe of ix_records_epoch_seq, the record and its outbox entry are plain inserts
# (SQLAlchemy Core: the ORM's unit of work cost more than the disk on every intake).
_NEXT = (
    upsert(_COUNTERS)
    .values(name=bindparam("name"), value=1)
    .on_conflict_do_update(index_elements=[_COUNTERS.c.name], set_={"value": _COUNTERS.c.value + 1})
    .returning(_COUNTERS.c.value)
)
_TIP = (
    select(_RECORDS.c.chain_hash).order_by(_RECORDS.c.epoch.desc(), _RECORDS.c.seq.desc()).limit(1)
)
_INSERT_RECORD = insert(_RECORDS)
_INSERT_OUTBOX = insert(_OUTBOX)


def next_counter(s: Session, name: str) -> int:
    """Increment a gap-free counter inside the caller's (write) transaction: one statement."""
    value: int = s.connection().execute(_NEXT, {"name": name}).scalar_one()
    return value


def day_range(day: date) -> tuple[Any, Any]:
    """The records of one local day: created_at begins with the date, so a range of text that
    an index on created_at answers (``LIKE 'day%'`` is not one)."""
    return (
        Record.created_at >= day.isoformat(),
        Record.created_at < (day + timedelta(days=1)).isoformat(),
    )


@dataclass(frozen=True)
class RecordRef:
    id: str
    seq: int
    kind: str
    created_at: str


def append(
    s: Session,
    kind: str,
    payload: dict[str, Any],
    *,
    case_id: str | None = None,
    now: datetime | None = None,
) -> RecordRef:
    """Append one record and its outbox entry in the caller's write transaction."""
    if kind not in KINDS:
        raise ValueError(f"unknown record kind {kind!r}")
    device_id = Settings.device_id.get(s)
    if device_id is None:
        raise RuntimeError("device id missing: the store was not opened through bootstrap")
    epoch = Settings.epoch.get(s)
    # What the centre's other windows need of a visit (masked IDs with check values, the
    # catalog by hash): see services/visit_share.py.
    payload = visit_share.enrich(s, kind, payload, case_id)
    # Every record names the window it was made at (and is hashed with it).
    payload = {
        "centre": Settings.centre_code.get(s),
        "window": Settings.window_code.get(s),
        **payload,
    }
    s.flush()  # what the caller changed through the ORM goes first, as an autoflush did
    conn = s.connection()
    seq = next_counter(s, SEQ_COUNTER)
    created = (now or datetime.now().astimezone()).isoformat(timespec="milliseconds")
    prev = conn.execute(_TIP).scalar() or GENESIS
    body = canonical(payload)
    digest = content_hash(body)
    rid = str(uuid7())
    conn.execute(
        _INSERT_RECORD,
        {
            "id": rid,
            "device_id": device_id,
            "epoch": epoch,
            "seq": seq,
            "kind": kind,
            "created_at": created,
            "payload_version": PAYLOAD_VERSION,
            "payload": body,
            "content_hash": digest,
            "prev_hash": prev,
            "chain_hash": chain_hash(
                prev, rid, device_id, epoch, seq, kind, created, digest, case_id, PAYLOAD_VERSION
            ),
            "case_id": case_id,
        },
    )
    conn.execute(
        _INSERT_OUTBOX,
        {
            "record_id": rid,
            "seq": seq,
            "state": "pending",
            "attempts": 0,
            "last_error": None,
            "enqueued_at": datetime.now(),
        },
    )
    return RecordRef(rid, seq, kind, created)


@dataclass(frozen=True)
class ChainBreak:
    record_id: str
    seq: int
    reason: str  # changed | damaged | removed-before | removed-after | inserted | sequence
    device_id: str = ""
    epoch: int = 0


# The columns of a record, read as bytes: a damaged row (text that is not UTF-8) is then named
# instead of stopping the walk with a decoding error that quotes its payload.
_COLUMNS = (
    "id",
    "device_id",
    "epoch",
    "seq",
    "kind",
    "created_at",
    "payload_version",
    "payload",
    "content_hash",
    "prev_hash",
    "chain_hash",
    "case_id",
)
_TEXT = {
    "id",
    "device_id",
    "kind",
    "created_at",
    "payload",
    "content_hash",
    "prev_hash",
    "chain_hash",
    "case_id",
}


@dataclass(frozen=True)
class Checkpoint:
    """The last record of a walk that found nothing wrong: a later walk can start after it."""

    epoch: int
    seq: int
    record_id: str
    chain: str

    def to_json(self) -> dict[str, Any]:
        return {"epoch": self.epoch, "seq": self.seq, "id": self.record_id, "chain": self.chain}

    @classmethod
    def from_json(cls, value: Any) -> Checkpoint | None:
        try:
            return cls(int(value["epoch"]), int(value["seq"]), str(value["id"]), value["chain"])
        except (TypeError, KeyError, ValueError):
            return None


def verify_chain(s: Session) -> ChainBreak | None:
    """Walk the records in order; the first that does not fit is named, else None."""
    return next(chain_breaks(s), None)


def tip(s: Session) -> Checkpoint | None:
    """The newest record, as a checkpoint."""
    row = s.execute(
        select(Record.epoch, Record.seq, Record.id, Record.chain_hash)
        .order_by(Record.epoch.desc(), Record.seq.desc())
        .limit(1)
    ).first()
    return None if row is None else Checkpoint(int(row[0]), int(row[1]), row[2], row[3])


def checkpoint_holds(s: Session, since: Checkpoint) -> bool:
    """The checkpoint's record is still there with the chain hash it had (one index probe)."""
    row = s.execute(
        select(Record.id, Record.chain_hash).where(
            Record.epoch == since.epoch, Record.seq == since.seq
        )
    ).first()
    return row is not None and (row[0], row[1]) == (since.record_id, since.chain)


def chain_breaks(s: Session, since: Checkpoint | None = None) -> Iterator[ChainBreak]:
    """Every record that does not fit, in order; the walk goes on past each one (a changed or
    damaged record's successor is checked against the hash the record carries). With
    ``since`` (a checkpoint that holds, see ``checkpoint_holds``) only the records after it
    are walked: the cost of the records made since, not of the whole history."""
    purged = purged_digests(s)
    prev = since.chain if since else GENESIS
    expected_seq: int | None = since.seq + 1 if since else None
    last: tuple[str, int] | None = (since.record_id, since.seq) if since else None
    for raw in _ordered_raw(s, (since.epoch, since.seq) if since else None):
        row = _decoded(raw)
        rid = _label(raw["id"])
        seq, device, epoch = int(raw["seq"]), _label(raw["device_id"]), int(raw["epoch"])
        stored_chain = _label(raw["chain_hash"])

        def brk(
            reason: str, rid: str = rid, seq: int = seq, device: str = device, epoch: int = epoch
        ) -> ChainBreak:
            return ChainBreak(rid, seq, reason, device, epoch)

        if row is None:
            yield brk("damaged")
        elif not _payload_holds(row, hashlib.sha256(raw["payload"]).hexdigest(), purged) or row[
            "chain_hash"
        ] != chain_hash(
            row["prev_hash"],
            row["id"],
            row["device_id"],
            row["epoch"],
            row["seq"],
            row["kind"],
            row["created_at"],
            row["content_hash"],
            row["case_id"],
            row["payload_version"],
        ):
            yield brk("changed")
        elif row["prev_hash"] != prev:
            # A row whose predecessor is not the row before it: either a row before it was
            # removed (the sequence has a gap) or it was inserted (no gap, wrong link).
            gap = expected_seq is not None and seq > expected_seq
            yield brk("removed-before" if gap else "inserted")
        elif expected_seq is not None and seq != expected_seq:
            yield brk("sequence")
        prev = stored_chain
        expected_seq = seq + 1
        last = (rid, seq)
    if since is not None:  # records purged since the checkpoint, though made before it
        yield from _purged_before(s, since, purged)
    # Rows removed from the end leave no gap behind them: the sequence counter still knows how
    # many records were made.
    made = s.scalar(select(Counter.value).where(Counter.name == SEQ_COUNTER)) or 0
    if made and (expected_seq or 1) - 1 < made:
        tip = last if last is not None else ("", 0)
        yield ChainBreak(tip[0], made, "removed-after")


@dataclass(frozen=True)
class Purged:
    content_hash: str  # the original payload's, which the chain covers
    redacted_hash: str  # the payload's now
    at: tuple[int, int]  # (epoch, seq) of the purge record


def purged_digests(s: Session) -> dict[str, Purged]:
    """What the purge records say of the records they redacted, by record id."""
    out: dict[str, Purged] = {}
    rows = s.execute(
        select(Record.epoch, Record.seq, Record.payload).where(Record.kind == "purge")
    ).all()
    for epoch, seq, body in rows:
        try:
            named = json.loads(body).get("records") or []
            for n in named:
                out[str(n["id"])] = Purged(
                    str(n["content_hash"]), str(n["redacted_hash"]), (epoch, seq)
                )
        except (TypeError, ValueError, KeyError, AttributeError):
            continue  # a damaged purge record: the walk names it, and names what it covered
    return out


def _payload_holds(row: dict[str, Any], digest: str, purged: dict[str, Purged]) -> bool:
    """The payload is the one the chain covers, or the redacted one a later purge record
    names for it."""
    if digest == row["content_hash"]:
        return True
    p = purged.get(row["id"])
    return (
        p is not None
        and p.content_hash == row["content_hash"]
        and p.redacted_hash == digest
        and (row["epoch"], row["seq"]) < p.at
    )


def _purged_before(
    s: Session, since: Checkpoint, purged: dict[str, Purged]
) -> Iterator[ChainBreak]:
    """An incremental walk skips the records before its checkpoint: those a purge made since
    redacted are checked here against what the purge record says."""
    for rid, p in purged.items():
        if p.at <= (since.epoch, since.seq):
            continue
        row = s.execute(
            select(
                Record.id,
                Record.device_id,
                Record.epoch,
                Record.seq,
                Record.content_hash,
                Record.payload,
            ).where(Record.id == rid)
        ).first()
        if row is None or (row.epoch, row.seq) > (since.epoch, since.seq):
            continue  # walked already, or gone (the walk names the gap)
        digest = hashlib.sha256(row.payload.encode("utf-8")).hexdigest()
        fields = {"id": row.id, "epoch": row.epoch, "seq": row.seq}
        if not _payload_holds({**fields, "content_hash": row.content_hash}, digest, purged):
            yield ChainBreak(row.id, row.seq, "changed", row.device_id, row.epoch)


def purged_count(s: Session) -> int:
    """Records whose personal fields a purge record names as redacted."""
    return len(purged_digests(s))


def _ordered_raw(s: Session, after: tuple[int, int] | None = None) -> Iterator[dict[str, Any]]:
    from sqlalchemy import LargeBinary, cast, tuple_

    cols = [
        cast(getattr(Record, c), LargeBinary).label(c) if c in _TEXT else getattr(Record, c)
        for c in _COLUMNS
    ]
    query = select(*cols)
    if after is not None:  # (epoch, seq) after the checkpoint: a range of ix_records_epoch_seq
        query = query.where(tuple_(Record.epoch, Record.seq) > after)
    result = s.execute(query.order_by(Record.epoch, Record.seq).execution_options(yield_per=1000))
    for r in result:
        yield dict(r._mapping)


def _decoded(raw: dict[str, Any]) -> dict[str, Any] | None:
    """The row as the model reads it, or None when a text column is not UTF-8."""
    try:
        return {
            k: (v.decode("utf-8") if isinstance(v, bytes) and k in _TEXT else v)
            for k, v in raw.items()
        }
    except UnicodeDecodeError:
        return None


def _label(value: Any) -> str:
    """An identifier column for a message: never more than an id's worth of text."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value or "")[:64]


def payload_of(record: Record) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(record.payload)
    return payload
