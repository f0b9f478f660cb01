"""The intake service end to end: outcomes, case numbers, deadlines, supplements, pickups."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.core.case_numbers import parse_case_no
from app.core.cases import IntakeRequest
from app.core.checklist import ACCEPT, CONSULT, CORRECTION, REFUSE, TOLERATE, Verdict
from app.core.decision import SUPPLEMENT_WORKDAYS
from app.core.errors import CounterError
from tests.stores import connect_store

NOW = datetime(2026, 2, 13, 9, 30)


def tolerable_item(ctx):
    """A demo item with a promised time limit and a 容缺 material for its first options."""
    from app.core.catalog import applicable_materials

    for summary in ctx.catalog.items():
        item = ctx.catalog.item(summary.code)
        answers = {q.id: [q.options[0].id] for q in item.questions}
        if item.promised_days and any(m.tolerable for m in applicable_materials(item, answers)):
            return item, answers
    raise AssertionError("demo catalog has no item with a 容缺 material")


def all_ok(ctx, code, answers):
    pv = ctx.visits.preview(code, answers, {})
    return {m.id: Verdict("ok") for m in pv.evaluation.applicable}


def count(ctx, table):
    con = connect_store(ctx.home.db)
    n = con.execute(f"select count(*) from {table}").fetchone()[0]
    con.close()
    return n


def test_accept_writes_case_record_and_outbox_in_one_go(window, applicant):
    ctx = window
    answers = {"s": ["s2"]}
    verdicts = all_ok(ctx, "LOCAL-0001", answers)
    res = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, verdicts), now=NOW
    )
    assert res.outcome == ACCEPT and res.state == "accepted"
    issuer = parse_case_no(res.case_no).issuer
    assert issuer is not None and res.case_no == f"C3301-W03-20260213-{issuer}-0001"
    # 3 working days after Friday 2026-02-13 across the Spring Festival holiday.
    assert res.promised_date == date(2026, 2, 25)
    view = ctx.cases.case(res.case_no.lower() + "\r\n")  # as a scanner might type it
    assert view.applicant.name == "张𠈌" and view.visits == 1
    assert count(ctx, "records") == 1 and count(ctx, "outbox") == 1


def test_case_numbers_are_sequential_per_day(window, applicant):
    ctx = window
    answers = {"s": ["s2"]}
    v = all_ok(ctx, "LOCAL-0001", answers)
    nos = [
        ctx.visits.submit(
            IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, v), now=NOW
        ).case_no
        for _ in range(3)
    ]
    issuer = parse_case_no(nos[0]).issuer
    assert nos == [f"C3301-W03-20260213-{issuer}-000{i}" for i in (1, 2, 3)]
    nxt = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, v), now=datetime(2026, 2, 24, 9)
    )
    assert nxt.case_no.endswith(f"20260224-{issuer}-0001")


def test_correction_lists_every_gap_then_supplement_accepts(window, applicant):
    ctx = window
    answers = {"s": ["s2", "s3"]}
    pv = ctx.visits.preview("LOCAL-0001", answers, {})
    ids = [m.id for m in pv.evaluation.applicable]
    first = {ids[0]: Verdict("ok"), ids[1]: Verdict("defective", "复印件不清晰")}
    res = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, first), now=NOW
    )
    assert res.outcome == CORRECTION and res.state == "awaiting_correction"
    assert len(res.missing) == len(ids) - 1
    view = ctx.cases.case(res.case_no)
    assert view.outstanding == ids[1:]
    # The supplement visit checks only what was outstanding.
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(
            IntakeRequest(
                "clerk1", "", None, verdicts={ids[0]: Verdict("ok")}, case_no=res.case_no
            ),
            now=NOW,
        )
    assert err.value.code == "case.not_outstanding"
    done = ctx.visits.submit(
        IntakeRequest(
            "clerk1", "", None, verdicts={m: Verdict("ok") for m in ids[1:]}, case_no=res.case_no
        ),
        now=datetime(2026, 2, 24, 10),
    )
    assert done.outcome == ACCEPT
    assert done.promised_date == date(2026, 2, 27)  # counted from the day it was accepted
    view = ctx.cases.case(res.case_no)
    assert view.visits == 2 and view.state == "accepted" and view.outstanding == []


def test_tolerance_needs_a_deadline_within_the_promise(window, applicant):
    ctx = window
    item, answers = tolerable_item(ctx)
    pv = ctx.visits.preview(item.code, answers, {})
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable if not m.tolerable}
    far = date(2027, 1, 1)
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(
            IntakeRequest(
                "clerk1", item.code, applicant, answers, verdicts, supplement_deadline=far
            ),
            now=NOW,
        )
    assert err.value.code == "outcome.deadline"
    assert count(ctx, "records") == 0 and count(ctx, "cases") == 0
    promised = ctx.visits.promised_date(item, NOW.date())
    res = ctx.visits.submit(
        IntakeRequest(
            "clerk1", item.code, applicant, answers, verdicts, supplement_deadline=promised
        ),
        now=NOW,
    )
    assert res.outcome == TOLERATE and res.state == "tolerated"
    assert res.supplement_deadline == promised
    # Without an agreed day: SUPPLEMENT_WORKDAYS working days, never after the promised date.
    res = ctx.visits.submit(
        IntakeRequest("clerk1", item.code, applicant, answers, verdicts), now=NOW
    )
    proposed = ctx.calendar.calendar().add_workdays(NOW.date(), SUPPLEMENT_WORKDAYS)
    assert res.outcome == TOLERATE and res.supplement_deadline == min(proposed, promised)


def test_refusal_needs_a_reason_and_consultation_has_no_case(window, applicant):
    ctx = window
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(IntakeRequest("clerk1", "LOCAL-0003", applicant, outcome=REFUSE), now=NOW)
    assert err.value.code == "outcome.reason"
    res = ctx.visits.submit(
        IntakeRequest(
            "clerk1", "LOCAL-0003", applicant, outcome=REFUSE, reason="不属于本窗口受理范围"
        ),
        now=NOW,
    )
    assert res.state == "refused"
    c = ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "LOCAL-0003",
            None,
            outcome=CONSULT,
            question="要带什么？",
            answer="身份证和户口簿",
        ),
        now=NOW,
    )
    assert c.case_no is None and c.outcome == CONSULT
    assert ctx.cases.day_counts(NOW.date())[CONSULT] == 1


def test_not_allowed_outcome_writes_nothing(window, applicant):
    ctx = window
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(
            IntakeRequest("clerk1", "LOCAL-0001", applicant, {"s": ["s2"]}, {}, outcome=ACCEPT),
            now=NOW,
        )
    assert err.value.code == "outcome.not_allowed"
    assert count(ctx, "records") == 0 and count(ctx, "cases") == 0


def test_unauthorised_window_is_refused(window, applicant):
    from app.services.settings import Settings

    ctx = window
    with ctx.store.write() as s:
        Settings.authorisation.set(
            s,
            {
                "*": ["收件", "原件核验", "一次性告知", "受理", "结果送达"],
                "LOCAL-0001": ["收件", "一次性告知"],
            },
        )
    answers = {"s": ["s2"]}
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(
            IntakeRequest(
                "clerk1", "LOCAL-0001", applicant, answers, all_ok(ctx, "LOCAL-0001", answers)
            ),
            now=NOW,
        )
    assert "没有“受理”权限" in err.value.message


def test_unknown_clerk_and_uninitialised_window(ctx, applicant):
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(IntakeRequest("ghost", "LOCAL-0001", applicant), now=NOW)
    assert err.value.code == "user.unknown"
    ctx.users.add("clerk1", "李", "clerk", "counter2026")
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(
            IntakeRequest(
                "clerk1",
                "LOCAL-0001",
                applicant,
                {"s": ["s2"]},
                all_ok(ctx, "LOCAL-0001", {"s": ["s2"]}),
            ),
            now=NOW,
        )
    assert err.value.code == "window.not_initialised"


def test_pickup_after_result_ready(window, applicant):
    from app.core.parties import Party

    ctx = window
    answers = {"s": ["s2"]}
    res = ctx.visits.submit(
        IntakeRequest(
            "clerk1", "LOCAL-0001", applicant, answers, all_ok(ctx, "LOCAL-0001", answers)
        ),
        now=NOW,
    )
    with pytest.raises(CounterError) as err:
        ctx.visits.pickup(res.case_no, "clerk1", applicant, by_agent=False)
    assert err.value.code == "case.not_ready"
    ctx.case_state.set_state(res.case_no, "transferred", "clerk1")
    ctx.case_state.set_state(res.case_no, "result_ready", "clerk1", origin="central")
    stranger = Party("person", "王五", "resident_id", applicant.id_number[:-5] + "00000")
    with pytest.raises(CounterError) as err:
        ctx.visits.pickup(res.case_no, "clerk1", stranger, by_agent=False)
    assert err.value.code == "pickup.identity"
    done = ctx.visits.pickup(res.case_no, "clerk1", applicant, by_agent=False)
    view = ctx.cases.case(res.case_no)
    assert done.state == "delivered" and view.state == "delivered" and view.visits == 2
    kinds = [h["kind"] for h in view.history]
    assert kinds == ["intake", "transfer", "case_status", "pickup"]


def test_catalog_change_mid_day_keeps_the_old_version(window, applicant, real_guides_file):
    import json

    ctx = window
    answers = {"s": ["s2", "s3"]}
    pv = ctx.visits.preview("LOCAL-0001", answers, {})
    first_id = pv.evaluation.applicable[0].id
    res = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, {first_id: Verdict("ok")}),
        now=NOW,
    )
    doc = json.loads(real_guides_file.read_text(encoding="utf-8"))
    doc["items"][0]["materials"] = doc["items"][0]["materials"][:1]
    real_guides_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    ctx.catalog.import_file(real_guides_file)
    view = ctx.cases.case(res.case_no)
    assert len(view.outstanding) == len(pv.evaluation.applicable) - 1
    done = ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "",
            None,
            verdicts={m: Verdict("ok") for m in view.outstanding},
            case_no=res.case_no,
        ),
        now=NOW,
    )
    assert done.outcome == ACCEPT


@pytest.mark.parametrize(
    "text", ["\udcff\udcfe", "C3301-W03-20260213-0001\x00", "x" * 10_000, "not a number"]
)
def test_text_that_is_not_a_case_number_names_no_case(window, text):
    with pytest.raises(CounterError) as err:
        window.cases.case(text)
    assert err.value.code == "case.unknown"
