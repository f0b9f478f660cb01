"""At every sync, before anything is pushed: does this store still hold the chain the central
database holds for this device?

The central returns, per epoch, the highest sequence it holds and that record's id and chain
hash (``counter.chain_tips``), and the same at the few other sequence numbers asked for
(``counter.chain_at``). The rules (docs/tamper-evidence.md):

- a local record the central also holds (same device, epoch, seq and id) must have the same
  chain hash; the chain hash covers every record before it, so one comparison at the highest
  such sequence covers them all (``rewritten``);
- a local record at a sequence the central holds under another id is legitimate only while it
  is in the outbox (never acknowledged as stored): a restored backup reusing numbers, which the push answers ``seq_reuse``
  and the restamp moves to a new epoch. An acknowledged one cannot differ (``rewritten``);
- local records that end before the central's highest sequence of an epoch are a restored
  backup when this store never had the missing ones acknowledged; when its own marker says the
  central acknowledged them (SyncState.acknowledged), they were deleted (``deleted``);
- the local record at the marker's sequence must still carry the marker's chain hash.

A finding stops the sync with one line saying what was found; the central is told
(``counter.note_tamper``, shown by ``counter central report``) and nothing is pushed or pulled.
Records above everything acknowledged that lost their outbox entry are put back in the outbox
(and the central told), so they are still delivered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg

from app.models.db import Store
from app.services.sync_state import SyncState
from app.sync import outbox
from app.sync.connection import CentralConnection, central_too_old
from app.sync.session import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Point:
    epoch: int
    seq: int
    id: str
    chain_hash: str


@dataclass(frozen=True)
class AnchorFinding:
    kind: str  # rewritten | deleted
    epoch: int
    seq: int
    what: str


def _central(
    cc: CentralConnection, session: Session, wanted: Sequence[tuple[int, int]]
) -> tuple[list[Point], dict[tuple[int, int], Point]]:
    try:
        with cc.guard() as conn:
            tips = [
                Point(int(e), int(q), str(i), str(h))
                for e, q, i, h in conn.execute(
                    "SELECT * FROM counter.chain_tips(%s)", (session.device_id,)
                )
            ]
            at: dict[tuple[int, int], Point] = {}
            if wanted:
                for e, q, i, h in conn.execute(
                    "SELECT * FROM counter.chain_at(%s, %s::integer[], %s::bigint[])",
                    (session.device_id, [w[0] for w in wanted], [w[1] for w in wanted]),
                ):
                    at[(int(e), int(q))] = Point(int(e), int(q), str(i), str(h))
            conn.commit()
    except psycopg.errors.UndefinedFunction as exc:
        raise central_too_old("记录链核对") from exc
    return tips, at


def _local(store: Store) -> tuple[dict[int, int], dict[str, list[object]] | None]:
    with store.read() as s:
        last = {
            int(e): int(q)
            for e, q in s.connection().exec_driver_sql(
                "SELECT epoch, max(seq) FROM records GROUP BY epoch"
            )
            if type(e) is int and type(q) is int
        }
        marker = SyncState.acknowledged.get(s)
    return last, (None if marker is None else {k: list(v) for k, v in marker.items()})


def _local_at(
    store: Store, points: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], tuple[str, str, bool]]:
    """(epoch, seq) -> (id, chain_hash, still in the outbox: not acknowledged as stored)."""
    out: dict[tuple[int, int], tuple[str, str, bool]] = {}
    with store.read() as s:
        conn = s.connection()
        for epoch, seq in points:
            row = conn.exec_driver_sql(
                "SELECT r.id, r.chain_hash, o.state FROM records r "
                "LEFT JOIN outbox o ON o.record_id = r.id WHERE r.epoch = ? AND r.seq = ?",
                (epoch, seq),
            ).first()
            if row is not None:
                out[(epoch, seq)] = (str(row[0]), str(row[1]), row[2] is not None)
    return out


def check(
    cc: CentralConnection, store: Store, session: Session
) -> tuple[list[AnchorFinding], list[Point]]:
    """What this store's records say against the central's chain (empty when all agrees), and
    the central's tips. Also records the marker for epochs that have none yet (a store from
    before it)."""
    last, marker = _local(store)
    known = marker or {}
    first_tips, _ = _central(cc, session, ())
    wanted: set[tuple[int, int]] = set()
    for tip in first_tips:
        wanted.add((tip.epoch, tip.seq))
        if str(tip.epoch) in known:
            wanted.add((tip.epoch, int(known[str(tip.epoch)][0])))  # type: ignore[call-overload]
        if tip.epoch in last and last[tip.epoch] < tip.seq:
            wanted.add((tip.epoch, last[tip.epoch]))
    for key, value in known.items():
        wanted.add((int(key), int(value[0])))  # type: ignore[call-overload]
    points = sorted(wanted)
    tips, central = _central(cc, session, points)
    local = _local_at(store, points)
    found: list[AnchorFinding] = []
    for epoch, seq in points:
        c, mine = central.get((epoch, seq)), local.get((epoch, seq))
        if c is None or mine is None:
            continue
        if mine[0] == c.id and mine[1] != c.chain_hash:
            found.append(
                AnchorFinding(
                    "rewritten",
                    epoch,
                    seq,
                    f"纪元 {epoch} 第 {seq} 号记录 {c.id} 与中心数据库所存的不同（链哈希 "
                    f"{mine[1][:12]}… ≠ {c.chain_hash[:12]}…）：已上传的记录被改写",
                )
            )
        elif mine[0] != c.id and not mine[2]:
            found.append(
                AnchorFinding(
                    "rewritten",
                    epoch,
                    seq,
                    f"纪元 {epoch} 第 {seq} 号在本机是记录 {mine[0]}，中心数据库所存的是 {c.id}，"
                    "而本机这条并不在待传队列中：已上传的记录被替换",
                )
            )
    for key, value in sorted(known.items(), key=lambda kv: int(kv[0])):
        epoch, seq, chain = int(key), int(value[0]), str(value[1])  # type: ignore[call-overload]
        have = last.get(epoch)
        if have is None or have < seq:
            found.append(
                AnchorFinding(
                    "deleted",
                    epoch,
                    seq,
                    f"纪元 {epoch}：中心数据库已确认到第 {seq} 号，本机记录只到"
                    f"{'第 ' + str(have) + ' 号' if have else '（没有记录）'}：已上传的记录被删除"
                    "（从备份恢复不会这样：备份里的确认标记同样更早）",
                )
            )
        elif (mine := local.get((epoch, seq))) is not None and mine[1] != chain:
            found.append(
                AnchorFinding(
                    "rewritten",
                    epoch,
                    seq,
                    f"纪元 {epoch} 第 {seq} 号记录 {mine[0]} 的链哈希与中心确认时不同：已上传的记录被改写",
                )
            )
    if not found:
        _remember_tips(store, tips, local)
    return found, tips


def _remember_tips(
    store: Store, tips: Sequence[Point], local: dict[tuple[int, int], tuple[str, str, bool]]
) -> None:
    """Record the marker where the central's tip is a record this store holds identically (a
    store from before the marker, or an answer lost after the central committed)."""
    tops = [
        (t.epoch, t.seq, t.chain_hash)
        for t in tips
        if (mine := local.get((t.epoch, t.seq))) is not None
        and mine[0] == t.id
        and mine[1] == t.chain_hash
    ]
    if not tops:
        return
    with store.write() as s:
        outbox.advance_acknowledged(s, tops)


def requeue_dropped(store: Store, tips: Sequence[Point] | None = None) -> int:
    """Records above everything acknowledged (the marker and the central's tip) that have no
    outbox entry: put back, so they are delivered. None when the store has no marker yet."""
    with store.read() as s:
        marker = SyncState.acknowledged.get(s)
    if marker is None:
        return 0
    floors = {int(k): int(v[0]) for k, v in marker.items()}
    for t in tips or ():
        floors[t.epoch] = max(floors.get(t.epoch, 0), t.seq)
    ranges: dict[int, list[tuple[int, int]]] = {}
    with store.read() as s:
        conn = s.connection()
        epochs = [
            e
            for (e,) in conn.exec_driver_sql("SELECT DISTINCT epoch FROM records")
            if type(e) is int
        ]
        for epoch in epochs:  # only above the floor: an index range, not the whole store
            for (seq,) in conn.exec_driver_sql(
                "SELECT r.seq FROM records r WHERE r.epoch = ? AND r.seq > ? AND NOT EXISTS "
                "(SELECT 1 FROM outbox o WHERE o.record_id = r.id)",
                (epoch, floors.get(epoch, 0)),
            ):
                if type(seq) is int:
                    ranges.setdefault(epoch, []).append((seq, seq))
    return sum(outbox.requeue(store, epoch, spans) for epoch, spans in ranges.items())


def note(cc: CentralConnection, session: Session, reason: str, detail: str) -> None:
    """Tell the central what this window found (counter.refusals); best effort."""
    try:
        with cc.guard() as conn:
            conn.execute(
                "SELECT counter.note_tamper(%s, %s, %s)", (session.device_id, reason, detail)
            )
            conn.commit()
    except (psycopg.Error, OSError):
        log.warning("could not tell the central database about %s", reason, exc_info=True)
