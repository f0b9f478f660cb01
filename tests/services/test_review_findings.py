"""Rules that close gaps a review found: unanswered questions, unbounded or expired 容缺
deadlines, drafts, the checked catalog version, chain tails and moved records."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from app.core.cases import IntakeRequest
from app.core.checklist import ACCEPT, CORRECTION, TOLERATE, Verdict
from app.core.decision import SUPPLEMENT_WORKDAYS
from app.core.errors import CounterError
from tests.services.test_intake_service import all_ok, count, tolerable_item
from tests.stores import connect_store

NOW = datetime(2026, 11, 23, 9, 30)


def test_a_decision_needs_every_question_answered(window, applicant):
    ctx = window
    item = next(
        ctx.catalog.item(i.code)
        for i in ctx.catalog.items()
        if any(not q.multiple for q in ctx.catalog.item(i.code).questions)
    )
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(IntakeRequest("clerk1", item.code, applicant, {}, {}), now=NOW)
    assert err.value.code == "intake.answer"
    assert err.value.path == f"answers.{item.questions[0].id}"
    assert count(ctx, "records") == 0


def test_tolerance_is_bounded_by_the_legal_limit_or_refused(window, applicant, tmp_path):
    ctx = window
    item, answers = tolerable_item(ctx)
    doc = {
        "format": "counter-catalog/1",
        "items": [
            {
                **json.loads(json.dumps(_dump(item))),
                "code": "T-LEGAL",
                "promised_days": None,
                "legal_days": 20,
            },
            {
                **json.loads(json.dumps(_dump(item))),
                "code": "T-NONE",
                "promised_days": None,
                "legal_days": None,
            },
        ],
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    ctx.catalog.import_file(path)
    pv = ctx.visits.preview("T-LEGAL", answers, {})
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable if not m.tolerable}
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(
            IntakeRequest(
                "clerk1",
                "T-LEGAL",
                applicant,
                answers,
                verdicts,
                supplement_deadline=date(2099, 12, 31),
            ),
            now=NOW,
        )
    assert err.value.code == "outcome.deadline"
    res = ctx.visits.submit(
        IntakeRequest("clerk1", "T-LEGAL", applicant, answers, verdicts), now=NOW
    )
    assert res.outcome == TOLERATE
    # The default deadline: SUPPLEMENT_WORKDAYS working days, well within the legal 20.
    cal = ctx.calendar.calendar()
    assert res.supplement_deadline == cal.add_workdays(NOW.date(), SUPPLEMENT_WORKDAYS)
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(
            IntakeRequest("clerk1", "T-NONE", applicant, answers, verdicts, outcome=TOLERATE),
            now=NOW,
        )
    assert err.value.code == "outcome.deadline" and "没有办结时限" in err.value.message


def _dump(item):
    from app.core.catalog_format import dump_item

    return dump_item(item)


def test_an_expired_tolerance_cannot_be_tolerated_again(window, applicant):
    ctx = window
    item, answers = tolerable_item(ctx)
    pv = ctx.visits.preview(item.code, answers, {})
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable if not m.tolerable}
    res = ctx.visits.submit(
        IntakeRequest("clerk1", item.code, applicant, answers, verdicts), now=NOW
    )
    late = datetime(2026, 12, 31, 10)
    with pytest.raises(CounterError) as err:
        ctx.visits.submit(IntakeRequest("clerk1", "", None, case_no=res.case_no), now=late)
    assert err.value.code == "outcome.deadline" and "已过" in err.value.message
    with pytest.raises(CounterError):
        ctx.visits.submit(
            IntakeRequest("clerk1", "", None, case_no=res.case_no, outcome=CORRECTION), now=late
        )
    view = ctx.cases.case(res.case_no)
    done = ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "",
            None,
            verdicts={m: Verdict("ok") for m in view.outstanding},
            case_no=res.case_no,
        ),
        now=late,
    )
    assert done.outcome == ACCEPT


def test_the_draft_goes_with_the_commit(window, applicant):
    from app.services.drafts import DraftService

    ctx = window
    drafts = DraftService(ctx.store)
    draft_id = drafts.save("clerk1", "intake", {"step": "outcome"})
    answers = {"s": ["s2"]}
    ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "LOCAL-0001",
            applicant,
            answers,
            all_ok(ctx, "LOCAL-0001", answers),
            draft_id=draft_id,
        ),
        now=NOW,
    )
    assert count(ctx, "drafts") == 0


def test_the_checked_catalog_version_is_the_one_used(window, applicant, real_guides_file):
    ctx = window
    v1 = ctx.catalog.current_version()
    answers = {"s": ["s2"]}
    verdicts = all_ok(ctx, "LOCAL-0001", answers)
    doc = json.loads(real_guides_file.read_text(encoding="utf-8"))
    extra = dict(doc["items"][0]["materials"][0], id="m9", name="新增的证明", when=None)
    doc["items"][0]["materials"].append(extra)
    real_guides_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    ctx.catalog.import_file(real_guides_file)
    res = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, verdicts, catalog_version=v1),
        now=NOW,
    )
    assert res.outcome == ACCEPT
    assert ctx.cases.case(res.case_no).catalog_version == v1


def _sql(ctx, *statements):
    con = connect_store(ctx.home.db)
    for st in statements:
        con.execute(st)
    con.commit()
    con.close()


def test_chain_catches_a_cut_tail_and_a_moved_record(window, applicant):
    from app.services.record_log import verify_chain

    ctx = window
    answers = {"s": ["s2"]}
    for _ in range(3):
        ctx.visits.submit(
            IntakeRequest(
                "clerk1", "LOCAL-0001", applicant, answers, all_ok(ctx, "LOCAL-0001", answers)
            ),
            now=NOW,
        )
    with ctx.store.read() as s:
        assert verify_chain(s) is None
    _sql(ctx, "update records set case_id = 'elsewhere' where seq = 2")
    with ctx.store.read() as s:
        broken = verify_chain(s)
    assert broken is not None and broken.reason == "changed" and broken.seq == 2
    _sql(
        ctx,
        "update records set case_id = (select case_id from records where seq = 1) where seq = 2",
    )  # restore is impossible without the original: cut the tail
    _sql(ctx, "pragma foreign_keys=off")
    con = connect_store(ctx.home.db)
    con.execute("delete from outbox where seq >= 2")
    con.execute("delete from records where seq >= 2")
    con.commit()
    con.close()
    with ctx.store.read() as s:
        broken = verify_chain(s)
    assert broken is not None and broken.reason == "removed-after" and broken.seq == 3


def test_every_record_names_its_window(window, applicant):
    ctx = window
    ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0003", None, outcome="consult", question="q", answer="a"),
        now=NOW,
    )
    con = connect_store(ctx.home.db)
    payload = json.loads(con.execute("select payload from records").fetchone()[0])
    con.close()
    assert payload["centre"] == "C3301" and payload["window"] == "W03"
