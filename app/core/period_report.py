"""A daily, monthly or yearly report: the figures of a period, its trend, and its breakdowns.

Built from plain facts (core/figures.py), by the window (services/period_reports.py) and by
the county (sync/central_reports.py) alike; printed by printing/report_pdf.py and
printing/report_xlsx.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.core import figures as fg
from app.core import tickets
from app.core.posts import PostTable
from app.core.workdays import WorkCalendar

DAILY, MONTHLY, YEARLY = "daily", "monthly", "yearly"
KINDS = (DAILY, MONTHLY, YEARLY)
TREND_DAYS = 14  # a daily report shows the fortnight up to its day
# The years a report may cover: wide enough for any centre's records, narrow enough that a
# period, its trend and the day after it are all dates Python can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2999
LABELS = {DAILY: "日报", MONTHLY: "月报", YEARLY: "年报"}


@dataclass(frozen=True)
class OverdueCase:
    case_no: str
    item_name: str
    window: str
    clerk: str
    promised_date: date


@dataclass(frozen=True)
class PeriodReport:
    kind: str  # daily | monthly | yearly
    scope: str  # what the report covers: a centre and window, or the county
    period: fg.Period
    generated_at: datetime
    total: fg.Figures
    # Per day (the fortnight of a daily report, the days of a month); per month for a year.
    trend: list[fg.Figures]
    by_window: dict[str, fg.Figures]
    by_clerk: dict[str, fg.Figures]
    by_item: dict[str, fg.Figures]
    worst_items: list[tuple[str, fg.Figures]]
    item_names: dict[str, str]
    overdue: list[OverdueCase]
    notes: list[str] = field(default_factory=list)
    clerk_names: dict[str, str] = field(default_factory=dict)  # login name -> full name
    # Per post (岗位, figures.figures_by_post): empty when no post table is given.
    by_post: dict[str, fg.Figures] = field(default_factory=dict)
    post_names: dict[str, str] = field(default_factory=dict)  # post code -> its name
    post_table: str = ""  # which table the posts are of, as said under the per-post table

    @property
    def title(self) -> str:
        return f"{self.scope} {self.period.label} {LABELS[self.kind]}"


def period_for(
    kind: str,
    day: date | None = None,
    month: tuple[int, int] | None = None,
    year: int | None = None,
) -> fg.Period:
    if kind == DAILY:
        assert day is not None
        return fg.day_period(day)
    if kind == YEARLY:
        assert year is not None
        return fg.year_period(year)
    assert month is not None
    return fg.month_period(*month)


def trend_periods(kind: str, period: fg.Period) -> list[fg.Period]:
    """The points of a report's trend: the days it reads, or the twelve months of a year."""
    if kind == YEARLY:
        return period.months()
    return [fg.day_period(d) for d in reading_range(kind, period).days()]


def reading_range(kind: str, period: fg.Period) -> fg.Period:
    """The days whose records a report reads: its period, and for a daily report the
    fortnight before it (the trend)."""
    if kind == DAILY:
        return fg.Period(period.end - timedelta(days=TREND_DAYS - 1), period.end)
    return period


def build_report(
    kind: str,
    period: fg.Period,
    scope: str,
    events: Sequence[fg.Event],
    cases: dict[str, fg.CaseFacts],
    tickets: Sequence[fg.TicketFact],
    cal: WorkCalendar,
    now: datetime,
    notes: Sequence[str] = (),
    clerk_names: dict[str, str] | None = None,
    posts: PostTable | None = None,
    absent_on: Callable[[date], Collection[str]] | None = None,
    post_table: str = "",
    posts_held: fg.Held | None = None,
    post_order: Sequence[str] = (),
    post_names: dict[str, str] | None = None,
) -> PeriodReport:
    """``posts``: the post table the per-post breakdown is counted by, with ``absent_on(day)``
    the accounts away on a day (A/B/C cover); or ``posts_held`` (the county: each centre's
    table of the day) with the rows' ``post_order`` and ``post_names``. ``post_table`` says
    which table it is, under the per-post table."""
    case_list = list(cases.values())
    reviews = fg.review_facts(events)
    # A period not over yet (this month, this year) counts what is overdue today.
    today = now.date()

    def total_of(p: fg.Period) -> fg.Figures:
        visits, consults = fg.consultations_and_visits(events, p)
        return fg.figures(
            p,
            case_list,
            reviews,
            tickets,
            cal,
            visits=visits,
            consultations=consults,
            as_of=today,
        )

    trend = [total_of(p) for p in trend_periods(kind, period)]
    by: dict[str, dict[str, fg.Figures]] = {}
    windows = {c.window_key for c in case_list} | {f"{r.centre}/{r.window}" for r in reviews}
    clerk = "clerk_at_window" if len(windows) > 1 else "clerk"
    for what, group in (("window", "window"), ("clerk", clerk), ("item", "item")):
        groups = fg.figures_by(group, period, case_list, reviews, cal, as_of=today)
        by[what] = {k: f for k, f in groups.items() if fg.active(f)}
    names = {c.item_code: c.item_name for c in case_list}
    by_post: dict[str, fg.Figures] = {}
    if posts is not None or posts_held is not None:
        groups = fg.figures_by_post(
            period,
            case_list,
            reviews,
            cal,
            posts,
            absent_on or (lambda _d: frozenset()),
            held=posts_held,
            order=post_order,
            as_of=today,
        )
        by_post = {k: f for k, f in groups.items() if fg.active(f)}
    if posts is not None:
        post_names = {p.code: f"{p.name}（{p.code}）" for p in posts.posts}
    late = fg.overdue_open(case_list, min(period.end, today))
    return PeriodReport(
        kind=kind,
        scope=scope,
        period=period,
        generated_at=now,
        total=total_of(period),
        trend=trend,
        by_window=by["window"],
        by_clerk=by["clerk"],
        by_item=by["item"],
        worst_items=fg.worst_items(by["item"]),
        item_names=names,
        overdue=[
            OverdueCase(c.case_no, c.item_name, c.window_key, c.clerk, c.promised_date)  # type: ignore[arg-type]
            for c in late
        ],
        notes=list(notes),
        clerk_names=dict(clerk_names or {}),
        by_post=by_post,
        post_names=dict(post_names or {}),
        post_table=post_table,
    )


def percent(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def number(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


# The figures table of every output (PDF, spreadsheet, terminal, screen): the figure (its name
# in core/figures.NAMES) and how to show it.
FIGURE_ROWS: list[tuple[str, Callable[[fg.Figures], str]]] = [
    ("visits", lambda f: str(f.visits)),
    ("consultations", lambda f: str(f.consultations)),
    ("begun", lambda f: str(f.begun)),
    ("accepted", lambda f: str(f.accepted)),
    (
        "first_pass",
        lambda f: f"{f.first_pass}（{f.first_pass.numerator}/{f.first_pass.denominator}）",
    ),
    ("once", lambda f: f"{f.once}（{f.once.numerator}/{f.once.denominator}）"),
    ("completed", lambda f: str(f.completed)),
    ("on_time", lambda f: f"{f.on_time}（{f.on_time.numerator}/{f.on_time.denominator}）"),
    ("average_workdays", lambda f: number(f.average_workdays)),
    ("speedup_actual", lambda f: percent(f.speedup_actual)),
    ("speedup_promised", lambda f: percent(f.speedup_promised)),
    ("tolerated", lambda f: str(f.supplements.tolerated)),
    (
        "supplements",
        lambda f: (
            f"{f.supplements.due} / {f.supplements.on_time} / {f.supplements.late} / "
            f"{f.supplements.missing}"
        ),
    ),
    ("completed_late", lambda f: str(f.completed_late)),
    ("overdue", lambda f: str(len(f.overdue))),
    ("reviews", lambda f: str(f.reviews.count)),
    ("good", lambda f: str(f.reviews.good)),
    ("mean", lambda f: number(f.reviews.mean, 2)),
]
# As printed: the Chinese name and the value.
ROWS: list[tuple[str, Callable[[fg.Figures], str]]] = [
    (fg.NAMES[key][0], get) for key, get in FIGURE_ROWS
]


def rows(language: str = "zh_CN") -> list[tuple[str, Callable[[fg.Figures], str]]]:
    """The figures table with the names in ``language`` (``en``: English; else Chinese)."""
    n = 1 if language == "en" else 0
    return [(fg.NAMES[key][n], get) for key, get in FIGURE_ROWS]


TICKET_STATES = {**tickets.STATES, "opened": "已开单"}
# A ticket is counted by its category (core/tickets.py) once it has one, by its source before.
TICKET_CATEGORIES = {
    **{k: f"{v}（未分类）" for k, v in tickets.SOURCES.items()},
    **tickets.CATEGORIES,
}
