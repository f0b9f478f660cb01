"""The written rules for one case served at several windows (docs/any-window.md), on the fold
every window and the central database run: each conflict resolved by its rule, listed, and the
result independent of the order visits arrive in."""

from __future__ import annotations

import random
from typing import Any

import pytest

from app.core.case_merge import (
    LATE_TOLERANCE,
    PICKUP_NOT_READY,
    PICKUP_TWICE,
    SUPPLEMENT_AFTER_REFUSAL,
    SUPPLEMENT_NOT_OPEN,
    Visit,
    fold,
)

CASE = "case-1"
_seq = iter(range(1, 10_000))


def visit(kind: str, at: str, window: str = "W01", **payload: Any) -> Visit:
    seq = next(_seq)
    return Visit(
        f"r{seq}-{at}-{window}-{kind}",
        f"device-{window}",
        seq,
        kind,
        f"2026-11-{at}+08:00",
        payload,
        f"C01/{window}",
    )


def intake(state: str = "awaiting_correction", **kw: Any) -> Visit:
    outcome = {"awaiting_correction": "correction", "tolerated": "tolerate", "accepted": "accept"}[
        state
    ]
    return visit(
        "intake",
        "23T09:00:00",
        state=state,
        outcome=outcome,
        case_no="C01-W01-X",
        verdicts={"m1": {"verdict": "missing", "reason": "未带"}},
        **kw,
    )


def completes(at: str, window: str) -> Visit:
    return visit(
        "supplement",
        at,
        window,
        state="accepted",
        outcome="accept",
        verdicts={"m1": {"verdict": "ok", "reason": None}},
    )


def decision(state: str, decided: str) -> Visit:
    return visit(
        "case_status", "30T08:00:00", "W01", state=state, decided_at=f"2026-11-{decided}+08:00"
    )


def pickup(at: str, window: str) -> Visit:
    return visit("pickup", at, window, state="delivered")


def kinds(visits: list[Visit]) -> list[str]:
    return [c.kind for c in fold(CASE, visits).conflicts]


def test_two_pickups_the_first_in_order_stands() -> None:
    vs = [
        intake(),
        completes("23T10:00:00", "W02"),
        decision("result_ready", "24T09:00:00"),
        pickup("25T10:00:00", "W03"),
        pickup("25T10:05:00", "W02"),
    ]
    st = fold(CASE, vs)
    assert st.state == "delivered" and st.visits == 4
    assert [(c.kind, c.window, c.against) for c in st.conflicts] == [
        (PICKUP_TWICE, "C01/W02", vs[3].record_id)
    ]


def test_a_supplement_after_a_refusal_does_not_reopen_the_case() -> None:
    vs = [intake(), decision("refused", "24T09:00:00"), completes("24T10:00:00", "W02")]
    st = fold(CASE, vs)
    assert st.state == "refused"
    assert [(c.kind, c.against) for c in st.conflicts] == [
        (SUPPLEMENT_AFTER_REFUSAL, vs[1].record_id)
    ]


def test_a_decision_counts_when_decided_not_when_a_window_applied_it() -> None:
    """Refused at 09:00, applied by W1 at its next sync (the 30th); W2's supplement at 10:00 on
    the 24th comes after the refusal."""
    assert kinds(
        [intake(), completes("24T10:00:00", "W02"), decision("refused", "24T09:00:00")]
    ) == [SUPPLEMENT_AFTER_REFUSAL]
    assert (
        kinds([intake(), completes("24T08:00:00", "W02"), decision("refused", "24T09:00:00")]) == []
    )


def test_an_expired_tolerance_completed_elsewhere_takes_effect_and_is_listed() -> None:
    vs = [intake("tolerated", supplement_deadline="2026-11-27"), completes("28T10:00:00", "W03")]
    st = fold(CASE, vs)
    assert st.state == "accepted" and [c.kind for c in st.conflicts] == [LATE_TOLERANCE]
    on_time = [
        intake("tolerated", supplement_deadline="2026-11-27"),
        completes("27T16:00:00", "W03"),
    ]
    assert kinds(on_time) == []


def test_two_windows_completing_the_same_notice_the_second_changes_nothing() -> None:
    vs = [intake(), completes("24T10:00:00", "W02"), completes("24T10:30:00", "W03")]
    st = fold(CASE, vs)
    assert st.state == "accepted" and st.visits == 3
    assert kinds(vs) == [SUPPLEMENT_NOT_OPEN]


def test_a_pickup_before_the_result_is_listed() -> None:
    assert kinds([intake("accepted"), pickup("24T10:00:00", "W02")]) == [PICKUP_NOT_READY]


@pytest.mark.parametrize("seed", range(20))
def test_the_result_does_not_depend_on_the_order_visits_arrive_in(seed: int) -> None:
    vs = [
        intake("tolerated", supplement_deadline="2026-11-27"),
        completes("28T10:00:00", "W03"),
        completes("28T10:00:00", "W02"),
        decision("result_ready", "29T09:00:00"),
        pickup("30T10:00:00", "W02"),
        pickup("30T10:00:00", "W03"),
        decision("refused", "30T11:00:00"),
    ]
    expected = fold(CASE, vs)
    shuffled = vs[:]
    random.Random(seed).shuffle(shuffled)
    got = fold(CASE, shuffled + shuffled[:2])  # a visit received twice counts once
    assert got.comparable() == expected.comparable()
