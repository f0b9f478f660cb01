"""The outcome rules of the checklist engine, including a property test over random verdicts."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    Verdict,
    check_outcome,
    evaluate,
)
from app.core.errors import CounterError

ALL = {"收件", "原件核验", "一次性告知", "受理", "结果送达"}

ITEM = Item(
    code="T-1",
    name="测试事项",
    promised_days=5,
    questions=(Question("s", "情形", False, (Option("s1", "新办"), Option("s2", "变更"))),),
    materials=(
        Material("m1", "申请表"),
        Material("m2", "身份证", necessity="必要"),
        Material("m3", "户口簿", necessity="容缺"),
        Material("m4", "照片", necessity="非必要"),
        Material("m5", "变更证明", when=(("s2",),)),
        Material("m6", "结婚证", necessity="容缺", when=(("s1",),)),
    ),
)


def ev(verdicts, answers=None, authorised=ALL):
    return evaluate(
        ITEM,
        answers or {"s": ["s1"]},
        {k: Verdict(*v) if isinstance(v, tuple) else Verdict(v) for k, v in verdicts.items()},
        authorised,
    )


def test_all_ok_accepts():
    e = ev({"m1": OK, "m2": OK, "m3": OK, "m6": OK})
    assert e.allowed[ACCEPT] and e.suggested == ACCEPT
    assert not e.allowed[TOLERATE] and not e.allowed[CORRECTION]
    assert "m5" not in {m.id for m in e.applicable}  # s2 not chosen


def test_only_tolerable_gaps_suggest_tolerance():
    e = ev({"m1": OK, "m2": OK})
    assert not e.allowed[ACCEPT]
    assert e.allowed[TOLERATE] and e.suggested == TOLERATE
    assert [g.material.id for g in e.gaps] == ["m3", "m6"]


def test_a_required_gap_forces_correction_listing_every_gap():
    e = ev({"m1": OK, "m2": (DEFECTIVE, "复印件不清晰")})
    assert not e.allowed[ACCEPT] and not e.allowed[TOLERATE]
    assert e.suggested == CORRECTION
    assert [g.material.id for g in e.gaps] == ["m2", "m3", "m6"]
    assert "身份证" in e.why_not[TOLERATE]


def test_optional_material_never_blocks():
    e = ev({"m1": OK, "m2": OK, "m3": OK, "m6": OK, "m4": MISSING})
    assert e.allowed[ACCEPT]


def test_unauthorised_outcomes_are_never_offered():
    e = ev({"m1": OK, "m2": OK, "m3": OK, "m6": OK}, authorised={"收件", "一次性告知"})
    assert not e.allowed[ACCEPT] and "受理" in e.why_not[ACCEPT]
    assert not e.allowed[REFUSE]
    assert e.suggested == CONSULT


def test_defective_needs_a_reason_and_verdicts_must_be_known():
    with pytest.raises(CounterError) as err:
        Verdict(DEFECTIVE)
    assert err.value.code == "verdict.reason"
    with pytest.raises(CounterError):
        Verdict("fine")
    with pytest.raises(CounterError) as err:
        ev({"m5": OK})  # m5 applies only to 变更
    assert err.value.code == "verdict.material"


def test_check_outcome_reasons():
    e = ev({"m1": OK})
    with pytest.raises(CounterError) as err:
        check_outcome(e, ACCEPT, reason=None, supplement_deadline=None, promised_date=None)
    assert err.value.code == "outcome.not_allowed"
    with pytest.raises(CounterError) as err:
        check_outcome(e, REFUSE, reason=" ", supplement_deadline=None, promised_date=None)
    assert err.value.code == "outcome.reason"
    t = ev({"m1": OK, "m2": OK})
    with pytest.raises(CounterError) as err:
        check_outcome(
            t,
            TOLERATE,
            reason=None,
            supplement_deadline=date(2026, 12, 10),
            promised_date=date(2026, 12, 1),
        )
    assert err.value.code == "outcome.deadline"
    check_outcome(
        t,
        TOLERATE,
        reason=None,
        supplement_deadline=date(2026, 12, 1),
        promised_date=date(2026, 12, 1),
    )


verdict_st = st.one_of(
    st.just(Verdict(OK)), st.just(Verdict(MISSING)), st.just(Verdict(DEFECTIVE, "不清晰"))
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["m1", "m2", "m3", "m4", "m5", "m6"]), verdict_st),
    st.sampled_from(["s1", "s2"]),
)
def test_random_verdicts_never_let_a_gap_through(verdicts, option):
    applicable = {m.id for m in ITEM.materials if m.applies(frozenset({option}))}
    verdicts = {k: v for k, v in verdicts.items() if k in applicable}
    e = evaluate(ITEM, {"s": [option]}, verdicts, ALL)
    required_gap = [
        m
        for m in ITEM.materials
        if m.id in applicable and m.required and verdicts.get(m.id, Verdict(MISSING)).verdict != OK
    ]
    hard_gap = [m for m in required_gap if not m.tolerable]
    if e.allowed[ACCEPT]:
        assert not required_gap
    if e.allowed[TOLERATE]:
        assert required_gap and not hard_gap
    assert e.allowed[CORRECTION] == bool(required_gap)
    assert {g.material.id for g in e.gaps} == {m.id for m in required_gap}
    for outcome in (ACCEPT, TOLERATE):
        if not e.allowed[outcome]:
            with pytest.raises(CounterError):
                check_outcome(
                    e,
                    outcome,
                    reason="x",
                    supplement_deadline=date(2030, 1, 1),
                    promised_date=date(2030, 1, 1),
                )
