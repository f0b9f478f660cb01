"""The window's yearly report (年报) on a month of real work (November 2026): the year's
counts are the month's, its trend is the twelve months with everything in November, the
breakdowns are the month's, and the CLI writes the PDF and the spreadsheet."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from app.bootstrap import open_context
from app.cli.main import main
from app.core import figures as fg
from app.core.period_report import YEARLY, period_for
from app.printing.report_pdf import render_report, report_title
from app.services.period_reports import window_period_report


def run(home, *argv: str) -> int:  # type: ignore[no-untyped-def]
    return main(["--home", str(home.root), *argv])


@pytest.fixture(scope="module")
def reports(month_home):  # type: ignore[no-untyped-def]
    home, _made = month_home
    ctx = open_context(home)
    try:
        yield (
            window_period_report(ctx, "yearly", year=2026),
            window_period_report(ctx, "monthly", month=(2026, 11)),
        )
    finally:
        ctx.close()


def test_the_year_is_its_twelve_months() -> None:
    p = period_for(YEARLY, year=2026)
    assert (p.start, p.end, p.label) == (date(2026, 1, 1), date(2026, 12, 31), "2026")


def test_the_years_counts_are_the_months(month_home, reports) -> None:  # type: ignore[no-untyped-def]
    _home, made = month_home
    year, month = reports
    assert year.title.endswith("2026 年报")
    y, m = year.total, month.total
    assert y.begun == m.begun == len(made.cases)
    assert y.consultations == m.consultations == len(made.days)
    for name in ("accepted", "first_pass"):
        assert getattr(y, name) == getattr(m, name), name
    # What ends or completes after November (a pickup in December) counts in the year only.
    assert y.once.denominator >= m.once.denominator
    assert y.reviews == m.reviews
    assert y.tickets_by_category == m.tickets_by_category
    # The same breakdowns as the month's, with the same figures.
    assert set(year.by_window) == set(month.by_window) == {"C3301/W03"}
    assert set(year.by_clerk) == set(month.by_clerk) == {"clerk1", "clerk2"}
    assert set(year.by_item) == set(month.by_item)
    for k, f in month.by_item.items():
        assert year.by_item[k].begun == f.begun and year.by_item[k].accepted == f.accepted
    assert year.by_post.keys() == month.by_post.keys()


def test_the_trend_is_by_month(reports) -> None:  # type: ignore[no-untyped-def]
    year, month = reports
    assert [t.period for t in year.trend] == [fg.month_period(2026, n) for n in range(1, 13)]
    november = year.trend[10]
    assert november.begun == month.total.begun > 0
    assert november.first_pass == month.total.first_pass
    assert november.reviews.good == month.total.reviews.good
    assert all(t.begun == 0 and t.accepted == 0 for i, t in enumerate(year.trend) if i != 10)
    # The months part the year: its counts and its rates' parts are the sums of theirs.
    y = year.total
    assert sum(t.completed for t in year.trend) == y.completed
    assert sum(t.completed_late for t in year.trend) == y.completed_late
    for rate in ("first_pass", "once", "on_time"):
        parts = [getattr(t, rate) for t in year.trend]
        total = getattr(y, rate)
        assert sum(r.numerator for r in parts) == total.numerator, rate
        assert sum(r.denominator for r in parts) == total.denominator, rate
    assert sum(t.reviews.count for t in year.trend) == y.reviews.count


def test_cli_writes_the_yearly_pdf_and_spreadsheet(month_home, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    home, _made = month_home
    pdf, xlsx = tmp_path / "y.pdf", tmp_path / "y.xlsx"
    code = run(home, "report", "yearly", "--year", "2026", "--out", str(pdf), "--out", str(xlsx))
    out = capsys.readouterr().out
    assert code == 0
    assert "2026 年报" in out and "一次通过率" in out
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["概况", "每月", "按窗口", "按人员", "按事项", "超期未办结"]
    months = [r[0].value for r in wb["每月"].iter_rows(min_row=2)]
    assert months == [f"2026-{n:02d}" for n in range(1, 13)]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "每月办件量" in text and "2026-11" in text and "2026 年报" in text


def test_cli_yearly_as_json(month_home, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    home, made = month_home
    assert run(home, "report", "yearly", "--year", "2026", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == ["2026-01-01", "2026-12-31"]
    assert data["figures"]["新收申请"] == str(len(made.cases))


@pytest.mark.parametrize("year", ["26", "2026-11", "年"])
def test_a_bad_year_is_named(month_home, capsys, year) -> None:  # type: ignore[no-untyped-def]
    home, _made = month_home
    assert run(home, "report", "yearly", "--year", year) == 1
    assert "应为四位数字 YYYY" in capsys.readouterr().err


@pytest.mark.parametrize(
    "period",
    [
        ("yearly", "--year", "9999"),
        ("yearly", "--year", "0001"),
        ("monthly", "--month", "9999-12"),
        ("daily", "--day", "9999-12-31"),
        ("daily", "--day", "0001-01-01"),
    ],
)
def test_a_year_out_of_range_is_named_not_an_internal_error(month_home, capsys, period) -> None:  # type: ignore[no-untyped-def]
    """The period, its trend and the day after it must be dates: the edges of the calendar
    are refused with the years a report may cover."""
    home, _made = month_home
    assert run(home, "report", *period) == 1
    err = capsys.readouterr().err
    assert "不在可统计的年份 1900–2999 之内" in err and "内部错误" not in err


def test_the_english_title_and_an_empty_year(month_home) -> None:  # type: ignore[no-untyped-def]
    home, _made = month_home
    ctx = open_context(home)
    try:
        r = window_period_report(ctx, "yearly", year=2025)
    finally:
        ctx.close()
    assert r.total.begun == 0 and len(r.trend) == 12
    assert report_title(r, "en").endswith("2025 yearly report")
    out = io.BytesIO()
    render_report(r, out, "en")
    assert out.getvalue().startswith(b"%PDF")
