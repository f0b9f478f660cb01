"""The window's daily and monthly reports on a month of real work: the figures agree with the
core's formulas applied to what was recorded, the CLI writes the PDF and the spreadsheet, and
the existing ``counter report`` still answers as before."""

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
from app.printing.report_pdf import render_report
from app.services.period_reports import window_period_report
from tests.services.month import ANSWERS


def run(home, *argv: str) -> int:  # type: ignore[no-untyped-def]
    return main(["--home", str(home.root), *argv])


@pytest.fixture(scope="module")
def report(month_home):  # type: ignore[no-untyped-def]
    home, _made = month_home
    ctx = open_context(home)
    try:
        yield window_period_report(ctx, "monthly", month=(2026, 11))
    finally:
        ctx.close()


def test_month_counts_match_what_was_made(month_home, report) -> None:  # type: ignore[no-untyped-def]
    _home, made = month_home
    f = report.total
    assert f.begun == len(made.cases)
    assert sorted(f.overdue) == sorted(made.overdue)
    assert [o.case_no for o in report.overdue] == f.overdue
    # One consultation every working day.
    assert f.consultations == len(made.days)
    assert set(report.by_clerk) == {"clerk1", "clerk2"}
    assert set(report.by_window) == {"C3301/W03"}
    assert set(report.by_item) <= set(ANSWERS)
    assert sum(g.begun for g in report.by_item.values()) == f.begun
    assert len(report.trend) == 30
    assert sum(t.begun for t in report.trend) == f.begun


def test_bad_reviews_opened_tickets(report) -> None:  # type: ignore[no-untyped-def]
    bad = report.total.reviews.by_level[2] + report.total.reviews.by_level[1]
    assert bad > 0
    assert sum(report.total.tickets_by_category.values()) == bad
    assert report.total.tickets_by_category == {"review": bad}


def test_a_day_within_the_month(month_home, report) -> None:  # type: ignore[no-untyped-def]
    home, made = month_home
    ctx = open_context(home)
    try:
        day = made.days[3]
        daily = window_period_report(ctx, "daily", day=day)
    finally:
        ctx.close()
    same = next(t for t in report.trend if t.period.start == day)
    assert daily.total.first_pass == same.first_pass
    assert daily.total.begun == same.begun > 0
    assert len(daily.trend) == 14 and daily.trend[-1].period == fg.day_period(day)


def test_cli_writes_pdf_and_spreadsheet(month_home, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    home, made = month_home
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    code = run(
        home, "report", "monthly", "--month", "2026-11", "--out", str(pdf), "--out", str(xlsx)
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "2026-11 月报" in out and "一次通过率" in out
    assert pdf.read_bytes().startswith(b"%PDF")
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["概况", "每日", "按窗口", "按人员", "按事项", "超期未办结"]
    overdue = [r[0].value for r in wb["超期未办结"].iter_rows(min_row=2)]
    assert sorted(overdue) == sorted(made.overdue)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "按时办结率" in text and made.overdue[0] in text


def test_cli_daily_and_the_old_report_side_by_side(month_home, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    home, made = month_home
    day = made.days[5].isoformat()
    assert run(home, "report", "daily", "--day", day, "--out", str(tmp_path / "d.pdf")) == 0
    assert f"{day} 日报" in capsys.readouterr().out
    assert run(home, "report", "--day", day) == 0
    assert "跑一次率（全部办件）" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("monthly", "--month", "2026-13"), "应为 YYYY-MM"),
        (("daily", "--day", "2026-11-31"), "应为 YYYY-MM-DD"),
        (("daily", "--day", "2026-11-05", "--out", "x.docx"), ".pdf 或 .xlsx"),
    ],
)
def test_bad_input_is_named(month_home, capsys, argv, message) -> None:  # type: ignore[no-untyped-def]
    home, _made = month_home
    assert run(home, "report", *argv) == 1
    assert message in capsys.readouterr().err


def test_a_report_is_never_written_into_the_data_directory(month_home, capsys) -> None:  # type: ignore[no-untyped-def]
    home, _made = month_home
    target = home.cases / "report.pdf"
    code = run(home, "report", "daily", "--day", "2026-11-05", "--out", str(target))
    assert code == 1 and not target.exists()
    assert "不能写入" in capsys.readouterr().err


def test_an_empty_month_reports_dashes(month_home) -> None:  # type: ignore[no-untyped-def]
    home, _made = month_home
    ctx = open_context(home)
    try:
        r = window_period_report(ctx, "monthly", month=(2026, 3))
    finally:
        ctx.close()
    assert r.total.begun == 0 and r.total.first_pass.value is None
    assert r.period.end == date(2026, 3, 31)
    out = io.BytesIO()
    render_report(r, out)  # charts without a single point still draw
    assert out.getvalue().startswith(b"%PDF")
