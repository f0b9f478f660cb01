"""A time limit reaching a year without its holiday schedule: accepted with a provisional
(暂定) promised date counted with the statutory holidays, recounted when the table arrives."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import delete, select

from app.core.cases import IntakeRequest
from app.core.checklist import ACCEPT, Verdict
from app.models.schema import Holiday, HolidayYear, Record

ACCEPTED = datetime(2026, 12, 20, 10, 0)  # a Sunday in December: 20 working days reach 2027
ITEM = "DEMO-0008"  # 20 working days


@pytest.fixture
def no_2027(window, monkeypatch):
    """The package knows up to 2026, the county has published nothing: 2027 is unknown
    (whatever today's date and whatever chinesecalendar learns later)."""
    from app.core import workdays

    monkeypatch.setattr(workdays, "_package_knows", lambda year: year <= 2026)
    with window.store.write() as s:
        s.execute(delete(Holiday))
        s.execute(delete(HolidayYear))
    window.calendar.set_day(date(2020, 1, 1), False)  # bumps the calendar's version
    window.calendar.clear_day(date(2020, 1, 1))
    return window


def _accept(ctx, applicant, now=ACCEPTED):
    item = ctx.catalog.item(ITEM)
    answers = {q.id: [q.options[0].id] for q in item.questions}
    pv = ctx.visits.preview(ITEM, answers, {}, today=now.date())
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    return ctx.visits.submit(
        IntakeRequest("clerk1", ITEM, applicant, answers, verdicts, outcome=ACCEPT),
        now=now,
        slips=False,
    )


def _table_2027(tmp_path, days):
    path = tmp_path / "holidays-2027.json"
    path.write_text(json.dumps({"years": [2027], "days": days}), encoding="utf-8")
    return path


def test_statutory_holidays_by_rule_agree_with_the_published_years() -> None:
    import chinese_calendar

    from app.core.workdays import statutory_holidays

    for year in (2025, 2026):  # the 2024 rules, years whose schedule is published
        for day in statutory_holidays(year):
            assert not chinese_calendar.is_workday(day), day
    days = statutory_holidays(2027)
    assert days[date(2027, 2, 5)] == "春节"  # 除夕
    assert [d for d, n in days.items() if n == "春节"] == [date(2027, 2, d) for d in (5, 6, 7, 8)]
    assert days[date(2027, 4, 5)] == "清明节" and days[date(2027, 6, 9)] == "端午节"
    assert days[date(2027, 9, 15)] == "中秋节"
    assert {date(2027, 5, 1), date(2027, 5, 2), date(2027, 10, 3), date(2027, 1, 1)} <= set(days)
    assert days[date(2027, 5, 3)] == "劳动节补假"  # 1-2 May 2027 fall on Saturday and Sunday


def test_the_clerk_hears_it_when_choosing_the_item(no_2027) -> None:
    item = no_2027.catalog.item(ITEM)
    assert no_2027.visits.provisional_year(item, ACCEPTED.date()) == 2027
    assert no_2027.visits.provisional_year(item, date(2026, 6, 1)) is None
    answers = {q.id: [q.options[0].id] for q in item.questions}
    pv = no_2027.visits.preview(ITEM, answers, {}, today=ACCEPTED.date())
    ok = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    pv = no_2027.visits.preview(ITEM, answers, ok, today=ACCEPTED.date())
    assert pv.promised_date == date(2027, 1, 18) and pv.provisional_years == (2027,)


def test_accepted_with_a_provisional_date_then_recounted_when_the_table_arrives(
    no_2027, applicant, tmp_path
) -> None:
    ctx = no_2027
    res = _accept(ctx, applicant)
    assert res.outcome == ACCEPT and res.state == "accepted"
    # 9 working days in 2026, 1 January off by rule: the 20th working day is 18 January.
    assert res.promised_date == date(2027, 1, 18)
    assert res.promised_provisional and res.to_json()["promised_provisional"] is True
    view = ctx.cases.case(res.case_no)
    assert view.promised_provisional and view.to_json()["promised_provisional"] is True
    with ctx.store.read() as s:
        payload = json.loads(s.scalar(select(Record.payload).where(Record.id == res.record_id)))
    assert payload["promised_provisional"] is True and payload["provisional_years"] == [2027]
    other = _accept(ctx, applicant, datetime(2026, 11, 2, 9, 0))  # ends in 2026: firm
    assert not ctx.cases.case(other.case_no).promised_provisional
    assert ctx.calendar.promise_changes() == []

    # The county publishes 2027: 1-3 January off (a Friday to Sunday) and 4 January too.
    from app.services.calendar import read_holiday_file

    rows, years = read_holiday_file(
        _table_2027(
            tmp_path,
            [{"date": f"2027-01-0{d}", "workday": 0, "note": "元旦"} for d in (1, 2, 3, 4)],
        )
    )
    changes = ctx.calendar.replace_years(rows, years)
    assert [(c.case_no, c.previous, c.promised_date, c.provisional) for c in changes] == [
        (res.case_no, date(2027, 1, 18), date(2027, 1, 19), False)
    ]
    view = ctx.cases.case(res.case_no)
    assert view.promised_date == date(2027, 1, 19) and not view.promised_provisional
    listed = ctx.calendar.promise_changes()
    assert [c.case_no for c in listed] == [res.case_no]
    with ctx.store.read() as s:
        rec = s.scalars(select(Record).where(Record.kind == "promise")).one()
    p = json.loads(rec.payload)
    assert (p["case_no"], p["previous"], p["promised_date"]) == (
        res.case_no,
        "2027-01-18",
        "2027-01-19",
    )

    # The window's report names the case.
    from app.services.reports import window_report

    report = window_report(ctx, date(2026, 12, 21))
    assert [c["case_no"] for c in report.promise_changes] == [res.case_no]


def test_a_table_that_confirms_the_date_moves_nothing(no_2027, applicant, tmp_path) -> None:
    from app.services.calendar import read_holiday_file

    res = _accept(no_2027, applicant)
    rows, years = read_holiday_file(
        _table_2027(tmp_path, [{"date": "2027-01-01", "workday": 0, "note": "元旦"}])
    )
    assert no_2027.calendar.replace_years(rows, years) == []
    view = no_2027.cases.case(res.case_no)
    assert view.promised_date == date(2027, 1, 18) and not view.promised_provisional


def test_import_and_report_name_the_case(no_2027, applicant, tmp_path, cli, monkeypatch) -> None:
    from tests.conftest import PASSWORD

    res = _accept(no_2027, applicant)
    code, out, err = cli("report", "--day", "2026-12-21")
    assert code == 0, err
    assert "暂定" in out and res.case_no in out
    code, out, err = cli("case", "show", res.case_no)
    assert code == 0, err
    assert "2027-01-18（暂定，以国务院公布的2027年节假日安排为准）" in out
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    path = _table_2027(
        tmp_path, [{"date": f"2027-01-0{d}", "workday": 0, "note": "元旦"} for d in (1, 4)]
    )
    code, out, err = cli("holidays", "import", str(path), "--by", "admin")
    assert code == 0, err
    assert f"{res.case_no}  2027-01-18 → 2027-01-19" in out
    code, out, err = cli("report", "--day", "2026-12-21")
    assert code == 0, err
    assert f"{res.case_no}  2027-01-18 → 2027-01-19" in out and "告知申请人" in out
    code, out, err = cli("case", "show", res.case_no)
    assert code == 0, err
    assert "承诺办结日期：2027-01-19" in out and "暂定" not in out


def test_a_back_office_refusal_after_acceptance_reads_not_granted(window, applicant, cli) -> None:
    """The county's decision 不予许可 on an accepted case is not a refusal to accept."""
    from app.core.checklist import REFUSE

    ctx = window
    res = _accept(ctx, applicant, datetime(2026, 11, 2, 9, 0))
    refused = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0003", applicant, outcome=REFUSE, reason="户籍不在本辖区"),
        now=datetime(2026, 11, 2, 9, 30),
        slips=False,
    )
    with ctx.store.write() as s:  # as a pull applies the back office's decision
        from app.models.schema import Case

        s.scalars(select(Case).where(Case.case_no == res.case_no)).one().state = "refused"
    assert ctx.cases.case(res.case_no).to_json()["state_label"] == "不予许可"
    assert ctx.cases.case(refused.case_no).to_json()["state_label"] == "不予受理"
    code, out, err = cli("case", "show", res.case_no)
    assert code == 0, err
    assert "状态：不予许可" in out
    code, out, err = cli("case", "list", "--day", "2026-11-02")
    assert code == 0, err
    lines = {line.split("\t")[0]: line for line in out.splitlines() if "\t" in line}
    assert "\t不予许可\t" in lines[res.case_no] and "\t不予受理\t" in lines[refused.case_no]
