"""A return visit is previewed and recorded by the one decision: what the preview (the wizard's
view) allows, the service records; what it does not, the service refuses with the same reason,
writing nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.core.cases import CaseState, IntakeRequest
from app.core.checklist import ACCEPT, CONSULT, CORRECTION, OUTCOMES, REFUSE, TOLERATE, Verdict
from app.core.errors import CounterError
from app.core.identity import resident_id_check_char
from app.core.parties import Party

NOW = datetime(2026, 3, 2, 9, 30)  # a Monday
ITEM, ANSWERS, PHOTO = "DEMO-0019", {"q1": ["a4"], "q2": ["b1"]}, "m4"  # the photo is 容缺


# ``ctx`` is the tests' window (tests/conftest.py: set_up_window).
pytestmark = pytest.mark.usefixtures("window")


def applicant() -> Party:
    first17 = "11010519491231002"
    return Party("person", "张三", "resident_id", first17 + resident_id_check_char(first17))


def tolerated(ctx) -> str:
    pv = ctx.visits.preview(ITEM, ANSWERS, {}, NOW.date())
    ok = {m.id: Verdict("ok") for m in pv.evaluation.applicable if m.id != PHOTO}
    res = ctx.visits.submit(IntakeRequest("clerk1", ITEM, applicant(), ANSWERS, ok), now=NOW)
    assert res.state == CaseState.TOLERATED
    return res.case_no


def store_bytes(ctx) -> bytes:
    wal = ctx.home.db.with_name(ctx.home.db.name + "-wal")
    return ctx.home.db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_a_tolerated_case_returning_is_offered_only_what_the_service_records(ctx):
    case_no = tolerated(ctx)
    later = datetime(2026, 3, 4, 10)
    pv = ctx.visits.preview("", {}, {}, later.date(), case_no=case_no)
    assert not pv.allowed[CORRECTION] and not pv.allowed[CONSULT]
    assert pv.allowed[TOLERATE] and pv.allowed[REFUSE]
    assert pv.default_deadline == ctx.cases.case(case_no).supplement_deadline
    before = store_bytes(ctx)
    for outcome in OUTCOMES:
        if pv.allowed[outcome]:
            continue
        with pytest.raises(CounterError) as err:
            ctx.visits.submit(
                IntakeRequest("clerk1", "", None, case_no=case_no, outcome=outcome), now=later
            )
        assert err.value.code == "outcome.not_allowed"
        assert pv.why_not[outcome] in err.value.message
    assert store_bytes(ctx) == before  # every refusal wrote nothing
    res = ctx.visits.submit(IntakeRequest("clerk1", "", None, case_no=case_no), now=later)
    assert res.outcome == pv.suggested == TOLERATE
    assert res.missing == [g.name for g in pv.gaps]


def test_the_completed_case_is_accepted_as_previewed(ctx):
    case_no = tolerated(ctx)
    later = datetime(2026, 3, 4, 10)
    photo = {PHOTO: Verdict("ok")}
    pv = ctx.visits.preview("", {}, photo, later.date(), case_no=case_no)
    assert pv.suggested == ACCEPT and pv.gaps == ()
    res = ctx.visits.submit(
        IntakeRequest("clerk1", "", None, verdicts=photo, case_no=case_no), now=later
    )
    assert res.outcome == ACCEPT and res.promised_date == pv.promised_date
