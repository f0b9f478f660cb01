"""The per-post (岗位) table of the window's reports on a month of real work: the example post
table (docs/examples/posts.json) published to the window, clerk1 (A of 前台综合受理) away 16 to
20 November so clerk2 (its B) covers it then. clerk2 holds no post for the month's items
otherwise, so its other intakes are under 未分岗."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.bootstrap import open_context
from app.cli.main import main
from app.core import figures as fg
from app.core.posts import parse_posts
from app.printing.report_pdf import render_report
from app.printing.report_xlsx import write_report_xlsx
from app.services.period_reports import window_period_report
from app.services.posts import store_published

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "posts.json"
AWAY = [date(2026, 11, d) for d in range(16, 21)]
NOW = datetime(2026, 12, 1, 8, 30)


@pytest.fixture(scope="module")
def ctx(month_copy):  # type: ignore[no-untyped-def]
    home, _made = month_copy
    c = open_context(home)
    try:
        yield c
    finally:
        c.close()


def test_without_a_post_table_there_is_no_per_post_table(ctx) -> None:  # type: ignore[no-untyped-def]
    report = window_period_report(ctx, "monthly", month=(2026, 11), now=NOW)
    assert report.by_post == {}
    assert report.post_table == ""
    wb = load_workbook(_xlsx(report))
    assert "按岗位" not in wb.sheetnames


@pytest.fixture(scope="module")
def posted(ctx):  # type: ignore[no-untyped-def]
    with ctx.store.write() as s:
        store_published(s, 4, parse_posts(json.loads(EXAMPLE.read_text("utf-8"))))
    ctx.posts.mark_absent("clerk1", AWAY[0], AWAY[-1], "boss", now=NOW)
    return window_period_report(ctx, "monthly", month=(2026, 11), now=NOW)


def _xlsx(report) -> io.BytesIO:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    write_report_xlsx(report, buf)
    buf.seek(0)
    return buf


def test_cases_count_for_the_post_their_clerk_held_that_day(ctx, posted) -> None:  # type: ignore[no-untyped-def]
    # clerk2's intakes while clerk1 was away, counted day by day from the daily reports.
    covered = sum(
        window_period_report(ctx, "daily", day=d, now=NOW).by_clerk.get("clerk2", _none()).begun
        for d in AWAY
    )
    assert covered > 0
    clerk1, clerk2 = posted.by_clerk["clerk1"], posted.by_clerk["clerk2"]
    assert list(posted.by_post) == ["QT-ZHSL", fg.UNPOSTED]
    assert posted.by_post["QT-ZHSL"].begun == clerk1.begun + covered
    assert posted.by_post[fg.UNPOSTED].begun == clerk2.begun - covered
    assert sum(f.begun for f in posted.by_post.values()) == posted.total.begun
    assert posted.post_names["QT-ZHSL"] == "前台综合受理（QT-ZHSL）"
    assert "版本 2027-01" in posted.post_table and "第 4 次发布" in posted.post_table


def test_the_per_post_table_is_printed_and_in_the_spreadsheet(posted) -> None:  # type: ignore[no-untyped-def]
    wb = load_workbook(_xlsx(posted))
    assert wb.sheetnames == ["概况", "每日", "按窗口", "按人员", "按事项", "按岗位", "超期未办结"]
    ws = wb["按岗位"]
    assert ws["A2"].value == "前台综合受理（QT-ZHSL）"
    assert ws["B2"].value == posted.by_post["QT-ZHSL"].visits
    assert ws["C2"].value == posted.by_post["QT-ZHSL"].begun
    assert ws["A3"].value == fg.UNPOSTED
    assert "版本 2027-01" in ws["A5"].value
    if shutil.which("pdftotext"):
        buf = io.BytesIO()
        render_report(posted, buf)
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=buf.getvalue(), capture_output=True, check=True
        ).stdout.decode()
        assert "按岗位" in text and "前台综合受理（QT-ZHSL）" in text and fg.UNPOSTED in text
        buf = io.BytesIO()
        render_report(posted, buf, language="en")
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=buf.getvalue(), capture_output=True, check=True
        ).stdout.decode()
        assert "By post" in text and "No post" in text


def test_cli_json_names_the_posts(ctx, posted, capsys) -> None:  # type: ignore[no-untyped-def]
    home = ctx.home
    assert (
        main(["--home", str(home.root), "report", "monthly", "--month", "2026-11", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert set(out["by_post"]) == {"前台综合受理（QT-ZHSL）", fg.UNPOSTED}


def _none() -> fg.Figures:
    return fg.figures(fg.day_period(date(2026, 11, 1)), [], [], [], fg.WorkCalendar())
