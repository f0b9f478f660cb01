"""The one decision of a visit (app.core.decision): first and return visits, the 容缺 deadline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from app.core.cases import CaseState, CaseView
from app.core.catalog import Item, Material, Option, Question
from app.core.checklist import (
    ACCEPT,
    CONSULT,
    CORRECTION,
    DEFECTIVE,
    MISSING,
    OK,
    REFUSE,
    TOLERATE,
    ToldGap,
    Verdict,
)
from app.core.decision import SUPPLEMENT_WORKDAYS, decide
from app.core.errors import CounterError
from app.core.parties import Party
from app.core.workdays import WorkCalendar

ALL = ("收件", "原件核验", "一次性告知", "受理", "结果送达")
TODAY = date(2026, 3, 2)  # a Monday of an ordinary working week
CAL = WorkCalendar()
ITEM = Item(
    code="T-1",
    name="测试事项",
    promised_days=15,
    legal_days=20,
    questions=(Question("s", "情形", False, (Option("s1", "新办"), Option("s2", "变更"))),),
    materials=(
        Material("m1", "申请表"),
        Material("m2", "身份证", necessity="必要"),
        Material("m3", "户口簿", necessity="容缺"),
        Material("m4", "照片", necessity="非必要"),
    ),
)
ANSWERS = {"s": ["s1"]}


def v(**verdicts: str | tuple[str, str]) -> dict[str, Verdict]:
    return {k: Verdict(*x) if isinstance(x, tuple) else Verdict(x) for k, x in verdicts.items()}


def first(verdicts, item=ITEM, authorised=ALL, today=TODAY):
    return decide(item, ANSWERS, verdicts, authorised, CAL, today)


def case_after(decision, state: CaseState, deadline: date | None = None) -> CaseView:
    """The case a first visit left, as the store shows it."""
    outstanding = [g.material for g in decision.gaps]
    at = datetime(2026, 3, 2, 9)
    return CaseView(
        id="c1",
        case_no="C1-W1-20260302-0001",
        item_code=ITEM.code,
        item_name=ITEM.name,
        catalog_version=1,
        state=state,
        outcome=None,
        reason=None,
        applicant=Party("person", "张三", "resident_id", "11010519491231002X"),
        agent=None,
        answers={k: list(x) for k, x in ANSWERS.items()},
        verdicts=dict(decision.evaluation.verdicts),
        outstanding=outstanding,
        promised_days=ITEM.promised_days,
        promised_date=decision.promised_date if state == CaseState.TOLERATED else None,
        supplement_deadline=deadline,
        accepted_at=at if state == CaseState.TOLERATED else None,
        created_at=at,
        updated_at=at,
        visits=1,
        clerk="clerk1",
        history=[],
    )


def test_the_gaps_told_carry_their_reason_in_catalog_order():
    d = first(v(m1=OK, m2=(DEFECTIVE, "复印件不清晰")))
    assert d.gaps == (
        ToldGap("m2", "身份证", DEFECTIVE, "复印件不清晰"),
        ToldGap("m3", "户口簿", MISSING, None, tolerable=True),
    )
    assert [g.told for g in d.gaps] == ["不符合要求：复印件不清晰", "缺少"]
    assert d.suggested == CORRECTION and not d.allowed[TOLERATE]
    assert "身份证" in d.why_not[TOLERATE]


def test_the_default_tolerance_deadline_is_seven_working_days_within_the_promise():
    d = first(v(m1=OK, m2=OK))
    assert d.suggested == TOLERATE
    assert d.latest_deadline == CAL.add_workdays(TODAY, 15) == d.promised_date
    assert d.default_deadline == CAL.add_workdays(TODAY, SUPPLEMENT_WORKDAYS)
    short = first(v(m1=OK, m2=OK), item=replace(ITEM, promised_days=3))
    assert short.default_deadline == short.latest_deadline == CAL.add_workdays(TODAY, 3)
    legal = first(v(m1=OK, m2=OK), item=replace(ITEM, promised_days=None))
    assert legal.latest_deadline == CAL.add_workdays(TODAY, 20)
    assert legal.promised_date is None


def test_without_any_time_limit_tolerance_is_not_offered():
    d = first(v(m1=OK, m2=OK), item=replace(ITEM, promised_days=None, legal_days=None))
    assert not d.allowed[TOLERATE] and "没有办结时限" in d.why_not[TOLERATE]
    assert d.suggested == CORRECTION
    with pytest.raises(CounterError) as err:
        d.settle(TOLERATE, reason=None, supplement_deadline=None)
    assert err.value.code == "outcome.deadline"


def test_settle_takes_the_default_deadline_and_refuses_a_later_one():
    d = first(v(m1=OK, m2=OK))
    settled = d.settle(None, reason=None, supplement_deadline=None)
    assert settled.outcome == TOLERATE and settled.supplement_deadline == d.default_deadline
    assert settled.first_acceptance and settled.promised_date == d.promised_date
    with pytest.raises(CounterError) as err:
        d.settle(TOLERATE, reason=None, supplement_deadline=date(2026, 12, 31))
    assert err.value.code == "outcome.deadline"
    with pytest.raises(CounterError) as err:
        d.settle(TOLERATE, reason=None, supplement_deadline=date(2026, 3, 1))
    assert err.value.code == "outcome.deadline"


def test_a_window_without_the_power_is_told_why_not_given_a_refusal():
    d = first(v(m1=OK, m2=OK, m3=OK), authorised=("收件", "一次性告知"))
    assert d.suggested == CONSULT
    with pytest.raises(CounterError) as err:
        d.settle(None, reason=None, supplement_deadline=None)
    assert err.value.code == "outcome.not_allowed" and "没有“受理”权限" in err.value.message


def test_a_tolerated_case_returning_is_never_offered_a_one_time_notice():
    """The wizard used to evaluate a return visit by itself and offer 一次性告知 here."""
    at_acceptance = first(v(m1=OK, m2=OK))
    case = case_after(at_acceptance, CaseState.TOLERATED, at_acceptance.default_deadline)
    later = date(2026, 3, 5)
    d = decide(ITEM, {}, {}, ALL, CAL, later, case)  # the 容缺 material still missing
    assert not d.allowed[CORRECTION] and "容缺受理" in d.why_not[CORRECTION]
    assert not d.allowed[CONSULT] and not d.allowed[ACCEPT]
    assert d.allowed[TOLERATE] and d.suggested == TOLERATE
    # The deadline agreed at acceptance stands; the promise made then is kept.
    assert d.default_deadline == d.latest_deadline == at_acceptance.default_deadline
    settled = d.settle(None, reason=None, supplement_deadline=None)
    assert settled.supplement_deadline == at_acceptance.default_deadline
    assert settled.promised_date == at_acceptance.promised_date and not settled.first_acceptance
    with pytest.raises(CounterError) as err:
        d.settle(CORRECTION, reason=None, supplement_deadline=None)
    assert err.value.code == "outcome.not_allowed"
    done = decide(ITEM, {}, v(m3=OK), ALL, CAL, later, case)
    assert done.suggested == ACCEPT and done.gaps == ()


def test_an_expired_tolerance_leaves_completion_or_refusal():
    at_acceptance = first(v(m1=OK, m2=OK))
    case = case_after(at_acceptance, CaseState.TOLERATED, at_acceptance.default_deadline)
    d = decide(ITEM, {}, {}, ALL, CAL, date(2026, 6, 1), case)
    assert not d.allowed[TOLERATE] and "已过" in d.why_not[TOLERATE]
    assert d.suggested == REFUSE
    with pytest.raises(CounterError) as err:  # never refused for the clerk: said why
        d.settle(None, reason=None, supplement_deadline=None)
    assert err.value.code == "outcome.deadline"
    assert d.settle(REFUSE, reason="逾期未补齐", supplement_deadline=None).outcome == REFUSE


def test_a_return_visit_checks_only_what_is_outstanding():
    at_first = first(v(m1=OK, m2=(DEFECTIVE, "过期")))
    case = case_after(at_first, CaseState.AWAITING_CORRECTION)
    with pytest.raises(CounterError) as err:
        decide(ITEM, {}, v(m1=OK), ALL, CAL, TODAY, case)
    assert err.value.code == "case.not_outstanding"
    d = decide(ITEM, {}, v(m2=OK), ALL, CAL, date(2026, 3, 9), case)
    # Accepted at this visit: 容缺 is open, the promise counted from today.
    assert d.suggested == TOLERATE and d.gaps == (
        ToldGap("m3", "户口簿", MISSING, None, tolerable=True),
    )
    assert d.promised_date == CAL.add_workdays(date(2026, 3, 9), 15)
    closed = replace(case, state=CaseState.CLOSED)
    with pytest.raises(CounterError) as err:
        decide(ITEM, {}, {}, ALL, CAL, TODAY, closed)
    assert err.value.code == "case.not_open"
