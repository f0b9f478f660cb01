"""Reading cases: one case with its history, the pickup behind a 结果领取凭证, the day's and the
running cases, and the day's visits counted by outcome. Nothing here writes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, union

from app.core.case_numbers import parse_case_no
from app.core.cases import OPEN_FOR_SUPPLEMENT, RUNNING, CaseState, CaseView
from app.core.checklist import OUTCOME_LABELS, ToldGap, Verdict, find_gaps
from app.core.errors import CounterError
from app.core.parties import Party
from app.models.db import Store
from app.models.schema import Case, Record
from app.services import record_log
from app.services.catalog import CatalogService

# The records of a visit that decides (their slips print the gap list recorded with them).
VISIT_KINDS = ("intake", "supplement")


@dataclass(frozen=True)
class Pickup:
    """Who collected a case's result, when, and from which clerk (the 结果领取凭证)."""

    clerk: str | None
    collector: Party
    by_agent: bool
    at: datetime


def verdicts_from(d: Mapping[str, Any]) -> dict[str, Verdict]:
    return {k: Verdict(v["verdict"], v.get("reason")) for k, v in d.items()}


def _party_from(d: Mapping[str, Any] | None) -> Party | None:
    return None if d is None else Party(**d)


class CaseQueries:
    def __init__(self, store: Store, catalog: CatalogService) -> None:
        self.store = store
        self.catalog = catalog

    def case(self, case_no: str) -> CaseView:
        """One case with its history and the gap list its last visit told."""
        parts = parse_case_no(case_no)
        with self.store.read() as s:
            # Every stored number was made by format_case_no: text that does not parse as one
            # (hostile bytes included) names no case, and is never sent to the database.
            row = (
                None
                if parts is None
                else s.scalar(select(Case).where(Case.case_no == parts.format()))
            )
            if row is None:
                raise CounterError(
                    "case.unknown", f"没有找到办件 {case_no.strip()}，请核对办件编号", path="case"
                )
            history: list[dict[str, Any]] = []
            told: tuple[ToldGap, ...] | None = None
            records = s.scalars(select(Record).where(Record.case_id == row.id).order_by(Record.seq))
            for r in records:
                payload = record_log.payload_of(r)
                shown = ("outcome", "state", "clerk", "visit", "bundle")
                history.append(
                    {
                        "kind": r.kind,
                        "at": r.created_at,
                        "record_id": r.id,
                        **{k: v for k, v in payload.items() if k in shown},
                    }
                )
                if r.kind in VISIT_KINDS:
                    gaps = payload.get("gaps")
                    told = None if gaps is None else tuple(ToldGap.from_json(g) for g in gaps)
            return replace(self._view(row, history), told=told)

    def pickup(self, case_no: str) -> Pickup | None:
        """The latest pickup of a case, for the 结果领取凭证."""
        case = self.case(case_no)
        with self.store.read() as s:
            rec = s.scalars(
                select(Record)
                .where(Record.case_id == case.id, Record.kind == "pickup")
                .order_by(Record.seq.desc())
                .limit(1)
            ).first()
            if rec is None:
                return None
            p = record_log.payload_of(rec)
            return Pickup(
                p.get("clerk"),
                Party(**p["collector"]),
                bool(p.get("by_agent")),
                datetime.fromisoformat(rec.created_at).replace(tzinfo=None),
            )

    def _view(self, row: Case, history: list[dict[str, Any]]) -> CaseView:
        verdicts = verdicts_from(row.materials)
        outstanding = []
        state = CaseState(row.state)
        if state in OPEN_FOR_SUPPLEMENT:
            item = self.catalog.item(row.item_code, row.catalog_version)
            recorded = [m for m in item.materials if m.id in verdicts]
            outstanding = [g.material.id for g in find_gaps(recorded, verdicts)]
        applicant = _party_from(row.applicant)
        assert applicant is not None  # every case is recorded with its applicant
        return CaseView(
            id=row.id,
            case_no=row.case_no,
            item_code=row.item_code,
            item_name=row.item_name,
            catalog_version=row.catalog_version,
            state=state,
            outcome=row.outcome,
            reason=row.reason,
            applicant=applicant,
            agent=_party_from(row.agent),
            answers=row.answers,
            verdicts=verdicts,
            outstanding=outstanding,
            promised_days=row.promised_days,
            promised_date=row.promised_date,
            supplement_deadline=row.supplement_deadline,
            accepted_at=row.accepted_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            visits=row.visits,
            clerk=row.clerk,
            history=history,
            promised_provisional=bool(row.promised_provisional),
        )

    def cases_on(self, day: date) -> list[CaseView]:
        """Cases created or changed that day: two index ranges (an OR across the two columns
        would read every case ever made)."""
        start = datetime.combine(day, datetime.min.time())
        end = datetime.combine(day, datetime.max.time())
        with self.store.read() as s:
            ids = union(
                select(Case.id).where(Case.created_at.between(start, end)),
                select(Case.id).where(Case.updated_at.between(start, end)),
            )
            rows = s.scalars(
                select(Case).where(Case.id.in_(ids)).order_by(Case.created_at.desc())
            ).all()
            return [self._view(r, []) for r in rows]

    def open_cases(self, due_by: date | None = None) -> list[CaseView]:
        """Cases still running toward a promised date, from any day, soonest first; with
        ``due_by``, only those promised by then (an index range, whatever the history)."""
        with self.store.read() as s:
            query = select(Case).where(Case.state.in_(RUNNING), Case.promised_date.is_not(None))
            if due_by is not None:
                query = query.where(Case.promised_date <= due_by)
            rows = s.scalars(query.order_by(Case.promised_date)).all()
            return [self._view(r, []) for r in rows]

    def awaiting_pickup(self) -> list[CaseView]:
        with self.store.read() as s:
            rows = s.scalars(
                select(Case).where(Case.state == CaseState.RESULT_READY).order_by(Case.updated_at)
            ).all()
            return [self._view(r, []) for r in rows]

    def day_counts(self, day: date) -> dict[str, int]:
        """Visits of the day by outcome, consultations included (they have no case): the day's
        records through the (kind, created_at) index, never a scan of the whole history."""
        counts = {o: 0 for o in OUTCOME_LABELS}
        with self.store.read() as s:
            rows = s.execute(
                select(Record.payload).where(
                    Record.kind.in_(("intake", "supplement", "consultation")),
                    *record_log.day_range(day),
                )
            )
            for (payload,) in rows:
                outcome = json.loads(payload).get("outcome")
                if outcome in counts:
                    counts[outcome] += 1
        return counts
