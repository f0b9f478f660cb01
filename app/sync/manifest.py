"""Day close: a manifest per (day, epoch) of what the window recorded, checked centrally.

The day is the window's local date as written in each record's ``created_at`` (so a window whose
clock is off still agrees with the centre about which day a record belongs to). A manifest
carries the count, the sequence range and a digest over ``id:content_hash`` lines in sequence
order; ``counter.check_manifest`` recomputes the same from what arrived and names missing ranges.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from app.models.db import Store
from app.sync.connection import CentralConnection
from app.sync.session import Session


@dataclass(frozen=True)
class DayManifest:
    day: str  # YYYY-MM-DD
    epoch: int
    count: int
    first_seq: int
    last_seq: int
    digest: str

    @property
    def key(self) -> str:
        return f"{self.day}/{self.epoch}"


@dataclass(frozen=True)
class ManifestResult:
    day: str
    epoch: int
    count: int
    status: str  # verified | missing | mismatch
    server_count: int
    missing: tuple[tuple[int, int], ...]
    extra: int  # records the centre holds for that day beyond the window's range (a restore)

    @property
    def verified(self) -> bool:
        return self.status == "verified"


class _Acc:
    __slots__ = ("count", "first", "hasher", "last")

    def __init__(self, seq: int) -> None:
        self.count, self.first, self.last = 0, seq, seq
        self.hasher = hashlib.sha256()


def local_manifests(store: Store) -> list[DayManifest]:
    """Every (day, epoch) of the local records, in order. One pass over the records.

    A record whose date or numbers are damaged belongs to no day; it is left out here (the
    push has already sent it to quarantine, where the centre keeps it)."""
    groups: dict[tuple[str, int], _Acc] = {}
    raw = store.engine.raw_connection()
    try:
        cur = raw.driver_connection.execute(  # type: ignore[union-attr]
            "SELECT substr(created_at, 1, 10), epoch, seq, id, content_hash FROM records "
            "ORDER BY epoch, seq"
        )
        for day, epoch, seq, rid, digest in cur:
            if type(epoch) is not int or type(seq) is not int or not _is_day(day):
                continue
            acc = groups.get((day, epoch))
            if acc is None:
                acc = groups[(day, epoch)] = _Acc(seq)
            line = f"{rid}:{digest}" if acc.count == 0 else f"\n{rid}:{digest}"
            acc.hasher.update(line.encode("utf-8"))
            acc.count += 1
            acc.last = seq
    finally:
        raw.close()
    return [
        DayManifest(day, epoch, a.count, a.first, a.last, a.hasher.hexdigest())
        for (day, epoch), a in sorted(groups.items())
    ]


def _is_day(value: object) -> bool:
    try:
        date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def check(cc: CentralConnection, session: Session, m: DayManifest) -> ManifestResult:
    with cc.guard() as conn:
        row = conn.execute(
            "SELECT * FROM counter.check_manifest(%s, %s, %s, %s, %s, %s, %s)",
            (
                session.device_id,
                date.fromisoformat(m.day),
                m.epoch,
                m.count,
                m.first_seq,
                m.last_seq,
                m.digest,
            ),
        ).fetchone()
        conn.commit()
    assert row is not None
    status, server_count, missing, extra = row
    return ManifestResult(
        m.day, m.epoch, m.count, status, server_count, parse_ranges(missing), extra
    )


def parse_ranges(text: str | None) -> tuple[tuple[int, int], ...]:
    if not text:
        return ()
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.append((int(lo), int(hi or lo)))
    return tuple(out)
