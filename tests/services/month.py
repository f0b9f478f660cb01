"""A month of real work at a test window (November 2026), through the services, for the
report and archive tests and the sample reports in docs/reports (scripts/sample_reports.py).

Every working day of the month, in turn: an acceptance that goes its whole way (transfer,
result, pickup, a review), a one-time notice supplemented the next working day and posted, a
容缺 acceptance supplemented in time but completed late, a 不予受理, a consultation, a
即办 item handed over on the spot, and on some days a bad review (a ticket) or an acceptance
still running at the month's end, or left overdue. The clock is passed in: nothing depends on today's date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from app.bootstrap import Context
from app.core.cases import IntakeRequest
from app.core.checklist import Verdict
from app.core.parties import Party
from app.core.workdays import WorkCalendar
from tests.conftest import PASSWORD, resident_id

YEAR, MONTH = 2026, 11
CLERKS = ("clerk1", "clerk2")
APPLICANTS = [
    Party("person", name, "resident_id", resident_id(f"33010619900101{i:03d}"), "13800001111")
    for i, name in enumerate(("张𠈌", "李娜", "王强", "赵敏", "钱多多", "孙䶮"), start=1)
]
ANSWERS = {
    "DEMO-0001": {"q1": ["a1"], "q2": ["b3"]},
    "DEMO-0008": {"q1": ["a1"], "q2": ["b2"]},
    "DEMO-0006": {"q1": ["a4"], "q2": ["c1"]},
}


@dataclass
class Made:
    """What the month holds, for the tests to check against."""

    cases: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)  # delivered or refused
    running: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)  # past their promise at the month's end
    days: list[date] = field(default_factory=list)


def at(d: date, minutes: int) -> datetime:
    return datetime.combine(d, time(9, 0)) + timedelta(minutes=minutes)


def working_days(cal: WorkCalendar) -> list[date]:
    d, out = date(YEAR, MONTH, 1), []
    while d.month == MONTH:
        if cal.is_workday(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def add_clerks(ctx: Context) -> None:
    ctx.users.add("clerk2", "周窗口", "clerk", PASSWORD)
    ctx.users.add("boss", "吴科长", "supervisor", PASSWORD)


def _verdicts(
    ctx: Context, item: str, answers: Mapping[str, Sequence[str]], day: date, *, drop: str = ""
) -> dict[str, Verdict]:
    pv = ctx.visits.preview(item, answers, {}, day)
    return {
        m.id: Verdict("missing" if drop and m.necessity == drop else "ok")
        for m in pv.evaluation.applicable
    }


def intake(
    ctx: Context, item: str, when: datetime, clerk: str, applicant: Party, **kw: object
) -> str:
    answers = ANSWERS[item]
    drop = str(kw.pop("drop", ""))
    verdicts = kw.pop("verdicts", None) or _verdicts(ctx, item, answers, when.date(), drop=drop)
    r = ctx.visits.submit(
        IntakeRequest(clerk, item, applicant, answers, verdicts, **kw),  # type: ignore[arg-type]
        now=when,
        slips=True,
    )
    assert r.case_no is not None
    return r.case_no


def supplement(
    ctx: Context, case_no: str, clerk: str, when: datetime, outcome: str | None = None
) -> None:
    """The applicant brings every outstanding material."""
    case = ctx.cases.case(case_no)
    verdicts = {m: Verdict("ok") for m in case.outstanding}
    ctx.visits.submit(
        IntakeRequest(clerk, case.item_code, None, {}, verdicts, case_no=case_no, outcome=outcome),
        now=when,
        slips=True,
    )


def make_month(ctx: Context) -> Made:
    """Fill a window (initialised, demo catalog, clerk1) with November 2026."""
    add_clerks(ctx)
    cal = ctx.calendar.calendar()
    made = Made(days=working_days(cal))
    wd = cal.add_workdays
    for i, day in enumerate(made.days):
        clerk = CLERKS[i % 2]
        who = APPLICANTS[i % len(APPLICANTS)]
        # 1. accepted, transferred, result ready, picked up; a good review of the intake.
        no = intake(ctx, "DEMO-0001", at(day, 0), clerk, who)
        made.cases.append(no)
        rec = ctx.cases.case(no).history[-1]["record_id"]
        ctx.feedback.review(rec, 5 - i % 3, None, "pad", clerk, now=at(day, 5))
        if i < len(made.days) - 4:
            ctx.case_state.set_state(no, "transferred", clerk, now=at(wd(day, 1), 30))
            ctx.case_state.set_state(no, "result_ready", clerk, now=at(wd(day, 3 + i % 3), 60))
            if i < len(made.days) - 6:
                ctx.visits.pickup(no, clerk, who, False, now=at(wd(day, 5 + i % 3), 90))
                made.ended.append(no)
        else:
            made.running.append(no)
        # 2. a one-time notice, supplemented the next working day, the result delivered.
        if i % 2 == 0 and i < len(made.days) - 5:
            no = intake(ctx, "DEMO-0008", at(day, 20), clerk, who, drop="必要")
            made.cases.append(no)
            nxt = wd(day, 1)
            supplement(ctx, no, clerk, at(nxt, 40))
            ctx.case_state.set_state(no, "result_ready", clerk, now=at(wd(nxt, 2), 70))
            ctx.case_state.set_state(no, "delivered", clerk, now=at(wd(nxt, 3), 70))
            made.ended.append(no)
        # 3. 容缺: supplied in time, completed after the promise (12 working days).
        if i % 3 == 0 and i < len(made.days) - 13:
            no = intake(ctx, "DEMO-0001", at(day, 40), clerk, who, drop="容缺", outcome="tolerate")
            made.cases.append(no)
            supplement(ctx, no, clerk, at(wd(day, 2), 50), outcome="accept")
            ctx.case_state.set_state(no, "result_ready", clerk, now=at(wd(day, 12), 80))
            made.running.append(no)
        # 4. 不予受理 now and then; 5. a consultation; 6. 即办 handed over on the spot.
        if i % 5 == 1:
            no = intake(
                ctx,
                "DEMO-0001",
                at(day, 60),
                clerk,
                who,
                outcome="refuse",
                reason="不属于本窗口受理范围",
            )
            made.cases.append(no)
            made.ended.append(no)
        ctx.visits.submit(
            IntakeRequest(clerk, "DEMO-0001", None, {}, {}, outcome="consult", question="要带什么"),
            now=at(day, 70),
            slips=False,
        )
        if i % 2 == 1:
            no = intake(ctx, "DEMO-0006", at(day, 80), clerk, who)
            made.cases.append(no)
            ctx.visits.pickup(no, clerk, who, False, now=at(day, 85))
            made.ended.append(no)
            if i % 4 == 1:
                rec = ctx.cases.case(no).history[-1]["record_id"]
                ctx.feedback.review(rec, 2, "等候时间太长", "pad", clerk, now=at(day, 86))
        # 7. twice in the month: accepted, transferred, and left there (overdue at its end).
        if i in (1, 4):
            no = intake(ctx, "DEMO-0001", at(day, 100), clerk, who)
            made.cases.append(no)
            ctx.case_state.set_state(no, "transferred", clerk, now=at(wd(day, 1), 110))
            made.running.append(no)
            made.overdue.append(no)
    return made
