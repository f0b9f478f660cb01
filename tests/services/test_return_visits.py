"""A return visit is previewed and recorded by the one decision: what the preview (the wizard's
view) allows, the service records; what it does not, the service refuses with the same reason,
writing nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.bootstrap import open_context
from app.core.cases import CaseState, IntakeRequest
from app.core.checklist import ACCEPT, CONSULT, CORRECTION, OUTCOMES, REFUSE, TOLERATE, Verdict
from app.core.errors import CounterError
from app.core.identity import resident_id_check_char
from app.core.parties import Party
from app.services.window import FirstAdmin, WindowSetup, initialise
from tests.conftest import publish_coming_years

NOW = datetime(2026, 3, 2, 9, 30)  # a Monday
ITEM, ANSWERS, PHOTO = "DEMO-0019", {"q1": ["a4"], "q2": ["b1"]}, "m4"  # the photo is 容缺


@pytest.fixture
def ctx(home):
    c = open_context(home)
    publish_coming_years(c)
    initialise(
        c.store,
        c.users,
        WindowSetup("C3301", "城东街道便民服务中心", "W03", complaint_phone="0571-12345"),
        FirstAdmin("admin", "王管理", "counter2026"),
    )
    c.users.add("clerk1", "李窗口", "clerk", "counter2026")
    yield c
    c.close()


def applicant() -> Party:
    first17 = "11010519491231002"
    return Party("person", "张三", "resident_id", first17 + resident_id_check_char(first17))


def tolerated(ctx) -> str:
    pv = ctx.intake.preview(ITEM, ANSWERS, {}, NOW.date())
    ok = {m.id: Verdict("ok") for m in pv.evaluation.applicable if m.id != PHOTO}
    res = ctx.intake.submit(IntakeRequest("clerk1", ITEM, applicant(), ANSWERS, ok), now=NOW)
    assert res.state == CaseState.TOLERATED
    return res.case_no


def store_bytes(ctx) -> bytes:
    wal = ctx.home.db.with_name(ctx.home.db.name + "-wal")
    return ctx.home.db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_a_tolerated_case_returning_is_offered_only_what_the_service_records(ctx):
    case_no = tolerated(ctx)
    later = datetime(2026, 3, 4, 10)
    pv = ctx.intake.preview("", {}, {}, later.date(), case_no=case_no)
    assert not pv.allowed[CORRECTION] and not pv.allowed[CONSULT]
    assert pv.allowed[TOLERATE] and pv.allowed[REFUSE]
    assert pv.default_deadline == ctx.intake.case(case_no).supplement_deadline
    before = store_bytes(ctx)
    for outcome in OUTCOMES:
        if pv.allowed[outcome]:
            continue
        with pytest.raises(CounterError) as err:
            ctx.intake.submit(
                IntakeRequest("clerk1", "", None, case_no=case_no, outcome=outcome), now=later
            )
        assert err.value.code == "outcome.not_allowed"
        assert pv.why_not[outcome] in err.value.message
    assert store_bytes(ctx) == before  # every refusal wrote nothing
    res = ctx.intake.submit(IntakeRequest("clerk1", "", None, case_no=case_no), now=later)
    assert res.outcome == pv.suggested == TOLERATE
    assert res.missing == [g.name for g in pv.gaps]


def test_the_completed_case_is_accepted_as_previewed(ctx):
    case_no = tolerated(ctx)
    later = datetime(2026, 3, 4, 10)
    photo = {PHOTO: Verdict("ok")}
    pv = ctx.intake.preview("", {}, photo, later.date(), case_no=case_no)
    assert pv.suggested == ACCEPT and pv.gaps == ()
    res = ctx.intake.submit(
        IntakeRequest("clerk1", "", None, verdicts=photo, case_no=case_no), now=later
    )
    assert res.outcome == ACCEPT and res.promised_date == pv.promised_date
