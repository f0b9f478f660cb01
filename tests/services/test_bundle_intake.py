"""一件事 at the window: one visit, one checklist, a case per member, accepted in part, one transaction."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.core.checklist import ACCEPT, CORRECTION, MISSING, OK, Verdict
from app.core.errors import CounterError
from app.services.bundle_intake import BundleRequest
from tests.stores import connect_store

NOW = datetime(2026, 3, 2, 9, 30)  # a Monday
MEMBERS = {
    "DEMO-0026": {"q2": ["c1"], "q3": ["b1"]},
    "DEMO-0004": {"q2": ["c1"]},
    "DEMO-0009": {"q2": ["b1"]},
}


def request(ctx, applicant, **changes) -> BundleRequest:
    base = BundleRequest(
        clerk="clerk1",
        bundle_code="BUNDLE-0001",
        applicant=applicant,
        answers={"x1": ["x1a", "x1b"]},
        members=MEMBERS,
    )
    lines = ctx.bundles.preview(base, NOW.date()).lines
    verdicts = {line.key: Verdict(OK) for line in lines}
    verdicts["DEMO-0009/m1"] = Verdict(MISSING)  # the 社保卡 form is missing
    fields = {"verdicts": verdicts, **changes}
    return BundleRequest(**{**base.__dict__, **fields})


def store_bytes(ctx) -> bytes:
    ctx.store.engine.dispose()
    return ctx.home.db.read_bytes()


def rows(ctx, sql: str) -> list[tuple]:
    con = connect_store(ctx.home.db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_bundle_of_three_is_accepted_in_part_with_fewer_materials_asked(window, applicant):
    ctx = window
    req = request(ctx, applicant)
    preview = ctx.bundles.preview(req, NOW.date())
    asked = len(preview.lines)
    one_by_one = sum(len(line.refs) for line in preview.lines)
    assert asked < one_by_one
    result = ctx.bundles.submit(req, now=NOW)
    outcomes = {m.item_code: m.result.outcome for m in result.members}
    assert outcomes == {"DEMO-0026": ACCEPT, "DEMO-0004": ACCEPT, "DEMO-0009": CORRECTION}
    numbers = [m.result.case_no for m in result.members]
    assert len(set(numbers)) == 3  # each member its own case and number
    ties = rows(ctx, "select payload from records where kind = 'intake' order by seq")
    import json

    bundles = [json.loads(p)["bundle"] for (p,) in ties]
    assert {b["id"] for b in bundles} == {result.bundle_id}
    assert bundles[0]["members"] == ["DEMO-0026", "DEMO-0004", "DEMO-0009"]
    shown = ctx.cases.case(numbers[2])
    assert [g.name for g in shown.told] == ["《社会保障卡申领登记表》"]


def test_a_member_that_may_not_take_the_chosen_outcome_refuses_the_whole_bundle(window, applicant):
    ctx = window
    before = store_bytes(ctx)
    req = request(ctx, applicant, outcomes={"DEMO-0009": ACCEPT})
    with pytest.raises(CounterError) as exc:
        ctx.bundles.submit(req, now=NOW)
    assert exc.value.path == "outcomes.DEMO-0009"
    assert "社会保障卡" in exc.value.message
    assert store_bytes(ctx) == before  # nothing of the other two members was written


def test_unanswered_member_questions_and_stray_outcomes_are_named(window, applicant):
    ctx = window
    req = request(ctx, applicant, members={**MEMBERS, "DEMO-0004": {}})
    with pytest.raises(CounterError) as exc:
        ctx.bundles.submit(req, now=NOW)
    assert exc.value.path == "members.DEMO-0004.answers.q2"
    req = request(ctx, applicant, outcomes={"DEMO-0031": ACCEPT})
    with pytest.raises(CounterError) as exc:
        ctx.bundles.submit(req, now=NOW)
    assert exc.value.code == "bundle.member"
    with pytest.raises(CounterError) as exc:
        ctx.bundles.submit(request(ctx, applicant, bundle_code="BUNDLE-9999"), now=NOW)
    assert exc.value.code == "bundle.unknown"
