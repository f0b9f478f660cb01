"""Everything ``counter log verify`` checks, one finding per problem.

The hash chain (record_log.chain_breaks) proves the records are consistent with one another,
not that they are the ones the window made: whoever holds the disk can rewrite them and
recompute every hash. What this module adds is checked against other evidence in the store:

- the "acknowledged up to" marker (SyncState.acknowledged, written in the transaction that
  clears outbox entries): the records the central database acknowledged must still be there,
  ending in the chain hash it acknowledged;
- the outbox: a record above that marker has not been acknowledged, so it must still have its
  outbox entry (else it would never be delivered);
- the cases: every ``cases`` row is what its records say (the projection below replays them).

See docs/tamper-evidence.md for what this can and cannot find.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from app.core.cases import CaseState
from app.models.schema import Case, Record
from app.services import record_log
from app.services.settings import Var
from app.services.sync_state import SyncState


@dataclass(frozen=True)
class Finding:
    kind: str  # changed | damaged | removed-before | inserted | sequence | removed-after |
    #            acknowledged-missing | acknowledged-changed | outbox-missing |
    #            case-differs | case-missing | case-unrecorded
    where: str  # device/epoch/seq, or the case number
    what: str  # one line, Chinese, what differs


_CHAIN_WHAT = {
    "changed": "被修改",
    "damaged": "已损坏，无法读取",
    "removed-before": "之前的记录被删除",
    "inserted": "是插入的或其前一条被替换",
    "sequence": "序号不连续",
}


# Where the last verification that found nothing stopped (record_log.Checkpoint as JSON), and
# when: an everyday verification starts there. A setting of its own (a few dozen bytes).
VERIFIED = Var[dict[str, Any] | None](
    "log.verified", None, "上次核验无误时的最后一条记录（增量核验从此开始）"
)


@dataclass(frozen=True)
class Scope:
    """What a verification covers: everything (``since`` None), or the records after a
    checkpoint, the cases they touch and the cases changed since it was taken."""

    since: record_log.Checkpoint | None = None
    changed_since: datetime | None = None

    @property
    def full(self) -> bool:
        return self.since is None


def scope(s: Session, full: bool = False) -> Scope:
    """The everyday scope: from the last checkpoint when it still holds, else everything."""
    if full:
        return Scope()
    saved = VERIFIED.get(s) or {}
    since = record_log.Checkpoint.from_json(saved)
    if since is None or not record_log.checkpoint_holds(s, since):
        return Scope()  # no checkpoint, or its record changed: walk everything
    try:
        at = datetime.fromisoformat(saved["at"])
    except (KeyError, TypeError, ValueError):
        return Scope()
    return Scope(since, at)


def save_checkpoint(s: Session, now: datetime) -> None:
    """After a verification that found nothing: the next one starts after today's tip."""
    tip = record_log.tip(s)
    VERIFIED.set(s, None if tip is None else {**tip.to_json(), "at": now.isoformat()})


def findings(s: Session, where: Scope | None = None) -> Iterator[Finding]:
    """Every problem of the store, the chain first, then the marker, outbox and cases; with a
    checkpoint's scope, of what was added or changed since it."""
    where = where or Scope()
    for b in record_log.chain_breaks(s, where.since):
        if b.reason == "removed-after":
            yield Finding(
                b.reason,
                f"序号 {b.seq}",
                f"记录链断裂：共应有 {b.seq} 条记录，最后一条现存记录 "
                f"{b.record_id or '（无）'} 之后的记录被删除",
            )
        else:
            yield Finding(
                b.reason,
                f"设备 {b.device_id}/纪元 {b.epoch}/序号 {b.seq}",
                f"记录链断裂：第 {b.seq} 号记录 {b.record_id}{_CHAIN_WHAT[b.reason]}",
            )
    yield from acknowledged_findings(s)
    yield from outbox_findings(s, where.since)
    yield from case_findings(s, None if where.full else _cases_since(s, where))


def _cases_since(s: Session, where: Scope) -> set[str]:
    """The cases a record after the checkpoint names, and those whose row changed since."""
    assert where.since is not None
    after = (where.since.epoch, where.since.seq)
    touched = {
        c
        for c in s.scalars(
            select(Record.case_id).where(
                tuple_(Record.epoch, Record.seq) > after, Record.case_id.is_not(None)
            )
        )
        if c is not None
    }
    if where.changed_since is not None:
        touched.update(s.scalars(select(Case.id).where(Case.updated_at >= where.changed_since)))
    return touched


# ---- what the central database acknowledged --------------------------------------------------


def _conn(s: Session) -> Any:
    return s.connection()


def acknowledged_findings(s: Session) -> Iterator[Finding]:
    marker = SyncState.acknowledged.get(s) or {}
    conn = _conn(s)
    for key, (seq, chain) in sorted(marker.items(), key=lambda kv: int(kv[0])):
        epoch = int(key)
        last = conn.exec_driver_sql(
            "SELECT max(seq) FROM records WHERE epoch = ?", (epoch,)
        ).scalar()
        row = conn.exec_driver_sql(
            "SELECT id, chain_hash FROM records WHERE epoch = ? AND seq = ?", (epoch, seq)
        ).first()
        if row is None or last is None or last < seq:
            yield Finding(
                "acknowledged-missing",
                f"纪元 {epoch}/序号 {seq}",
                f"中心数据库已确认本纪元到第 {seq} 号的记录，本机记录却只到"
                f"{'第 ' + str(last) + ' 号' if last else '（没有记录）'}：已确认的记录被删除",
            )
        elif row[1] != chain:
            yield Finding(
                "acknowledged-changed",
                f"纪元 {epoch}/序号 {seq}",
                f"记录 {row[0]} 的链哈希 {str(row[1])[:12]}… 不是中心数据库确认时的 "
                f"{str(chain)[:12]}…：此前已上传的记录被改写",
            )


def outbox_findings(s: Session, since: record_log.Checkpoint | None = None) -> Iterator[Finding]:
    """Records above the acknowledged marker without an outbox entry. With no marker, a store
    that never synced must have every record in its outbox; one that synced before the marker
    existed cannot be checked until its next sync."""
    marker = SyncState.acknowledged.get(s)
    if marker is None and (
        SyncState.central_id.get(s) is not None or SyncState.last_attempt_at.get(s) is not None
    ):
        return
    floors = {int(k): int(v[0]) for k, v in (marker or {}).items()}
    after = (since.epoch, since.seq) if since else (0, 0)  # checked up to there before
    rows = _conn(s).exec_driver_sql(
        "SELECT r.epoch, r.seq, r.id, r.device_id FROM records r "
        "WHERE (r.epoch, r.seq) > (?, ?) "
        "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = r.id) "
        "ORDER BY r.epoch, r.seq",
        after,
    )
    for epoch, seq, rid, device in rows:
        if type(epoch) is int and type(seq) is int and seq <= floors.get(epoch, 0):
            continue
        yield Finding(
            "outbox-missing",
            f"设备 {device}/纪元 {epoch}/序号 {seq}",
            f"记录 {rid} 未经中心数据库确认，发件箱中却没有它（不会被上传）",
        )


# ---- cases: what the records say --------------------------------------------------------------

# The columns of a case its records determine (intake.py writes both in one transaction).
PROJECTED = (
    "case_no",
    "item_code",
    "catalog_version",
    "state",
    "outcome",
    "visits",
    "materials",
    "promised_date",
    "supplement_deadline",
    "reason",
    "applicant",
    "agent",
    "answers",
    "clerk",
)
_LABELS = {
    "case_no": "办件编号",
    "item_code": "事项",
    "catalog_version": "目录版本",
    "state": "状态",
    "outcome": "结果",
    "visits": "来办次数",
    "materials": "材料核验",
    "promised_date": "承诺办结日",
    "supplement_deadline": "补齐期限",
    "reason": "理由",
    "applicant": "申请人",
    "agent": "代办人",
    "answers": "情形",
    "clerk": "受理人",
}
_CASE_KINDS = ("intake", "supplement", "pickup", "transfer", "case_status", "promise")


def project(
    rows: Iterable[tuple[str, str | None, str | bytes]],
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Replay (kind, case_id, payload) in record order into the cases they make, the way the
    visits (services/visits.py) and case_state.change_state change a case. Returns the cases
    by id and the ids of case records that come before their case's intake."""
    cases: dict[str, dict[str, Any]] = {}
    orphans: list[str] = []
    for kind, case_id, payload in rows:
        if case_id is None or kind not in _CASE_KINDS:
            continue
        try:
            p = json.loads(payload)
        except (TypeError, ValueError):
            continue  # a damaged record: the chain walk names it
        if not isinstance(p, dict):
            continue
        if kind == "intake":
            cases[case_id] = {
                "case_no": p.get("case_no"),
                "item_code": p.get("item_code"),
                "catalog_version": p.get("catalog_version"),
                "state": p.get("state"),
                "outcome": p.get("outcome"),
                "visits": p.get("visit"),
                "materials": dict(p.get("verdicts") or {}),
                "promised_date": p.get("promised_date"),
                "supplement_deadline": p.get("supplement_deadline"),
                "reason": p.get("reason"),
                "applicant": p.get("applicant"),
                "agent": p.get("agent"),
                "answers": p.get("answers"),
                "clerk": p.get("clerk"),
            }
            continue
        case = cases.get(case_id)
        if case is None:
            orphans.append(case_id)
            continue
        if kind == "supplement":
            case.update(
                visits=p.get("visit"),
                state=p.get("state"),
                outcome=p.get("outcome"),
                promised_date=p.get("promised_date"),
                supplement_deadline=p.get("supplement_deadline"),
            )
            case["materials"].update(p.get("verdicts") or {})
            if p.get("outcome") == "refuse":
                case["reason"] = p.get("reason")
        elif kind == "pickup":
            case.update(visits=p.get("visit"), state=CaseState.DELIVERED)
        elif kind == "promise":  # a promised date counted again with a new holiday table
            case["promised_date"] = p.get("promised_date")
        else:
            case["state"] = p.get("state")
    return cases, orphans


def _plain(value: Any) -> Any:
    """A value as the records carry it (JSON, dates as ISO text)."""
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def case_findings(s: Session, only: set[str] | None = None) -> Iterator[Finding]:
    """Every case against its records; ``only``: these cases (each with all its records)."""
    # The payload as bytes: a damaged one (not UTF-8) is skipped here, named by the chain walk.
    if only is None:
        rows = list(
            _conn(s).exec_driver_sql(
                "SELECT kind, case_id, CAST(payload AS BLOB) FROM records "
                "WHERE case_id IS NOT NULL ORDER BY epoch, seq"
            )
        )
        stored = {c.id: c for c in s.scalars(select(Case))}
    else:
        rows, stored = [], {}
        ids = sorted(only)
        for n in range(0, len(ids), 500):  # through ix_records_case, a few hundred at a time
            part = ids[n : n + 500]
            marks = ", ".join("?" * len(part))
            rows += _conn(s).exec_driver_sql(
                "SELECT kind, case_id, CAST(payload AS BLOB), epoch, seq FROM records "
                f"WHERE case_id IN ({marks})",
                tuple(part),
            )
            stored.update({c.id: c for c in s.scalars(select(Case).where(Case.id.in_(part)))})
        rows = [r[:3] for r in sorted(rows, key=lambda r: (r[3], r[4]))]
    projected, orphans = project((str(k), c, p) for k, c, p in rows)
    for case_id in dict.fromkeys(orphans):
        if case_id not in projected:
            yield Finding("case-unrecorded", f"办件 {case_id}", "有办件记录，却没有它的受理记录")
    for case_id, want in projected.items():
        row = stored.get(case_id)
        if row is None:
            yield Finding(
                "case-missing",
                f"办件 {want.get('case_no')}",
                f"记录中有这个办件（{case_id}），办件表中却没有",
            )
            continue
        diffs = []
        for col in PROJECTED:
            have, should = _plain(getattr(row, col)), _plain(want[col])
            if have != should:
                shown = (
                    "（不同）"
                    if col in ("materials", "applicant", "agent", "answers")
                    else f"为 {have}，记录为 {should}"
                )
                diffs.append(f"{_LABELS[col]}{shown}")
        if diffs:
            yield Finding(
                "case-differs", f"办件 {row.case_no}", "办件表与其记录不符：" + "；".join(diffs)
            )
    for case_id, row in stored.items():
        if case_id not in projected:
            yield Finding(
                "case-unrecorded", f"办件 {row.case_no}", "办件表中有这个办件，却没有它的受理记录"
            )
