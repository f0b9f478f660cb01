"""The window's daily, monthly and yearly reports: bounded reads of the store into the core's figures.

What is read, and why it stays bounded for years of records:

1. the records made in the report's days (a range of ``created_at``, the window's local time);
2. the whole history of the cases those records touch, by case (``ix_records_case``);
3. the history of the cases accepted before the period that were still running when it began
   (their state is running now, or changed since it began: ``cases`` by ``accepted_at``),
   which the overdue figure needs;
4. the rectification tickets opened in the period.

Nothing before the period is read except the histories of those cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import figures as fg
from app.core.cases import RUNNING
from app.core.errors import CounterError
from app.core.period_report import PeriodReport, build_report, period_for, reading_range
from app.models.schema import Case, Record, Ticket
from app.services.posts import Published, absences_in, published_in

if TYPE_CHECKING:
    from app.models.db import Store
    from app.services.accounts import AccountService
    from app.services.calendar import CalendarService
    from app.services.catalog import CatalogService
    from app.services.settings import WindowSettings


class Context(Protocol):
    """What a window's period report reads (bootstrap.Context has it)."""

    @property
    def store(self) -> Store: ...

    @property
    def catalog(self) -> CatalogService: ...

    @property
    def calendar(self) -> CalendarService: ...

    @property
    def users(self) -> AccountService: ...

    def window(self) -> WindowSettings: ...


CHUNK = 500  # ids per IN (...): well under SQLite's bound-parameter limit


def chunks(ids: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _events(s: Session, days: fg.Period) -> list[fg.Event]:
    lo, hi = days.start.isoformat(), (days.end + timedelta(days=1)).isoformat()
    cols = (Record.kind, Record.created_at, Record.case_id, Record.payload)
    # By kind and time: ix_records_kind_created, one range per kind.
    in_range = s.execute(
        select(*cols).where(
            Record.kind.in_(fg.READ_KINDS), Record.created_at >= lo, Record.created_at < hi
        )
    )
    events = [fg.event_of(*r) for r in in_range]
    touched = {e.case_id for e in events if e.case_id}
    start = datetime.combine(days.start, datetime.min.time())
    # Accepted before and still running, or changed since: by state, and by the last change.
    running = set(
        s.scalars(select(Case.id).where(Case.state.in_(RUNNING), Case.accepted_at < start))
    )
    running |= set(
        s.scalars(select(Case.id).where(Case.updated_at >= start, Case.accepted_at < start))
    )
    earlier = sorted(touched | running)
    for ids in chunks(earlier):
        rows = s.execute(select(*cols).where(Record.case_id.in_(ids), Record.created_at < lo))
        events.extend(fg.event_of(*r) for r in rows)
    return events


def _tickets(s: Session, period: fg.Period) -> list[fg.TicketFact]:
    start = datetime.combine(period.start, datetime.min.time())
    end = datetime.combine(period.end + timedelta(days=1), datetime.min.time())
    rows = s.scalars(select(Ticket).where(Ticket.created_at >= start, Ticket.created_at < end))
    return [
        fg.TicketFact(
            t.id,
            getattr(t, "category", None) or t.kind,
            t.state,
            t.created_at.date(),
            t.due,
        )
        for t in rows
    ]


def limits_of(ctx: Context) -> fg.Limits:
    @lru_cache(maxsize=4096)
    def limits(code: str, version: int | None) -> tuple[int | None, int | None]:
        try:
            item = ctx.catalog.item(code, version)
        except CounterError:
            return None, None  # an item no version here knows: no limit to compare with
        return item.legal_days, item.promised_days

    return limits


def window_period_report(
    ctx: Context,
    kind: str,
    *,
    day: date | None = None,
    month: tuple[int, int] | None = None,
    year: int | None = None,
    now: datetime | None = None,
) -> PeriodReport:
    """The report of one window for a day, a month or a year (``kind`` daily, monthly or
    yearly)."""
    period = period_for(kind, day, month, year)
    w = ctx.window()
    with ctx.store.read() as s:
        events = _events(s, reading_range(kind, period))
        tickets = _tickets(s, period)
        published = published_in(s)
        absences = absences_in(s) if published is not None else []
    cases = fg.case_facts(events, limits_of(ctx))
    scope = " ".join(x for x in (w.centre_name or w.centre_code, w.window_name) if x)
    scope = scope or f"{w.centre_code or ''}/{w.window_code or ''}"
    cal = ctx.calendar.calendar()
    names = {a.username: a.display_name for a in ctx.users.list()}
    posts = published.table if published is not None else None
    return build_report(
        kind,
        period,
        scope,
        events,
        cases,
        tickets,
        cal,
        now or datetime.now(),
        clerk_names=names,
        posts=posts,
        absent_on=lambda d: {a.username for a in absences if a.start <= d <= a.end},
        post_table=post_table_note(published),
    )


def post_table_note(published: Published | None) -> str:
    """What the per-post table is counted by (printed under it)."""
    if published is None:
        return ""
    return (
        f"按本窗口现行的岗位职责分工表（版本 {published.table.version}，中心第 "
        f"{published.version} 次发布）统计：窗口只保留最新一版，期间内如有改版，也按此版计；"
        "各岗位的 A/B/C 顶岗按当日登记的缺岗"
    )
