"""Promises signed at a visit, printed with that visit's slips in the catalog's own words.

- A 容缺 promise (最低生活保障审核确认, DEMO-0011: the 婚姻状况证明 m6 may be promised, kind 容缺):
  the 容缺受理承诺书 prints the catalog's text of it, at the first visit or at a return visit.
- A 告知承诺 first signed at a return visit (居住证, DEMO-0036: the 就业证明 m5): the return visit
  records it (``promised``) with the check date from that acceptance, and prints the
  证明事项告知承诺书 with its slips.

Fixed dates: told on Monday 2026-03-02, back on Monday 2026-03-09.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from app.core.cases import IntakeRequest
from app.core.checklist import ACCEPT, CORRECTION, MISSING, OK, PROMISED, TOLERATE, Verdict
from app.models.schema import Case, Record
from app.services import promise_letters, record_log
from tests.printing.slip_helpers import flat_text, page_texts, squash

TOLD = datetime(2026, 3, 2, 9, 30)
RETURNED = datetime(2026, 3, 9, 10, 0)
DUE_FROM_RETURN = date(2026, 3, 23)  # 10 working days after the return visit

# DEMO-0011, the applicant in person, no special situation: m1-m5 必要, m6 and m16 容缺.
LOW_INCOME = "DEMO-0011"
LOW_ANSWERS: dict[str, list[str]] = {"q1": ["a1"], "q2": []}  # q2: none of these
MARRIAGE_PROMISE = "本人承诺：本人婚姻状况如申请表所填，并在补齐期限内提交婚姻状况证明。"
MARRIAGE_CONSEQUENCE = "本人知晓：未在补齐期限内提交的，申请将按不予受理或终止办理处理。"

# DEMO-0036 居住证, a minor on the grounds of a job (tests/services/test_post_checks.py).
PERMIT = "DEMO-0036"
PERMIT_ANSWERS = {"q1": ["a1"], "q2": ["b1"], "q3": ["c2"]}
JOB_PROMISE = "本人承诺：本人在本县合法稳定就业，就业单位及起始时间如申请表所填。"


def ok(*ids: str) -> dict[str, Verdict]:
    return {m: Verdict(OK) for m in ids}


def payload(ctx, record_id: str) -> dict:  # type: ignore[no-untyped-def]
    with ctx.store.read() as s:
        return record_log.payload_of(s.get(Record, record_id))


def check_due(ctx, case_no: str) -> date | None:  # type: ignore[no-untyped-def]
    with ctx.store.read() as s:
        return s.scalar(select(Case.check_due).where(Case.case_no == case_no))


def names(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [Path(p).name for p in result.documents]


def letter_text(result, name: str) -> str:  # type: ignore[no-untyped-def]
    (path,) = [p for p in result.documents if Path(p).name == name]
    return flat_text(Path(path).read_bytes())


# ---- 容缺: the catalog's promise on the 容缺受理承诺书 -------------------------------------------


def test_a_tolerance_promise_prints_the_catalogs_text_on_the_commitment(window, applicant) -> None:
    verdicts = ok("m1", "m2", "m3", "m4", "m5") | {
        "m6": Verdict(PROMISED),
        "m16": Verdict(MISSING),  # tolerable too, but without a promise of its own
    }
    req = IntakeRequest("clerk1", LOW_INCOME, applicant, LOW_ANSWERS, verdicts)
    done = window.visits.submit(req, now=TOLD)
    assert done.outcome == TOLERATE and done.slip_error is None
    assert payload(window, done.record_id)["tolerance_promised"] == ["m6"]
    assert names(done) == ["tolerance-01.pdf"]
    (path,) = done.documents
    pages = [squash(t) for t in page_texts(Path(path).read_bytes())]
    letter = pages[-1]
    assert "容缺受理承诺书" in letter and "本人就下列材料另作承诺如下" in letter
    assert squash(MARRIAGE_PROMISE) in letter and squash(MARRIAGE_CONSEQUENCE) in letter
    assert "承诺补交：婚姻状况证明" in letter
    assert "承诺补交：申请人本人社会保障卡" not in letter  # tolerated without a promise
    assert "申请人本人社会保障卡" in letter  # still listed among the materials to supply
    assert "中的事项" not in letter  # taken alone: no 一件事 to name
    # A reprint of the commitment alone says the same.
    again = flat_text(window.slips.reprint(done.case_no, "commitment").read_bytes())
    assert squash(MARRIAGE_PROMISE) in again


def test_without_a_promise_the_commitment_is_the_generic_one(window, applicant) -> None:
    verdicts = ok("m1", "m2", "m3", "m4", "m5") | {"m6": Verdict(MISSING)}
    req = IntakeRequest("clerk1", LOW_INCOME, applicant, LOW_ANSWERS, verdicts)
    done = window.visits.submit(req, now=TOLD)
    assert done.outcome == TOLERATE
    assert "tolerance_promised" not in payload(window, done.record_id)
    text = letter_text(done, "tolerance-01.pdf")
    assert "容缺受理承诺书" in text and "另作承诺" not in text
    assert squash(MARRIAGE_PROMISE) not in text


def test_a_tolerance_promise_taken_at_a_return_visit(window, applicant) -> None:
    """一次性告知 first (the 申请书 missing); back with it, the 婚姻状况证明 promised: 容缺受理,
    the return visit's record keeps the promise and its 承诺书 prints the catalog's text."""
    first = window.visits.submit(
        IntakeRequest(
            "clerk1",
            LOW_INCOME,
            applicant,
            LOW_ANSWERS,
            ok("m2", "m3", "m4", "m5", "m16") | {"m1": Verdict(MISSING), "m6": Verdict(MISSING)},
        ),
        now=TOLD,
    )
    assert first.outcome == CORRECTION
    assert "tolerance_promised" not in payload(window, first.record_id)
    back = IntakeRequest(
        "clerk1",
        LOW_INCOME,
        applicant,
        verdicts=ok("m1") | {"m6": Verdict(PROMISED)},
        case_no=first.case_no,
    )
    done = window.visits.submit(back, now=RETURNED)
    assert done.outcome == TOLERATE and done.slip_error is None
    rec = payload(window, done.record_id)
    assert rec["tolerance_promised"] == ["m6"]
    assert "promised" not in rec and "check_due" not in rec  # no 告知承诺, no post-check
    assert names(done) == ["tolerance-02.pdf"]
    text = letter_text(done, "tolerance-02.pdf")
    assert squash(MARRIAGE_PROMISE) in text and "承诺补交：婚姻状况证明" in text


# ---- 告知承诺 first signed at a return visit --------------------------------------------------


def told_without_the_job_proof(ctx, applicant):  # type: ignore[no-untyped-def]
    """First visit: the 登记表 (m1) and the 就业证明 (m5) missing, nothing promised."""
    verdicts = ok("m2", "m3", "m4") | {"m1": Verdict(MISSING), "m5": Verdict(MISSING)}
    first = ctx.visits.submit(
        IntakeRequest("clerk1", PERMIT, applicant, PERMIT_ANSWERS, verdicts), now=TOLD
    )
    assert first.outcome == CORRECTION and names(first) == ["correction-01.pdf"]
    assert "promised" not in payload(ctx, first.record_id)
    return first


def test_a_promise_first_signed_at_a_return_visit_is_recorded_and_printed(
    window, applicant
) -> None:
    first = told_without_the_job_proof(window, applicant)
    back = IntakeRequest(
        "clerk1",
        PERMIT,
        applicant,
        verdicts=ok("m1") | {"m5": Verdict(PROMISED)},
        case_no=first.case_no,
    )
    done = window.visits.submit(back, now=RETURNED)
    assert done.outcome == ACCEPT and done.slip_error is None
    rec = payload(window, done.record_id)
    assert rec["promised"] == ["m5"]
    assert rec["check_due"] == DUE_FROM_RETURN.isoformat()  # counted from this acceptance
    assert rec["verdicts"]["m5"]["verdict"] == PROMISED
    assert check_due(window, first.case_no) == DUE_FROM_RETURN
    # The letter is printed with the return visit's slips, dated from this acceptance.
    assert names(done) == ["acceptance-02.pdf", "promise-02.pdf"]
    text = letter_text(done, "promise-02.pdf")
    assert "证明事项告知承诺书" in text and first.case_no in text
    assert "以承诺代替：就业证明" in text and squash(JOB_PROMISE) in text
    assert "2026年3月23日前" in text
    # Kept with the case: a reprint is that letter.
    assert flat_text(window.slips.reprint(first.case_no, "promise").read_bytes()) == text
    record = promise_letters.promise_record(window.store, window.cases.case(first.case_no).id)
    assert record is not None and record["promised"] == ["m5"]


def test_a_promise_signed_at_a_return_visit_not_yet_accepted(window, applicant) -> None:
    """Promised at the return visit while the 登记表 is still missing: recorded without a
    check date (the check runs from acceptance); the letter is printed then, and the visit
    that accepts the case later dates the check."""
    first = told_without_the_job_proof(window, applicant)
    second = window.visits.submit(
        IntakeRequest(
            "clerk1",
            PERMIT,
            applicant,
            verdicts={"m1": Verdict(MISSING), "m5": Verdict(PROMISED)},
            case_no=first.case_no,
        ),
        now=datetime(2026, 3, 4, 9, 0),
    )
    assert second.outcome == CORRECTION
    rec = payload(window, second.record_id)
    assert rec["promised"] == ["m5"] and rec["check_due"] is None
    assert names(second) == ["correction-02.pdf", "promise-02.pdf"]
    assert "核查期限：自受理之日起10个工作日内" in letter_text(second, "promise-02.pdf")
    third = window.visits.submit(
        IntakeRequest("clerk1", PERMIT, applicant, verdicts=ok("m1"), case_no=first.case_no),
        now=RETURNED,
    )
    assert third.outcome == ACCEPT
    assert names(third) == ["acceptance-03.pdf"]  # nothing newly promised: no new letter
    rec = payload(window, third.record_id)
    assert "promised" not in rec and rec["check_due"] == DUE_FROM_RETURN.isoformat()
    assert check_due(window, first.case_no) == DUE_FROM_RETURN
