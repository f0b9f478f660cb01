"""The numbers a centre reports upward, for one window: a day's work, 跑一次率, satisfaction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import CounterError
from app.models.schema import AcceptanceTotals, Record

if TYPE_CHECKING:
    from app.core.workdays import WorkCalendar
    from app.models.db import Store
    from app.services.calendar import CalendarService
    from app.services.case_queries import CaseQueries
    from app.services.feedback import FeedbackService


class Context(Protocol):
    """What the day's report reads (bootstrap.Context has it)."""

    @property
    def store(self) -> Store: ...

    @property
    def cases(self) -> CaseQueries: ...

    @property
    def calendar(self) -> CalendarService: ...

    @property
    def feedback(self) -> FeedbackService: ...


# Case numbers a report names in each list of running cases; the rest are counted. A window
# that has run for years can hold thousands of cases never closed: named one by one, they made
# the report a line of 118,000 characters at 500k cases (docs/benchmarks.md).
LISTED = 100


@dataclass(frozen=True)
class WindowReport:
    day: date
    outcomes: dict[str, int]  # visits of the day by outcome
    cases: int  # cases with any visit that day
    # 跑一次率: of all cases accepted so far, the share accepted at the applicant's first visit
    # (a pickup afterwards is not counted: results can be posted).
    once_rate: float | None
    reviews: dict[int, int]  # level -> count, reviews given that day
    satisfaction: float | None  # share of reviews at 3 or above (满意率)
    open_tickets: int
    # The running cases past their promised date and those near it (workdays.due_status), the
    # latest promised first; each list names at most LISTED cases and counts them all.
    overdue_cases: list[str]
    near_cases: list[str]
    # Running cases whose promised date a holiday table moved (the applicant is to be told):
    # {"case_no", "previous", "promised_date", "provisional"}, dates as YYYY-MM-DD.
    promise_changes: list[dict[str, object]] = field(default_factory=list)
    provisional_cases: list[str] = field(default_factory=list)  # promised dates still 暂定
    # 告知承诺 post-checks past their date, unrecorded: {"case_no", "check_due"} (YYYY-MM-DD).
    overdue_checks: list[dict[str, str]] = field(default_factory=list)
    overdue_total: int = 0
    near_total: int = 0


def near_cutoff(cal: WorkCalendar, today: date, near_days: int) -> date:
    """The last promised date that is near today (workdays.due_status): every running case
    promised by then is near or overdue, and no later one is. Without the calendar for those
    days, a date safely past them (weekends and the longest holiday run included)."""
    try:
        return cal.add_workdays(today, near_days + 1) - timedelta(days=1)
    except CounterError:
        return today + timedelta(days=3 * near_days + 14)


def window_report(ctx: Context, day: date) -> WindowReport:
    from app.services import case_lists
    from app.services.record_log import day_range
    from app.services.settings import Settings

    outcomes = ctx.cases.day_counts(day)
    reviews: dict[int, int] = {}
    with ctx.store.read() as s:
        for payload in s.scalars(
            select(Record.payload).where(Record.kind == "review", *day_range(day))
        ):
            level = json.loads(payload)["level"]
            reviews[level] = reviews.get(level, 0) + 1
        near_days = Settings.near_due_days.get(s)
        total, once = _acceptance_visits(s)
    cal = ctx.calendar.calendar()
    # Overdue is promised before today; near is promised from today to the last near date
    # (near_cutoff): two bounded reads however many cases years of history left running. In a
    # year without a holiday table near_cutoff reaches safely far, so more are called near.
    overdue = case_lists.due_by(ctx.store, day - timedelta(days=1), LISTED)
    near = case_lists.due_by(ctx.store, near_cutoff(cal, day, near_days), LISTED, since=day)
    given = sum(reviews.values())
    return WindowReport(
        day=day,
        outcomes=outcomes,
        cases=case_lists.count_changed_on(ctx.store, day),
        once_rate=once / total if total else None,
        reviews=reviews,
        satisfaction=sum(n for lv, n in reviews.items() if lv >= 3) / given if given else None,
        open_tickets=len(ctx.feedback.tickets()),
        overdue_cases=[c.case_no for c in overdue.rows],
        near_cases=[c.case_no for c in near.rows],
        overdue_total=overdue.total,
        near_total=near.total,
        promise_changes=[
            {
                "case_no": c.case_no,
                "previous": c.previous.isoformat(),
                "promised_date": c.promised_date.isoformat(),
                "provisional": c.provisional,
            }
            for c in ctx.calendar.promise_changes()
        ],
        provisional_cases=case_lists.provisional(ctx.store),
        overdue_checks=[
            {"case_no": c.case_no, "check_due": c.check_due.isoformat()}
            for c in case_lists.checks_overdue(ctx.store, day)[0]
        ],
    )


def _acceptance_visits(s: Session) -> tuple[int, int]:
    """(cases accepted, of them accepted at the first visit): the running counts triggers on
    ``cases`` keep (migration 0008). A case accepted at its intake has ``accepted_at`` equal
    to ``created_at``; a later acceptance sets it at that visit."""
    row = s.get(AcceptanceTotals, 1)
    return (0, 0) if row is None else (row.accepted, row.first_visit)
