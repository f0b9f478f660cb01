"""The case lists of home and ``counter report``, read as bounded, indexed sets.

A list row needs nine columns of a case, not the whole case: these queries read those columns
(the applicant's name out of its JSON in SQL), never the answers, materials or whole parties,
and each goes through an index (revision 0006). The lists that grow with the years (cases
overdue for months, results never collected) are read up to a limit, newest first, with
their total counted in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, func, literal_column, select, text, union
from sqlalchemy.sql import CompoundSelect, Select

from app.core.cases import RUNNING, CaseState
from app.models.db import Store
from app.models.schema import Case

# Rows a list on the home page holds at most; the title counts them all.
HOME_LIMIT = 300
ROWID = literal_column("cases.rowid", Integer)
# As the partial index ix_cases_provisional says it, so SQLite uses that index.
PROVISIONAL = text("cases.promised_provisional = 1")


@dataclass(frozen=True, slots=True)
class Listed:
    """What a list row shows of a case (ui/case_table.case_row reads these)."""

    id: str
    case_no: str
    applicant_name: str
    item_name: str
    state: str
    outcome: str | None
    promised_date: date | None
    promised_provisional: bool
    created_at: datetime
    updated_at: datetime

    @property
    def applicant(self) -> Any:  # case_row reads c.applicant.name, as of a CaseView
        return self

    @property
    def name(self) -> str:
        return self.applicant_name


@dataclass(frozen=True)
class Part:
    rows: list[Listed]
    total: int  # rows there are in all (len(rows) when nothing was left out)


_COLUMNS = (
    Case.id,
    Case.case_no,
    func.coalesce(func.json_extract(Case.applicant, "$.name"), "").label("applicant_name"),
    Case.item_name,
    Case.state,
    Case.outcome,
    Case.promised_date,
    Case.promised_provisional,
    Case.created_at,
    Case.updated_at,
)


def _read(store: Store, query: Select[*tuple[Any, ...]]) -> list[Listed]:
    with store.read() as s:
        return [Listed(*r) for r in s.execute(query)]


def _changed_ids(day: date) -> CompoundSelect[str]:
    """The ids of the cases created or changed that day: two index ranges (an OR across the
    two columns reads every case ever made)."""
    start = datetime.combine(day, datetime.min.time())
    end = datetime.combine(day, datetime.max.time())
    return union(
        select(Case.id).where(Case.created_at.between(start, end)),
        select(Case.id).where(Case.updated_at.between(start, end)),
    )


def changed_on(store: Store, day: date) -> list[Listed]:
    """Cases created or changed that day, newest first."""
    query = select(*_COLUMNS).where(Case.id.in_(_changed_ids(day)))
    return _read(store, query.order_by(Case.created_at.desc()))


def count_changed_on(store: Store, day: date) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(_changed_ids(day).subquery())) or 0)


def due_by(store: Store, day: date, limit: int | None = None, *, since: date | None = None) -> Part:
    """Running cases promised by ``day`` (and not before ``since``), the latest promised first:
    with a limit, the cases overdue the longest are the ones left out. The order is found on
    the index (state, promised date) alone; only the rows listed are read."""
    where = (
        Case.state.in_(RUNNING),
        Case.promised_date.is_not(None),
        Case.promised_date <= day,
        *(() if since is None else (Case.promised_date >= since,)),
    )
    return _part(store, where, Case.promised_date.desc(), limit)


def awaiting_pickup(store: Store, limit: int | None = None) -> Part:
    """Results waiting at the window, the newest first; with a limit, the ones waiting the
    longest are left out (and counted). In the order of the index (state, updated_at)."""
    return _part(store, (Case.state == CaseState.RESULT_READY,), Case.updated_at.desc(), limit)


def _part(store: Store, where: tuple[Any, ...], order: Any, limit: int | None) -> Part:
    """The rows of a list, ordered and limited by their row ids in an index (no wide row read
    to sort), then read; and how many there are in all when the limit left some out."""
    ids = select(ROWID).where(*where).order_by(order)
    if limit is not None:
        ids = ids.limit(limit)
    rows = _read(store, select(*_COLUMNS).where(ROWID.in_(ids)).order_by(order, Case.case_no))
    if limit is None or len(rows) < limit:
        return Part(rows, len(rows))
    with store.read() as s:
        total = s.scalar(select(func.count()).select_from(select(ROWID).where(*where).subquery()))
    return Part(rows, int(total or 0))


def provisional(store: Store) -> list[str]:
    """Running cases whose promised date is still 暂定, soonest first: through the partial
    index of the 暂定 cases (0008), the few of them, the state checked here (a condition on
    the state in SQL would steer SQLite to the index on state, every running case)."""
    with store.read() as s:
        rows = s.execute(
            select(Case.case_no, Case.state).where(PROVISIONAL).order_by(Case.promised_date)
        )
        return [no for no, state in rows if state in RUNNING]


@dataclass(frozen=True, slots=True)
class CheckDue:
    """A case whose 告知承诺 post-check (核查) is past its date, unrecorded."""

    case_no: str
    item_name: str
    applicant_name: str
    check_due: date


def checks_overdue(store: Store, day: date, limit: int | None = None) -> tuple[list[CheckDue], int]:
    """Post-checks due before ``day`` and not yet recorded, the longest overdue first, and how
    many there are in all: through the partial index of the cases that have one (0009)."""
    where = (text("cases.check_due IS NOT NULL"), Case.check_due < day)
    query = select(
        Case.case_no,
        Case.item_name,
        func.coalesce(func.json_extract(Case.applicant, "$.name"), ""),
        Case.check_due,
    ).where(*where)
    with store.read() as s:
        rows = [
            CheckDue(*r)
            for r in s.execute(query.order_by(Case.check_due, Case.case_no).limit(limit))
        ]
        if limit is None or len(rows) < limit:
            return rows, len(rows)
        total = s.scalar(select(func.count()).select_from(Case).where(*where))
    return rows, int(total or 0)
