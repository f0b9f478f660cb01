"""Slips made from recorded cases: one per visit, kept, reprinted identically, from the CLI too."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.core.cases import IntakeRequest
from app.core.checklist import REFUSE, Verdict
from app.core.errors import CounterError
from tests.cli.test_cli_intake import application, write
from tests.printing.slip_helpers import flat_text as extract_text
from tests.stores import kept_pdf, spooled

NOW = datetime(2026, 11, 23, 9, 30)


def all_ok(ctx, code, answers):
    pv = ctx.visits.preview(code, answers, {})
    return {m.id: Verdict("ok") for m in pv.evaluation.applicable}


def test_each_outcome_keeps_its_slip_in_the_case_folder(window, applicant):
    ctx = window
    answers = {"s": ["s2"]}
    ok = ctx.visits.submit(
        IntakeRequest(
            "clerk1", "LOCAL-0001", applicant, answers, all_ok(ctx, "LOCAL-0001", answers)
        ),
        now=NOW,
    )
    gap = ctx.visits.submit(
        IntakeRequest(
            "clerk1", "LOCAL-0001", applicant, answers, {"m1": Verdict("defective", "复印件不清晰")}
        ),
        now=NOW,
    )
    no = ctx.visits.submit(
        IntakeRequest(
            "clerk1", "LOCAL-0003", applicant, outcome=REFUSE, reason="申请人户籍不在本辖区"
        ),
        now=NOW,
    )
    texts = {}
    for res, doc in ((ok, "acceptance"), (gap, "correction"), (no, "refusal")):
        assert len(res.documents) == 1
        path = ctx.home.case_dir(res.case_no) / f"{doc}-01.pdf"
        assert res.documents == [str(spooled(ctx.home, res.case_no, path.name))]
        texts[doc] = extract_text(kept_pdf(ctx.home, path))
        assert res.case_no in texts[doc]
        assert "张𠈌" in texts[doc]
        assert applicant.id_number not in texts[doc]
        assert applicant.id_number[:6] in texts[doc] and applicant.id_number[-4:] in texts[doc]
        assert "城东街道便民服务中心" in texts[doc] and "0571-12345" in texts[doc]
    assert "2026年11月26日" in texts["acceptance"] or "2026-11-26" in texts["acceptance"]
    assert "复印件不清晰" in texts["correction"]
    # 城乡居民养老保险参保登记 is a public service: its guide, not 《行政许可法》, is cited.
    assert "根据本事项办事指南的规定" in texts["correction"]
    assert "行政许可法" not in texts["correction"]
    assert "申请人户籍不在本辖区" in texts["refusal"] and "行政复议" in texts["refusal"]


def test_reprint_is_byte_identical_and_a_later_visit_adds_its_own(window, applicant):
    ctx = window
    answers = {"s": ["s2"]}
    gap = ctx.visits.submit(IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, {}), now=NOW)
    first = ctx.home.case_dir(gap.case_no) / "correction-01.pdf"
    original, sealed = kept_pdf(ctx.home, first), first.read_bytes()
    assert ctx.slips.reprint(gap.case_no, "correction").read_bytes() == original
    view = ctx.cases.case(gap.case_no)
    done = ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "",
            None,
            verdicts={m: Verdict("ok") for m in view.outstanding},
            case_no=gap.case_no,
        ),
        now=NOW,
    )
    assert done.documents == [str(spooled(ctx.home, gap.case_no, "acceptance-02.pdf"))]
    assert first.read_bytes() == sealed  # the first visit's slip is kept as it was


def test_transfer_and_pickup_documents(window, applicant):
    ctx = window
    answers = {"s": ["s2"]}
    res = ctx.visits.submit(
        IntakeRequest(
            "clerk1", "LOCAL-0001", applicant, answers, all_ok(ctx, "LOCAL-0001", answers)
        ),
        now=NOW,
    )
    with pytest.raises(CounterError) as err:
        ctx.slips.reprint(res.case_no, "transfer")
    assert "尚未流转" in err.value.message
    ctx.case_state.set_state(res.case_no, "transferred", "clerk1")
    kept = ctx.home.case_dir(res.case_no) / "transfer-01.pdf"
    assert ctx.slips.reprint(res.case_no, "transfer") == spooled(ctx.home, res.case_no, kept.name)
    transfer = extract_text(kept_pdf(ctx.home, kept))
    assert res.case_no in transfer and "材料流转" in transfer
    ctx.case_state.set_state(res.case_no, "result_ready", "clerk1")
    done = ctx.visits.pickup(res.case_no, "clerk1", applicant, by_agent=False)
    text = extract_text(kept_pdf(ctx.home, ctx.home.case_dir(res.case_no) / "pickup-02.pdf"))
    assert done.documents and "张𠈌" in text and "领取" in text


def test_cli_intake_lists_documents_and_print_reprints(initialised, tmp_path, home):
    cli = initialised
    code, out, err = cli("intake", write(tmp_path, application(materials={"m1": "ok"})), "--json")
    assert code == 0, err
    res = json.loads(out)
    assert len(res["documents"]) == 1 and res["documents"][0].endswith("correction-01.pdf")
    target = tmp_path / "again.pdf"
    code, _, err = cli("print", res["case_no"], "--out", str(target))
    assert code == 0, err
    assert target.read_bytes() == Path(res["documents"][0]).read_bytes()
    guide = tmp_path / "guide.pdf"
    code, _, err = cli("print", "--item", "LOCAL-0001", "--answer", "s=s3", "--out", str(guide))
    assert code == 0, err
    assert "办事指南" in extract_text(guide.read_bytes())
    code, _, err = cli("print", "NOPE-1", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "没有找到办件" in err


def test_report_counts_once_rate_and_satisfaction(window, applicant, cli):
    from app.services.reports import window_report

    ctx = window
    answers = {"s": ["s2"]}
    ok = ctx.visits.submit(
        IntakeRequest(
            "clerk1", "LOCAL-0001", applicant, answers, all_ok(ctx, "LOCAL-0001", answers)
        ),
        now=NOW,
    )
    gap = ctx.visits.submit(IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, {}), now=NOW)
    ctx.feedback.review(ok.record_id, 5, None, "pad", "clerk1", now=NOW)
    ctx.feedback.review(gap.record_id, 2, "等候时间太长", "pad", "clerk1", now=NOW)
    r = window_report(ctx, NOW.date())
    assert r.outcomes["accept"] == 1 and r.outcomes["correction"] == 1
    assert r.once_rate == 1.0  # the one accepted case was accepted at the first visit
    view = ctx.cases.case(gap.case_no)
    ctx.visits.submit(
        IntakeRequest(
            "clerk1",
            "",
            None,
            case_no=gap.case_no,
            verdicts={m: Verdict("ok") for m in view.outstanding},
        ),
        now=NOW + timedelta(hours=2),  # the applicant comes back later that day
    )
    assert window_report(ctx, NOW.date()).once_rate == 0.5
    assert r.satisfaction == 0.5 and r.reviews == {5: 1, 2: 1}
    assert r.open_tickets == 1
    code, out, _ = cli("report", "--day", NOW.date().isoformat())
    assert code == 0 and "满意率" in out and "50.0%" in out


def test_ticket_goes_take_fix_call_close(window, applicant, cli, monkeypatch):
    ctx = window
    monkeypatch.setenv("COUNTER_PASSWORD", "counter2026")  # boss's and clerk1's
    ctx.users.add("boss", "赵值班", "supervisor", "counter2026")
    gap = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0001", applicant, {"s": ["s2"]}, {}), now=NOW
    )
    ticket = ctx.feedback.review(
        gap.record_id, 1, "材料清单没说清楚", "pad", "clerk1", now=NOW
    ).ticket
    assert ticket is not None and ticket.state == "open"
    code, _, err = cli("ticket", "fixed", ticket.id, "--user", "boss")
    assert code == 1 and "待领单" in err and "不能整改" in err
    code, _, err = cli("ticket", "taken", ticket.id, "--user", "clerk1")
    assert code == 1 and "无权" in err
    for step, *more in (
        ("taken",),
        ("fixed", "--category", "guide", "--measure", "办事指南补写材料清单"),
        ("called", "--result", "satisfied"),
        ("closed",),
    ):
        code, _, err = cli("ticket", step, ticket.id, "--user", "boss", *more)
        assert code == 0, err
    assert ctx.feedback.tickets() == []
    code, out, _ = cli("ticket", "list", "--all")
    assert "已销单" in out


def test_submit_can_leave_printing_to_the_caller(window, applicant):
    ctx = window
    answers = {"s": ["s2"]}
    res = ctx.visits.submit(
        IntakeRequest(
            "clerk1", "LOCAL-0001", applicant, answers, all_ok(ctx, "LOCAL-0001", answers)
        ),
        now=NOW,
        slips=False,
    )
    assert res.documents == [] and not ctx.home.case_dir(res.case_no).exists()


def test_an_optional_question_answered_none_of_these_is_printed_so(window, applicant):
    """DEMO-0011 asks 申请方式 and 家庭特殊情形 (可多选，均不符合可不选); the second left empty."""
    ctx = window
    answers = {"q1": ["a1"], "q2": []}
    res = ctx.visits.submit(
        IntakeRequest("clerk1", "DEMO-0011", applicant, answers, all_ok(ctx, "DEMO-0011", answers)),
        now=NOW,
    )
    path = ctx.home.case_dir(res.case_no) / "acceptance-01.pdf"
    text = extract_text(kept_pdf(ctx.home, path))
    assert "家庭成员本人申请" in text
    assert "家庭特殊情形：均不符合" in text
    assert "可不选" not in text  # the catalog's instruction to the clerk is not printed
