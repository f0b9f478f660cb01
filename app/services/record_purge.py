"""Purging the personal fields of a case's records and its ``cases`` row (docs/data-at-rest.md).

The chain hash of a record covers its ``content_hash``, not the payload, so a payload can be
replaced by a redacted one and every hash, the chain and the central's anchor stay as they
were. Each personal text becomes ``"purged:"`` and its HMAC-SHA256 keyed from the store key:
a text still, so whatever reads a case keeps working; an administrator holding a person's
details can still show that a purged record was theirs; and the ``cases`` row, redacted by the
same function, still equals what its redacted records say. A chained ``purge`` record, appended in the same transaction,
names every redacted record with its ``content_hash`` and the digest of its redacted payload:
``log verify`` accepts a payload that no longer hashes to its ``content_hash`` only when a
later purge record says exactly that (record_log.purged_digests).

Only records the central database has acknowledged are redacted (at or below the
"acknowledged up to" marker and out of the outbox): the central holds the originals, and no
push or re-queue will ever send a redacted payload (outbox.requeue skips them).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import CounterError
from app.models.db import Store
from app.models.schema import Case, Record
from app.services import record_log
from app.services.sync_state import SyncState

PURPOSE = "purged fields"
KIND = "purge"
MARK = "purged_on"  # top level of a redacted payload: the day it was redacted
# The keys that hold a person (whole) or a masked ID number with its check value.
PERSONAL = frozenset(
    ("applicant", "agent", "collector", "applicant_id", "agent_id", "collector_id", "legal_rep")
)
PARTY_VALUES = ("name", "id_number", "phone", "legal_rep")
KEEP = frozenset(("kind", "id_type"))  # a party's kind and document type name no one
PREFIX = "purged:"
CASE_FIELDS = ("applicant", "agent", "answers", "reason")
_SHORTEST = 2  # a one-character value would redact every text that happens to contain it


@dataclass(frozen=True)
class CasePurge:
    case_id: str
    case_no: str
    records: int
    fields: list[str]


def purgeable(s: Session, case_ids: Iterable[str]) -> list[str]:
    """Of these cases, those whose personal data can go: every record acknowledged by the
    central (at or below the marker of its epoch) and none purged before."""
    marker = {int(k): int(v[0]) for k, v in (SyncState.acknowledged.get(s) or {}).items()}
    done = set(s.scalars(select(Record.case_id).where(Record.kind == KIND)))
    out = []
    for cid in case_ids:
        if cid in done:
            continue
        rows = s.execute(select(Record.epoch, Record.seq).where(Record.case_id == cid)).all()
        if rows and all(seq <= marker.get(epoch, 0) for epoch, seq in rows):
            out.append(cid)
    return out


def purge_cases(
    store: Store,
    key: bytes,
    case_ids: Iterable[str],
    *,
    cutoff: date,
    years: int,
    by: str,
    now: datetime,
) -> list[CasePurge]:
    """Redact the cases (those ``purgeable`` still) in one transaction, a purge record each."""
    done: list[CasePurge] = []
    with store.write() as s:
        # Freed pages are overwritten, so the old values are not left in the file's free space.
        s.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        for cid in purgeable(s, case_ids):
            done.append(_purge_case(s, key, cid, cutoff, years, by, now))
        # The pooled connection goes back as it was: everyday writes need no overwriting.
        s.connection().exec_driver_sql("PRAGMA secure_delete = OFF")
    with store.engine.connect() as conn:  # the WAL's copies of the old pages too
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return done


def _purge_case(
    s: Session, key: bytes, cid: str, cutoff: date, years: int, by: str, now: datetime
) -> CasePurge:
    case = s.get(Case, cid)
    records = list(s.scalars(select(Record).where(Record.case_id == cid).order_by(Record.seq)))
    payloads = [record_log.payload_of(r) for r in records]
    found = secrets(
        [*payloads, {"applicant": case and case.applicant, "agent": case and case.agent}]
    )
    named = []
    for r, p in zip(records, payloads, strict=True):
        fields: list[str] = []
        redacted = redact(p, key, found, fields)
        if not fields:
            continue
        body = record_log.canonical({**redacted, MARK: now.date().isoformat()})
        r.payload = body
        named.append(
            {
                "id": r.id,
                "content_hash": r.content_hash,
                "redacted_hash": record_log.content_hash(body),
                "fields": sorted(set(fields)),
            }
        )
    case_fields: list[str] = []
    case_no = case.case_no if case else ""
    if case is not None:
        for col in CASE_FIELDS:
            # Wrapped, so a party is recognised as in the payloads: the row equals its records.
            wrapped = redact({col: getattr(case, col)}, key, found, case_fields, "cases")
            setattr(case, col, wrapped[col])
    s.flush()
    record_log.append(
        s,
        KIND,
        {
            "case_no": case_no,
            "cutoff": cutoff.isoformat(),
            "years": years,
            "by": by,
            "records": named,
            "case_fields": sorted(set(case_fields)),
        },
        case_id=cid,
        now=now,
    )
    return CasePurge(cid, case_no, len(named), sorted({f for n in named for f in n["fields"]}))


def secrets(payloads: Iterable[dict[str, Any]]) -> set[str]:
    """The identifying values of every party the payloads name: free text holding one of them
    is redacted too."""
    found: set[str] = set()
    for p in payloads:
        for who in ("applicant", "agent", "collector"):
            party = p.get(who)
            if isinstance(party, dict):
                found.update(
                    v.strip()
                    for k in PARTY_VALUES
                    if isinstance(v := party.get(k), str) and len(v.strip()) >= _SHORTEST
                )
    return found


def digest(key: bytes, value: Any) -> str:
    return hmac.new(key, record_log.canonical({"v": value}).encode(), hashlib.sha256).hexdigest()


def is_purged(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def redact(
    value: Any,
    key: bytes,
    found: set[str],
    fields: list[str],
    path: str = "$",
    personal: bool = False,
) -> Any:
    """``value`` with each personal text replaced by ``purged:`` and its keyed digest: every
    text of a party (but what kind of party and document it is), and any other text holding
    one of ``found``. Texts stay texts, so whatever reads a case still reads it. The JSON paths
    of what was replaced are added to ``fields`` (list positions as ``[]``)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            inner = personal or k in PERSONAL
            if personal and k in KEEP:
                out[k] = v
            else:
                out[k] = redact(v, key, found, fields, f"{path}.{k}", inner)
        return out
    if isinstance(value, list):
        return [redact(v, key, found, fields, f"{path}[]", personal) for v in value]
    if (
        isinstance(value, str)
        and not is_purged(value)
        and (personal or any(f in value for f in found))
    ):
        fields.append(path)
        return PREFIX + digest(key, value)
    return value


def purged_on(payload: dict[str, Any]) -> str | None:
    mark = payload.get(MARK)
    return mark if isinstance(mark, str) else None


def purged_date(s: Session, case_no: str) -> str | None:
    """The day the personal data of this case was purged (its purge record's), or None."""
    at = s.scalar(
        select(Record.created_at)
        .join(Case, Case.id == Record.case_id)
        .where(Case.case_no == case_no.strip().upper(), Record.kind == KIND)
        .limit(1)
    )
    return None if at is None else str(at)[:10]


PURGED_PRINT = (
    "办件 {case_no} 的个人信息已于 {day} 按保存年限清除，留存的文书也已删除，不能再打印；"
    "原始记录保存在中心数据库"
)


def refuse_if_purged(store: Store, case_no: str) -> None:
    """A slip made again from a purged case would print digests for names: refuse it."""
    with store.read() as s:
        day = purged_date(s, case_no)
    if day is not None:
        raise CounterError(
            "print.purged", PURGED_PRINT.format(case_no=case_no.strip().upper(), day=day)
        )
