"""``counter intake`` with a 告知承诺: the promise stands in for the proof, and the intake record
says which materials it replaced and by when the department must check them (核查)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from tests.cli.test_cli_intake import application, write


def intake_record(home, case_no):  # type: ignore[no-untyped-def]
    """The case's first visit record and the case row, read the way the program reads them."""
    from app.bootstrap import open_context
    from app.models.schema import Case, Record
    from app.services import record_log

    ctx = open_context(home)
    try:
        with ctx.store.read() as s:
            case = s.scalar(select(Case).where(Case.case_no == case_no))
            rec = s.scalar(select(Record).where(Record.case_id == case.id, Record.kind == "intake"))
            accepted = case.accepted_at.date() if case.accepted_at else None
            return record_log.payload_of(rec), accepted, ctx.calendar.calendar()
    finally:
        ctx.close()


def residence_permit(materials):  # type: ignore[no-untyped-def]
    """居住证首次申领 of a minor (a guardian applies) on the grounds of a job: the 就业证明 (m5)
    may be promised."""
    return application(
        item="DEMO-0036", answers={"q1": ["a1"], "q2": ["b1"], "q3": ["c1"]}, materials=materials
    )


ALL_BUT_JOB = {"m1": "ok", "m2": "ok", "m3": "ok", "m4": "ok", "m9": "ok"}


def test_a_promise_replaces_the_proof_and_is_recorded_with_its_check_date(
    initialised, home, tmp_path
):
    doc = residence_permit({**ALL_BUT_JOB, "m5": "promised"})
    code, out, err = initialised("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["outcome"] == "accept" and res["missing"] == []

    payload, accepted, cal = intake_record(home, res["case_no"])
    assert payload["promised"] == ["m5"]
    assert payload["verdicts"]["m5"]["verdict"] == "promised"
    # m5's check_days is 10 working days from the acceptance date
    assert payload["check_due"] == cal.add_workdays(accepted, 10).isoformat()


def test_without_a_promise_the_record_reads_as_before(initialised, home, tmp_path):
    doc = residence_permit({**ALL_BUT_JOB, "m5": "ok"})
    code, out, err = initialised("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    payload, _, _ = intake_record(home, json.loads(out)["case_no"])
    assert "promised" not in payload and "check_due" not in payload


def test_a_promise_not_accepted_today_has_no_check_date_yet(initialised, home, tmp_path):
    """一次性告知 for the missing 登记表: the promise is recorded, the check runs from acceptance."""
    doc = residence_permit({**ALL_BUT_JOB, "m1": "missing", "m5": "promised"})
    code, out, err = initialised("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["outcome"] == "correction"
    payload, _, _ = intake_record(home, res["case_no"])
    assert payload["promised"] == ["m5"] and payload["check_due"] is None


def test_the_letter_is_printed_with_the_visit_and_kept_with_the_case(initialised, home, tmp_path):
    from tests.printing.slip_helpers import flat_text
    from tests.stores import kept_pdf

    doc = residence_permit({**ALL_BUT_JOB, "m5": "promised"})
    code, out, err = initialised("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    res = json.loads(out)
    names = [p.rsplit("/", 1)[-1] for p in res["documents"]]
    assert names == ["acceptance-01.pdf", "promise-01.pdf"]
    text = flat_text(kept_pdf(home, home.case_dir(res["case_no"]) / "promise-01.pdf"))
    assert "证明事项告知承诺书" in text and res["case_no"] in text
    assert "以承诺代替：就业证明" in text and "以承诺代替：住所证明" not in text
    copy = tmp_path / "letter.pdf"  # a reprint is the kept letter, byte for byte
    code, out, err = initialised("print", res["case_no"], "--doc", "promise", "--out", str(copy))
    assert code == 0, err
    assert flat_text(copy.read_bytes()) == text


def test_no_letter_without_a_promise(initialised, tmp_path):
    doc = residence_permit({**ALL_BUT_JOB, "m5": "ok"})
    code, out, err = initialised("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    assert [p.rsplit("/", 1)[-1] for p in json.loads(out)["documents"]] == ["acceptance-01.pdf"]


def test_counter_report_lists_the_overdue_check(initialised, home, tmp_path):
    doc = residence_permit({**ALL_BUT_JOB, "m5": "promised"})
    code, out, err = initialised("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    case_no = json.loads(out)["case_no"]
    payload, _, _ = intake_record(home, case_no)
    due = date.fromisoformat(payload["check_due"])
    code, out, err = initialised("report", "--day", due.isoformat())
    assert code == 0, err
    assert "告知承诺核查逾期" not in out  # the due day is still in time
    code, out, err = initialised("report", "--day", (due + timedelta(days=1)).isoformat())
    assert code == 0, err
    assert f"告知承诺核查逾期（1 件）：\n    {case_no}  核查期限 {due.isoformat()}" in out


def test_counter_case_post_check_revokes_a_false_promise(initialised, tmp_path):
    doc = residence_permit({**ALL_BUT_JOB, "m5": "promised"})
    code, out, err = initialised("intake", write(tmp_path, doc), "--json")
    case_no = json.loads(out)["case_no"]
    code, _, err = initialised("case", "post-check", case_no, "不属实", "--clerk", "clerk1")
    assert code != 0 and "请写明核查发现的情况" in err
    code, out, err = initialised(
        "case", "post-check", case_no, "不属实", "--clerk", "clerk1", "--note", "无参保记录"
    )
    assert code == 0, err
    assert out.strip() == f"{case_no} 核查不属实 → 已撤销"
    code, out, _ = initialised("case", "show", case_no, "--json")
    assert json.loads(out)["state"] == "revoked"
    code, _, err = initialised("case", "post-check", case_no, "属实", "--clerk", "clerk1")
    assert code != 0 and "没有待核查的告知承诺" in err


def test_a_promise_first_signed_at_a_return_visit_prints_its_letter(initialised, home, tmp_path):
    """Told to correct (一次性告知) with the 登记表 and the 就业证明 missing; back with the
    登记表, the applicant promises the 就业证明: the return visit records the promise with the
    check date counted from its acceptance, and prints the letter with its slips."""
    from app.bootstrap import open_context
    from app.models.schema import Case, Record
    from app.services import record_log
    from tests.printing.slip_helpers import flat_text
    from tests.stores import kept_pdf

    doc = residence_permit({**ALL_BUT_JOB, "m1": "missing", "m5": "missing"})
    code, out, err = initialised("intake", write(tmp_path, doc), "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["outcome"] == "correction"
    back = application(
        item=None,
        case=first["case_no"],
        applicant=None,
        answers={},
        materials={"m1": "ok", "m5": "promised"},
    )
    code, out, err = initialised("intake", write(tmp_path, back, "back.json"), "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["outcome"] == "accept" and res["case_no"] == first["case_no"]
    assert [p.rsplit("/", 1)[-1] for p in res["documents"]] == [
        "acceptance-02.pdf",
        "promise-02.pdf",
    ]
    ctx = open_context(home)
    try:
        with ctx.store.read() as s:
            case = s.scalar(select(Case).where(Case.case_no == first["case_no"]))
            rec = s.scalar(
                select(Record).where(Record.case_id == case.id, Record.kind == "supplement")
            )
            payload = record_log.payload_of(rec)
            accepted, due = case.accepted_at.date(), case.check_due
        cal = ctx.calendar.calendar()
    finally:
        ctx.close()
    assert payload["promised"] == ["m5"]
    assert due == cal.add_workdays(accepted, 10)
    assert payload["check_due"] == due.isoformat()
    text = flat_text(kept_pdf(home, home.case_dir(first["case_no"]) / "promise-02.pdf"))
    assert "证明事项告知承诺书" in text and "以承诺代替：就业证明" in text
    assert f"{due.year}年{due.month}月{due.day}日前" in text


def test_a_file_without_case_still_needs_its_applicant_and_item(initialised, tmp_path):
    """``item`` and ``applicant`` may be null only on a return visit (``case`` given)."""
    doc = residence_permit(ALL_BUT_JOB)
    for key, said in (("applicant", "缺少申请人 applicant"), ("item", "缺少 item")):
        code, _, err = initialised("intake", write(tmp_path, {**doc, key: None}), "--json")
        assert code == 1 and said in err, err
