"""Home's lists stay bounded: the running cases overdue for longest and the results waiting
longest are left out of a list past its limit, and counted."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.core.cases import IntakeRequest
from app.core.checklist import ACCEPT, Verdict
from app.services import case_lists
from app.services.reports import near_cutoff, window_report

ITEM = "LOCAL-0001"
FIRST = datetime(2026, 3, 2, 9, 0)  # a Monday


def _accept(ctx, applicant, now):  # type: ignore[no-untyped-def]
    item = ctx.catalog.item(ITEM)
    answers = {q.id: [q.options[0].id] for q in item.questions}
    pv = ctx.visits.preview(ITEM, answers, {}, today=now.date())
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    return ctx.visits.submit(
        IntakeRequest("clerk1", ITEM, applicant, answers, verdicts, outcome=ACCEPT),
        now=now,
        slips=False,
    )


def test_a_list_past_its_limit_keeps_the_latest_and_counts_the_rest(window, applicant) -> None:
    made = [_accept(window, applicant, FIRST + timedelta(days=7 * n)) for n in range(5)]
    promised = [r.promised_date for r in made]
    assert promised == sorted(promised) and len(set(promised)) == 5
    today = date(2026, 12, 1)  # every one of them overdue
    cutoff = near_cutoff(window.calendar.calendar(), today, 2)
    part = case_lists.due_by(window.store, cutoff, limit=3)
    assert part.total == 5
    assert [c.case_no for c in part.rows] == [r.case_no for r in made[::-1][:3]]
    assert [c.case_no for c in case_lists.due_by(window.store, cutoff).rows] == [
        r.case_no for r in made[::-1]
    ]
    for r in made[:2]:
        window.case_state.set_state(r.case_no, "transferred", "clerk1", now=FIRST)
        window.case_state.set_state(r.case_no, "result_ready", "", origin="central", now=FIRST)
    pickup = case_lists.awaiting_pickup(window.store, limit=1)
    assert pickup.total == 2 and len(pickup.rows) == 1
    report = window_report(window, today)
    assert sorted(report.overdue_cases) == sorted(r.case_no for r in made[2:])


def test_near_cutoff_is_the_last_near_date(window) -> None:
    from app.core.workdays import due_status

    cal = window.calendar.calendar()
    today = date(2026, 3, 5)  # a Thursday
    cutoff = near_cutoff(cal, today, 2)
    assert due_status(cutoff, today, cal, 2) == "near"
    assert due_status(cutoff + timedelta(days=1), today, cal, 2) == "ok"


def test_the_report_names_a_bounded_number_of_overdue_and_near_cases_and_counts_them_all(
    window, applicant, monkeypatch
) -> None:
    from app.services import reports

    made = [_accept(window, applicant, FIRST + timedelta(days=7 * n)) for n in range(5)]
    promised = sorted(r.promised_date for r in made)
    monkeypatch.setattr(reports, "LISTED", 2)
    today = promised[3]  # the last case is near (promised today), the first three overdue
    report = window_report(window, today)
    by_date = {r.promised_date: r.case_no for r in made}
    assert report.overdue_total == 3
    assert report.overdue_cases == [by_date[promised[2]], by_date[promised[1]]]
    assert report.near_total == 1 and report.near_cases == [by_date[promised[3]]]
    assert promised[4] > near_cutoff(window.calendar.calendar(), today, 2)  # neither
