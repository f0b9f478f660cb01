"""The figures a centre is judged by, defined once (formulas in docs/figures.md).

Pure functions over plain facts: the events (records) of a window or of the whole county are
turned into one :class:`CaseFacts` per case by :func:`case_facts`, and each figure is a
function of those facts, the reviews and the tickets of a period. The window's reports
(services/period_reports.py) and the county's (sync/central_reports.py) feed the same
functions, so a figure means the same everywhere. No SQL, no Qt.

A period is a closed range of local dates (the window's own date of each record).
"""

from __future__ import annotations

import calendar as _cal
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.core.cases import CaseState
from app.core.checklist import ACCEPT, CONSULT, REFUSE, TOLERATE
from app.core.errors import CounterError
from app.core.posts import PostTable, covering_posts
from app.core.workdays import WorkCalendar

ACCEPTED = (ACCEPT, TOLERATE)
VISIT_KINDS = ("intake", "supplement", "pickup")  # the applicant came to the window
# Every kind of record a figure reads (the reports ask the store for these only).
READ_KINDS = (
    *VISIT_KINDS,
    "consultation",
    "transfer",
    "case_status",
    "review",
    "complaint",
    "ticket",
)
# The back office finished its work: the result is ready, handed over or closed.
DONE_STATES = (CaseState.RESULT_READY, CaseState.DELIVERED, CaseState.CLOSED)
# A review of 3 (基本满意) or better is a good review (好评), 2 and 1 bad (差评).
GOOD_LEVEL = 3

# Each figure's name: Chinese as printed (reports, the CLI, the county) and English for the
# English interface. Formulas in docs/figures.md.
NAMES: dict[str, tuple[str, str]] = {
    "visits": ("来访人次（含咨询）", "Visits (consultations included)"),
    "consultations": ("咨询", "Consultations"),
    "begun": ("新收申请", "New applications"),
    "accepted": ("受理（含容缺）", "Accepted (tolerated gaps included)"),
    "first_pass": ("一次通过率", "Accepted at the first visit"),
    "once": ("跑一次率", "Done in one trip"),
    "completed": ("办结", "Completed"),
    "on_time": ("按时办结率", "Completed on time"),
    "average_workdays": ("平均办结用时（工作日）", "Average time to complete (working days)"),
    "speedup_actual": ("实际提速率（对法定时限）", "Actual speed-up on the legal limit"),
    "speedup_promised": ("承诺提速率（对法定时限）", "Promised speed-up on the legal limit"),
    "tolerated": ("容缺受理（承诺书）", "Accepted with tolerated gaps (promise signed)"),
    "supplements": (
        "容缺补齐到期 / 按时 / 逾期补齐 / 未补齐",
        "Gaps due / supplied on time / late / missing",
    ),
    "completed_late": ("超期办结", "Completed late"),
    "overdue": ("期末超期未办结", "Overdue at the end of the period"),
    "reviews": ("评价数", "Reviews"),
    "good": ("好评率", "Good reviews"),
    "mean": ("平均评分", "Mean review score"),
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __contains__(self, d: object) -> bool:
        if isinstance(d, datetime):
            d = d.date()
        return isinstance(d, date) and self.start <= d <= self.end

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def months(self) -> list[Period]:
        out, d = [], self.start.replace(day=1)
        while d <= self.end:
            out.append(month_period(d.year, d.month))
            d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
        return out

    @property
    def label(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        if self == month_period(self.start.year, self.start.month):
            return f"{self.start:%Y-%m}"
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return str(self.start.year)
        return f"{self.start}~{self.end}"


def day_period(d: date) -> Period:
    return Period(d, d)


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, _cal.monthrange(year, month)[1]))


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class Event:
    """One record as the figures read it."""

    kind: str
    at: datetime  # the window's local time, naive
    case_id: str | None
    payload: Mapping[str, Any]


@dataclass
class CaseFacts:
    case_id: str
    case_no: str
    centre: str
    window: str
    clerk: str  # who received the application (first visit)
    item_code: str
    item_name: str
    first_visit: datetime
    first_outcome: str
    legal_days: int | None = None
    promised_days: int | None = None
    accepted_at: datetime | None = None
    accepted_visit: int | None = None
    tolerated: bool = False  # accepted with tolerated gaps (容缺受理, with a 承诺书)
    promised_date: date | None = None
    supplement_deadline: date | None = None  # the 容缺 deadline agreed at acceptance
    supplemented_at: datetime | None = None  # the tolerated gaps were supplied
    completed_at: datetime | None = None  # 办结: result ready or delivered, or 不予许可
    ended_at: datetime | None = None  # the applicant's matter ended: delivered or 不予许可
    denied: bool = False  # refused by the back office after acceptance (不予许可)
    state: str = ""
    trips: set[date] = field(default_factory=set)  # days the applicant came for it

    @property
    def window_key(self) -> str:
        return f"{self.centre}/{self.window}"


@dataclass(frozen=True)
class ReviewFact:
    level: int
    at: datetime
    centre: str
    window: str
    clerk: str
    item_code: str


@dataclass(frozen=True)
class TicketFact:
    ticket_id: str
    category: str  # review | complaint | ... (the source kind until categories are kept)
    state: str
    opened: date
    due: date | None
    centre: str = ""
    window: str = ""


Limits = Callable[[str, int | None], tuple[int | None, int | None]]


def event_of(kind: str, created_at: str, case_id: str | None, payload: str) -> Event:
    """A stored record (its columns as the window and the central keep them) as the figures
    read it: the time is the window's own local time, the payload its canonical JSON."""
    at = datetime.fromisoformat(created_at).replace(tzinfo=None)
    return Event(kind, at, case_id, json.loads(payload))


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def case_facts(events: Iterable[Event], limits: Limits | None = None) -> dict[str, CaseFacts]:
    """One fact sheet per case whose first visit (the intake record) is among ``events``.

    ``limits(item_code, catalog_version)`` gives the item's (legal, promised) working days.
    Events are taken in time order; records of a case without its intake are ignored."""
    cases: dict[str, CaseFacts] = {}
    for ev in sorted(events, key=lambda e: e.at):
        p = ev.payload
        if ev.case_id is None:
            continue
        if ev.kind == "intake":
            if ev.case_id in cases:
                continue
            legal, promised = (
                limits(p.get("item_code", ""), p.get("catalog_version")) if limits else (None, None)
            )
            cases[ev.case_id] = CaseFacts(
                case_id=ev.case_id,
                case_no=str(p.get("case_no") or ""),
                centre=str(p.get("centre") or ""),
                window=str(p.get("window") or ""),
                clerk=str(p.get("clerk") or ""),
                item_code=str(p.get("item_code") or ""),
                item_name=str(p.get("item_name") or p.get("item_code") or ""),
                first_visit=ev.at,
                first_outcome=str(p.get("outcome") or ""),
                legal_days=legal,
                promised_days=promised,
            )
        c = cases.get(ev.case_id)
        if c is None:
            continue
        state = p.get("state")
        if ev.kind in VISIT_KINDS:
            c.trips.add(ev.at.date())
        if ev.kind in ("intake", "supplement"):
            outcome = p.get("outcome")
            if outcome in ACCEPTED and c.accepted_at is None:
                c.accepted_at, c.accepted_visit = ev.at, int(p.get("visit") or 1)
                c.tolerated = outcome == TOLERATE
                c.promised_date = _day(p.get("promised_date"))
                c.supplement_deadline = _day(p.get("supplement_deadline"))
            elif outcome == ACCEPT and c.tolerated and c.supplemented_at is None:
                c.supplemented_at = ev.at
        if state == CaseState.REFUSED and c.accepted_at is not None:
            c.denied = True
            c.completed_at = c.completed_at or ev.at
            c.ended_at = c.ended_at or ev.at
        elif state in DONE_STATES and c.accepted_at is not None:
            c.completed_at = c.completed_at or ev.at
            if state == CaseState.DELIVERED:
                c.ended_at = c.ended_at or ev.at
        if state:
            c.state = str(state)
    return cases


# ---- the figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def __str__(self) -> str:
        v = self.value
        return "—" if v is None else f"{v:.1%}"


def first_pass(cases: Iterable[CaseFacts], period: Period) -> Rate:
    """一次通过率: of the applications first brought in the period, those accepted (受理 or
    容缺受理) at that first visit."""
    begun = [c for c in cases if c.first_visit in period]
    return Rate(sum(1 for c in begun if c.first_outcome in ACCEPTED), len(begun))


def once_rate(cases: Iterable[CaseFacts], period: Period) -> Rate:
    """跑一次率: of the matters that ended in the period (result delivered, or 不予许可), those
    for which the applicant came to the window on at most one day (intake, supplements and
    the pickup counted; a result posted is no trip)."""
    ended = [c for c in cases if c.ended_at is not None and c.ended_at in period]
    return Rate(sum(1 for c in ended if len(c.trips) <= 1), len(ended))


def completed(cases: Iterable[CaseFacts], period: Period) -> list[CaseFacts]:
    return [c for c in cases if c.completed_at is not None and c.completed_at in period]


def on_time(cases: Iterable[CaseFacts], period: Period) -> Rate:
    """按时办结率: of the cases completed (办结) in the period that had a promised date, those
    completed on or before it."""
    done = [
        (c.completed_at.date(), c.promised_date)
        for c in completed(cases, period)
        if c.completed_at is not None and c.promised_date is not None
    ]
    return Rate(sum(1 for at, due in done if at <= due), len(done))


def _workdays(c: CaseFacts, cal: WorkCalendar) -> int | None:
    if c.accepted_at is None or c.completed_at is None:
        return None
    try:
        return cal.workdays_between(c.accepted_at.date(), c.completed_at.date())
    except CounterError:  # a year without a holiday table: not counted
        return None


def average_workdays(cases: Iterable[CaseFacts], period: Period, cal: WorkCalendar) -> float | None:
    """平均办结用时: working days from acceptance to completion (acceptance day not counted),
    averaged over the cases completed in the period."""
    spans = [d for c in completed(cases, period) if (d := _workdays(c, cal)) is not None]
    return sum(spans) / len(spans) if spans else None


def speedup_actual(cases: Iterable[CaseFacts], period: Period, cal: WorkCalendar) -> float | None:
    """实际提速率: 1 - Σ working days taken / Σ legal days, over the cases completed in the
    period whose item has a legal limit above 0."""
    used = legal = 0
    for c in completed(cases, period):
        d = _workdays(c, cal)
        if d is not None and c.legal_days:
            used, legal = used + d, legal + c.legal_days
    return 1 - used / legal if legal else None


def speedup_promised(cases: Iterable[CaseFacts], period: Period) -> float | None:
    """承诺提速率: 1 - Σ promised days / Σ legal days, over the cases accepted in the period
    whose item has both limits and a legal limit above 0."""
    pairs = [
        (c.promised_days, c.legal_days)
        for c in cases
        if c.accepted_at is not None
        and c.accepted_at in period
        and c.legal_days
        and c.promised_days is not None
    ]
    legal = sum(lg for _, lg in pairs)
    return 1 - sum(p for p, _ in pairs) / legal if legal else None


@dataclass(frozen=True)
class Supplements:
    """容缺: tolerated acceptances (each with its 承诺书) and the supplements they promised."""

    tolerated: int  # 容缺受理 in the period
    due: int  # supplements whose deadline fell in the period
    on_time: int  # of those, supplied on or before the deadline
    late: int  # supplied after the deadline (by the end of the period)
    missing: int  # not supplied by the end of the period

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.on_time, self.due)


def supplements(cases: Iterable[CaseFacts], period: Period) -> Supplements:
    cs = list(cases)
    tolerated = sum(1 for c in cs if c.tolerated and c.accepted_at in period)
    due = [c for c in cs if c.tolerated and c.supplement_deadline in period]
    on, late, missing = 0, 0, 0
    for c in due:
        got = c.supplemented_at.date() if c.supplemented_at else None
        if got is not None and got <= period.end and got <= c.supplement_deadline:  # type: ignore[operator]
            on += 1
        elif got is not None and got <= period.end:
            late += 1
        else:
            missing += 1
    return Supplements(tolerated, len(due), on, late, missing)


def overdue_open(cases: Iterable[CaseFacts], as_of: date) -> list[CaseFacts]:
    """超期未办结: accepted cases not completed by the end of ``as_of`` whose promised date
    is before it (the promised day itself is still on time), most overdue first."""
    out = [
        c
        for c in cases
        if c.accepted_at is not None
        and c.accepted_at.date() <= as_of
        and c.promised_date is not None
        and c.promised_date < as_of
        and (c.completed_at is None or c.completed_at.date() > as_of)
    ]
    return sorted(out, key=lambda c: (c.promised_date, c.case_no))


def completed_late(cases: Iterable[CaseFacts], period: Period) -> int:
    """超期办结: completed in the period after the promised date."""
    r = on_time(cases, period)
    return r.denominator - r.numerator


@dataclass(frozen=True)
class Reviews:
    count: int
    good: Rate  # 好评率: levels 5, 4 and 3 of all reviews
    mean: float | None  # mean review score, 1 to 5
    by_level: dict[int, int]


def reviews(facts: Iterable[ReviewFact], period: Period) -> Reviews:
    levels = [r.level for r in facts if r.at in period]
    by_level = {lv: levels.count(lv) for lv in (5, 4, 3, 2, 1)}
    good = sum(1 for lv in levels if lv >= GOOD_LEVEL)
    return Reviews(
        len(levels),
        Rate(good, len(levels)),
        sum(levels) / len(levels) if levels else None,
        by_level,
    )


def tickets_by(facts: Iterable[TicketFact], period: Period, what: str) -> dict[str, int]:
    """Tickets opened in the period, counted by ``state`` or ``category``."""
    out: dict[str, int] = {}
    for t in facts:
        if t.opened in period:
            key = getattr(t, what)
            out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class Figures:
    """Every figure of one period for one group of cases (the centre, a window, a clerk, an item)."""

    period: Period
    begun: int  # applications first brought (not consultations)
    accepted: int
    first_pass: Rate
    once: Rate
    completed: int
    on_time: Rate
    average_workdays: float | None
    speedup_actual: float | None
    speedup_promised: float | None
    supplements: Supplements
    overdue: list[str]  # case numbers overdue and not completed at the period's end
    completed_late: int
    reviews: Reviews
    tickets_by_state: dict[str, int]
    tickets_by_category: dict[str, int]
    visits: int = 0  # applicant visits, consultations included
    consultations: int = 0


def figures(
    period: Period,
    cases: Sequence[CaseFacts],
    review_facts: Sequence[ReviewFact],
    ticket_facts: Sequence[TicketFact],
    cal: WorkCalendar,
    *,
    visits: int = 0,
    consultations: int = 0,
    as_of: date | None = None,
) -> Figures:
    """``as_of``: the day the figures are drawn; a period not over yet counts its overdue cases
    as at that day, not as at its last day (a case promised for a later day is not late yet)."""
    end = period.end if as_of is None else min(period.end, as_of)
    return Figures(
        period=period,
        begun=sum(1 for c in cases if c.first_visit in period),
        accepted=sum(1 for c in cases if c.accepted_at is not None and c.accepted_at in period),
        first_pass=first_pass(cases, period),
        once=once_rate(cases, period),
        completed=len(completed(cases, period)),
        on_time=on_time(cases, period),
        average_workdays=average_workdays(cases, period, cal),
        speedup_actual=speedup_actual(cases, period, cal),
        speedup_promised=speedup_promised(cases, period),
        supplements=supplements(cases, period),
        overdue=[] if end < period.start else [c.case_no for c in overdue_open(cases, end)],
        completed_late=completed_late(cases, period),
        reviews=reviews(review_facts, period),
        tickets_by_state=tickets_by(ticket_facts, period, "state"),
        tickets_by_category=tickets_by(ticket_facts, period, "category"),
        visits=visits,
        consultations=consultations,
    )


# ---- groups ------------------------------------------------------------------------------

GROUPS: dict[str, tuple[Callable[[CaseFacts], str], Callable[[ReviewFact], str]]] = {
    "window": (lambda c: c.window_key, lambda r: f"{r.centre}/{r.window}"),
    "clerk": (lambda c: c.clerk, lambda r: r.clerk),
    "item": (lambda c: c.item_code, lambda r: r.item_code),
    # Across windows a login name is only unique at its window (accounts made there).
    "clerk_at_window": (
        lambda c: f"{c.window_key} {c.clerk}",
        lambda r: f"{r.centre}/{r.window} {r.clerk}",
    ),
}


def figures_by(
    what: str,
    period: Period,
    cases: Sequence[CaseFacts],
    review_facts: Sequence[ReviewFact],
    cal: WorkCalendar,
    *,
    as_of: date | None = None,
) -> dict[str, Figures]:
    """The figures per window, clerk or item (``what``); tickets are not split."""
    case_key, review_key = GROUPS[what]
    keys = {case_key(c) for c in cases} | {review_key(r) for r in review_facts if r.at in period}
    return {
        k: figures(
            period,
            [c for c in cases if case_key(c) == k],
            [r for r in review_facts if review_key(r) == k],
            [],
            cal,
            as_of=as_of,
        )
        for k in sorted(keys)
    }


UNPOSTED = "未分岗"  # the per-post row of cases and reviews no post covers


def posts_held(
    table: PostTable, clerk: str, item_code: str, absent: Collection[str] = frozenset()
) -> list[str]:
    """The codes of the posts under which work by ``clerk`` on ``item_code`` counts, on a day
    when ``absent`` were away: the posts handling the item that the clerk held then (its A, or
    its B covering every absent A, or its C covering every absent A and B: the rule of
    ``app.core.posts.depths_for``), in the table's order; ``[UNPOSTED]`` when there is none.
    The clerk did the work, so it was there: its own absence is not counted against it."""
    away = set(absent) - {clerk}
    return [p.code for p in covering_posts(table, clerk, item_code, away)] or [UNPOSTED]


# (centre, clerk, item code, day) -> the posts under which that work counts (``posts_held``)
Held = Callable[[str, str, str, date], Sequence[str]]


def figures_by_post(
    period: Period,
    cases: Sequence[CaseFacts],
    review_facts: Sequence[ReviewFact],
    cal: WorkCalendar,
    table: PostTable | None,
    absent_on: Callable[[date], Collection[str]] = lambda _d: frozenset(),
    *,
    held: Held | None = None,
    order: Sequence[str] = (),
    as_of: date | None = None,
) -> dict[str, Figures]:
    """The figures per post (岗位): a case counts for every post its clerk held for its item
    on the day of its first visit (``posts_held`` by ``table`` with ``absent_on(day)`` away),
    a review for the posts the clerk it names held for its item on its day; tickets are not
    split. Posts in the table's order, then ``UNPOSTED``. A clerk holding two posts for an
    item counts under both, so the rows may add up to more than the total.

    Instead of one table, ``held`` may say the posts of each (centre, clerk, item, day) (the
    county: each centre's table in force that day), with ``order`` the order of the rows."""
    if held is None:
        assert table is not None
        posts = table

        def by_table(_centre: str, clerk: str, item: str, day: date) -> Sequence[str]:
            return posts_held(posts, clerk, item, absent_on(day))

        held, order = by_table, [p.code for p in table.posts]
    rule = held
    memo: dict[tuple[str, str, str, date], Sequence[str]] = {}

    def of(centre: str, clerk: str, item: str, day: date) -> Sequence[str]:
        key = (centre, clerk, item, day)
        if key not in memo:
            memo[key] = rule(centre, clerk, item, day)
        return memo[key]

    case_posts = [(c, of(c.centre, c.clerk, c.item_code, c.first_visit.date())) for c in cases]
    review_posts = [(r, of(r.centre, r.clerk, r.item_code, r.at.date())) for r in review_facts]
    keys = {k for _, ks in case_posts for k in ks}
    keys |= {k for r, ks in review_posts if r.at in period for k in ks}
    ordered = [k for k in order if k != UNPOSTED]
    ordered += [*sorted(keys - set(ordered) - {UNPOSTED}), UNPOSTED]
    return {
        k: figures(
            period,
            [c for c, ks in case_posts if k in ks],
            [r for r, ks in review_posts if k in ks],
            [],
            cal,
            as_of=as_of,
        )
        for k in ordered
        if k in keys
    }


def active(f: Figures) -> bool:
    """Anything happened in the group during the period (else it is left out of tables)."""
    return bool(
        f.begun or f.accepted or f.completed or f.once.denominator or f.reviews.count or f.overdue
    )


def worst_items(by_item: Mapping[str, Figures], n: int = 10) -> list[tuple[str, Figures]]:
    """Items ranked worst first: most overdue, then lowest first-pass rate, then most bad
    reviews; items with nothing to rank are left out."""

    def badness(kv: tuple[str, Figures]) -> tuple[float, ...]:
        f = kv[1]
        fp = f.first_pass.value
        bad = f.reviews.by_level.get(2, 0) + f.reviews.by_level.get(1, 0)
        late = len(f.overdue) + f.completed_late
        return (-late, fp if fp is not None else 1.0, -bad, kv[0])  # type: ignore[return-value]

    ranked = [
        kv
        for kv in by_item.items()
        if kv[1].overdue
        or kv[1].completed_late
        or (kv[1].first_pass.value or 1.0) < 1.0
        or kv[1].reviews.by_level.get(2, 0) + kv[1].reviews.by_level.get(1, 0)
    ]
    return sorted(ranked, key=badness)[:n]


def consultations_and_visits(events: Iterable[Event], period: Period) -> tuple[int, int]:
    """(visits, consultations) recorded in the period."""
    visits = consults = 0
    for ev in events:
        if ev.at in period:
            if ev.kind == "consultation" or ev.payload.get("outcome") == CONSULT:
                consults += 1
                visits += 1
            elif ev.kind in VISIT_KINDS:
                visits += 1
    return visits, consults


def review_facts(events: Iterable[Event]) -> list[ReviewFact]:
    return [
        ReviewFact(
            int(ev.payload.get("level") or 0),
            ev.at,
            str(ev.payload.get("centre") or ""),
            str(ev.payload.get("window") or ""),
            str(ev.payload.get("clerk") or ""),
            str(ev.payload.get("item_code") or ""),
        )
        for ev in events
        if ev.kind == "review" and ev.payload.get("level") in (1, 2, 3, 4, 5)
    ]


__all__ = [
    "ACCEPTED",
    "REFUSE",
    "UNPOSTED",
    "CaseFacts",
    "Event",
    "Figures",
    "Period",
    "Rate",
    "ReviewFact",
    "TicketFact",
    "case_facts",
    "day_period",
    "figures",
    "figures_by",
    "figures_by_post",
    "month_period",
    "year_period",
]
