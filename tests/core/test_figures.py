"""Each figure's formula on a generated month of cases whose answers are known by construction.

November 2026 (no public holiday in it). Eight kinds of case, each a fixed story; the expected
values below are counted from the stories by hand, not by the formulas under test.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from app.core import figures as fg
from app.core.workdays import WorkCalendar

CAL = WorkCalendar()
NOV = fg.month_period(2026, 11)
INTAKE_DAYS = [date(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10)]  # working days
LIMITS = {"I20": (20, 10), "I0": (0, 0)}


def wd(d: date, n: int) -> date:
    return CAL.add_workdays(d, n)


def at(d: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute))


class Month:
    """Builds the events of the month, case by case."""

    def __init__(self) -> None:
        self.events: list[fg.Event] = []
        self.n = 0

    def ev(self, kind: str, when: datetime, case: str | None, **payload: object) -> None:
        self.events.append(fg.Event(kind, when, case, payload))

    def case(self, d: date, window: str, outcome: str, item: str = "I20", **extra: object) -> str:
        self.n += 1
        cid = f"case-{self.n}"
        _legal, promised = LIMITS[item]
        payload = {
            "case_no": f"C1-{window}-{self.n:04d}",
            "centre": "C1",
            "window": window,
            "clerk": f"clerk-{window}",
            "item_code": item,
            "item_name": f"事项{item}",
            "visit": 1,
            "outcome": outcome,
            "state": {"accept": "accepted", "tolerate": "tolerated"}.get(outcome, outcome),
        }
        if outcome in ("accept", "tolerate"):
            payload["promised_date"] = wd(d, promised).isoformat()
        payload.update(extra)
        self.ev("intake", at(d), cid, **payload)
        return cid

    def status(self, cid: str, d: date, state: str, hour: int = 15) -> None:
        self.ev("case_status", at(d, hour), cid, state=state)


def limits(code: str, _version: int | None) -> tuple[int | None, int | None]:
    return LIMITS[code]


@pytest.fixture(scope="module")
def month() -> Month:
    m = Month()
    days = iter(INTAKE_DAYS * 4)
    # A x5: accepted at once, result ready after 5 working days, picked up the day after.
    for _ in range(5):
        d = next(days)
        c = m.case(d, "W1", "accept")
        m.status(c, wd(d, 5), "result_ready")
        m.ev("pickup", at(wd(d, 6)), c, state="delivered", visit=2)
    # B x3: one-time notice, accepted at the second visit the next working day, ready 3
    # working days later, the result posted (delivered, no pickup at the window).
    for _ in range(3):
        d = next(days)
        c = m.case(d, "W2", "correction")
        d2 = wd(d, 1)
        m.ev(
            "supplement",
            at(d2),
            c,
            outcome="accept",
            visit=2,
            state="accepted",
            promised_date=wd(d2, 10).isoformat(),
        )
        m.status(c, wd(d2, 3), "result_ready")
        m.status(c, wd(d2, 4), "delivered")
    # C x4: 即办, accepted and handed over on the spot.
    for _ in range(4):
        d = next(days)
        c = m.case(d, "W1", "accept", item="I0")
        m.ev("pickup", at(d, 10), c, state="delivered", visit=2)
    # D x2: 容缺 with a 3-working-day deadline, supplied on the deadline day and one day
    # before it, completed after 12 working days (late).
    for supplied in (3, 2):
        d = next(days)
        c = m.case(d, "W2", "tolerate", supplement_deadline=wd(d, 3).isoformat())
        m.ev("supplement", at(wd(d, supplied)), c, outcome="accept", visit=2, state="accepted")
        m.status(c, wd(d, 12), "result_ready")
    # E x2: 容缺, never supplied, never completed.
    for _ in range(2):
        d = next(days)
        m.case(d, "W1", "tolerate", supplement_deadline=wd(d, 3).isoformat())
    # F x2: 不予受理 at the window.
    for _ in range(2):
        m.case(next(days), "W2", "refuse")
    # G x1: accepted, then 不予许可 by the back office after 4 working days.
    d = next(days)
    c = m.case(d, "W1", "accept")
    m.status(c, wd(d, 4), "refused")
    # H x1: accepted, transferred, nothing more.
    d = next(days)
    c = m.case(d, "W2", "accept")
    m.ev("transfer", at(wd(d, 1)), c, state="transferred")
    # Reviews 5 5 4 3 2 1 and a consultation.
    for i, level in enumerate((5, 5, 4, 3, 2, 1)):
        m.ev(
            "review",
            at(date(2026, 11, 16 + i)),
            None,
            level=level,
            centre="C1",
            window="W1" if i % 2 else "W2",
            clerk="clerk-W1" if i % 2 else "clerk-W2",
            item_code="I20",
        )
    m.ev("consultation", at(date(2026, 11, 2), 11), None, outcome="consult")
    return m


@pytest.fixture(scope="module")
def cases(month: Month) -> list[fg.CaseFacts]:
    return list(fg.case_facts(month.events, limits).values())


def test_stories_all_fall_in_november(month: Month) -> None:
    assert all(e.at in NOV for e in month.events)


def test_first_pass_rate(cases) -> None:
    # Accepted at the first visit: A5 C4 D2 E2 G1 H1 = 15 of 20 (B came back, F refused).
    assert fg.first_pass(cases, NOV) == fg.Rate(15, 20)


def test_once_rate(cases) -> None:
    # Ended: A5 (pickup) B3 (posted) C4 (on the spot) G1 (不予许可) = 13; one day: C4 + G1.
    assert fg.once_rate(cases, NOV) == fg.Rate(5, 13)


def test_on_time_rate_and_completed_late(cases) -> None:
    # Completed: A5 B3 C4 D2 G1 = 15; D was 2 working days past its promise.
    assert fg.on_time(cases, NOV) == fg.Rate(13, 15)
    assert fg.completed_late(cases, NOV) == 2


def test_average_working_days(cases) -> None:
    # A 5x5, B 3x3, C 4x0, D 2x12, G 1x4 over 15 cases.
    assert fg.average_workdays(cases, NOV, CAL) == pytest.approx(62 / 15)


def test_speedup_against_the_legal_limit(cases) -> None:
    # Actual: 62 working days used of 11 cases x 20 legal days (即办 has no legal days).
    assert fg.speedup_actual(cases, NOV, CAL) == pytest.approx(1 - 62 / 220)
    # Promised: 10 of 20 for every accepted case of item I20 (A5 B3 D2 E2 G1 H1).
    assert fg.speedup_promised(cases, NOV) == pytest.approx(0.5)


def test_tolerance_and_supplements(cases) -> None:
    s = fg.supplements(cases, NOV)
    assert (s.tolerated, s.due, s.on_time, s.late, s.missing) == (4, 4, 2, 0, 2)
    assert s.on_time_rate == fg.Rate(2, 4)


def test_a_supplement_after_its_deadline_is_late_and_one_not_yet_made_is_missing() -> None:
    m = Month()
    d = date(2026, 11, 2)
    late = m.case(d, "W1", "tolerate", supplement_deadline=wd(d, 3).isoformat())
    m.ev("supplement", at(wd(d, 4)), late, outcome="accept", visit=2, state="accepted")
    m.case(d, "W1", "tolerate", supplement_deadline=wd(d, 3).isoformat())
    facts = list(fg.case_facts(m.events, limits).values())
    s = fg.supplements(facts, NOV)
    assert (s.tolerated, s.due, s.on_time, s.late, s.missing) == (2, 2, 0, 1, 1)
    # Seen at the deadline day itself, the late one was still missing then.
    on_deadline = fg.supplements(facts, fg.Period(NOV.start, wd(d, 3)))
    assert (on_deadline.late, on_deadline.missing) == (0, 2)


def test_overdue_at_the_end_of_the_month(cases) -> None:
    late = fg.overdue_open(cases, NOV.end)
    # E2 (tolerated, never completed) and H1 (transferred, never completed).
    assert sorted(c.window for c in late) == ["W1", "W1", "W2"]
    assert all(c.completed_at is None for c in late)
    # On its promised day a case is not overdue yet.
    h = next(c for c in cases if c.window == "W2" and c.state == "transferred")
    assert h not in fg.overdue_open(cases, h.promised_date)
    assert h in fg.overdue_open(cases, h.promised_date + timedelta(days=1))


def test_a_period_not_over_counts_what_is_overdue_on_the_day_it_is_drawn(cases) -> None:
    """A 年报 drawn in the middle of the year: an open case promised for a day still to come is
    not overdue yet; a period that has not begun has nothing overdue."""
    h = next(c for c in cases if c.window == "W2" and c.state == "transferred")
    year = fg.year_period(2026)
    assert h.promised_date is not None
    on_promised = fg.figures(year, cases, [], [], CAL, as_of=h.promised_date)
    assert h.case_no not in on_promised.overdue
    day_after = h.promised_date + timedelta(days=1)
    assert h.case_no in fg.figures(year, cases, [], [], CAL, as_of=day_after).overdue
    # Drawn at the year's end or later: as at the last day, as before.
    at_end = fg.figures(year, cases, [], [], CAL)
    assert fg.figures(year, cases, [], [], CAL, as_of=date(2027, 3, 1)).overdue == at_end.overdue
    december = fg.month_period(2026, 12)
    assert fg.figures(december, cases, [], [], CAL, as_of=date(2026, 11, 30)).overdue == []


def test_reviews(month: Month) -> None:
    r = fg.reviews(fg.review_facts(month.events), NOV)
    assert r.count == 6
    assert r.good == fg.Rate(4, 6)
    assert r.mean == pytest.approx(20 / 6)
    assert r.by_level == {5: 2, 4: 1, 3: 1, 2: 1, 1: 1}


def test_visits_and_consultations(month: Month) -> None:
    # 20 intakes, 3 + 2 supplements, 5 + 4 pickups, 1 consultation.
    assert fg.consultations_and_visits(month.events, NOV) == (35, 1)


def test_tickets_by_state_and_category() -> None:
    t = [
        fg.TicketFact("1", "review", "open", date(2026, 11, 3), None),
        fg.TicketFact("2", "review", "closed", date(2026, 11, 4), None),
        fg.TicketFact("3", "complaint", "open", date(2026, 11, 5), None),
        fg.TicketFact("4", "complaint", "open", date(2026, 10, 30), None),
    ]
    assert fg.tickets_by(t, NOV, "state") == {"closed": 1, "open": 2}
    assert fg.tickets_by(t, NOV, "category") == {"complaint": 1, "review": 2}


def test_by_window_adds_up(month: Month, cases) -> None:
    by = fg.figures_by("window", NOV, cases, fg.review_facts(month.events), CAL)
    assert set(by) == {"C1/W1", "C1/W2"}
    # W1: A5 C4 E2 G1 = 12 begun, all accepted at once; W2: B3 D2 F2 H1 = 8, D and H at once.
    assert by["C1/W1"].first_pass == fg.Rate(12, 12)
    assert by["C1/W2"].first_pass == fg.Rate(3, 8)
    assert by["C1/W1"].reviews.count + by["C1/W2"].reviews.count == 6
    total = fg.figures(NOV, cases, fg.review_facts(month.events), [], CAL)
    assert total.begun == sum(f.begun for f in by.values()) == 20
    assert total.completed == sum(f.completed for f in by.values()) == 15


def test_a_day_and_a_year(cases) -> None:
    first = fg.day_period(date(2026, 11, 2))
    # On 2 November the first of A, B, C, D, E, F and G began (intake days cycle).
    assert fg.first_pass(cases, first).denominator == sum(
        1 for c in cases if c.first_visit.date() == date(2026, 11, 2)
    )
    year = fg.year_period(2026)
    assert fg.first_pass(cases, year) == fg.first_pass(cases, NOV)
    assert fg.first_pass(cases, fg.month_period(2026, 10)) == fg.Rate(0, 0)
    assert fg.Rate(0, 0).value is None


def test_records_of_a_case_without_its_intake_are_ignored() -> None:
    ev = [fg.Event("case_status", at(date(2026, 11, 3)), "x", {"state": "result_ready"})]
    assert fg.case_facts(ev) == {}


def test_periods() -> None:
    assert fg.month_period(2026, 2).end == date(2026, 2, 28)
    assert fg.month_period(2026, 12).label == "2026-12"
    assert fg.day_period(date(2026, 11, 5)).label == "2026-11-05"
    assert [p.label for p in fg.Period(date(2026, 11, 20), date(2027, 1, 3)).months()] == [
        "2026-11",
        "2026-12",
        "2027-01",
    ]
