"""The county's yearly report (年报) across windows, against the real PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openpyxl import load_workbook

from app.cli.main import main
from app.core import figures as fg
from app.sync.central_reports import county_report

from .conftest import CentralDb
from .intakes import NOW, accept, ready

pytestmark = pytest.mark.central


def run(central: CentralDb, *argv: str) -> int:
    return main(["central", *argv, "--db", central.url])


@pytest.fixture
def two_windows(central: CentralDb, make_window) -> tuple[Any, Any]:  # type: ignore[no-untyped-def]
    a = ready(make_window("C01", "W01"))
    b = ready(make_window("C01", "W02"))
    accept(a.ctx, 3)
    accept(b.ctx, 2)
    for w in (a, b):
        w.sync()
    return a, b


def test_county_yearly_report_by_month_and_window(central, two_windows, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    r = county_report(central.url, "yearly", year=NOW.year)
    assert r.title == f"全县 {NOW.year} 年报"
    assert r.period == fg.year_period(NOW.year)
    assert r.total.begun == 5 and r.total.first_pass.numerator == 5
    assert {k: f.begun for k, f in r.by_window.items()} == {"C01/W01": 3, "C01/W02": 2}
    assert {k: f.begun for k, f in r.by_clerk.items()} == {"C01/W01 clerk1": 3, "C01/W02 clerk1": 2}
    assert sum(f.begun for f in r.by_item.values()) == 5
    # Twelve months, everything in the month of the intakes.
    assert [t.period for t in r.trend] == [fg.month_period(NOW.year, m) for m in range(1, 13)]
    assert [t.begun for t in r.trend] == [5 if m == NOW.month else 0 for m in range(1, 13)]
    # One centre, and a year without any work.
    assert county_report(central.url, "yearly", year=NOW.year, centre="c01").total.begun == 5
    assert county_report(central.url, "yearly", year=NOW.year - 1).total.begun == 0

    pdf, xlsx = tmp_path / "county.pdf", tmp_path / "county.xlsx"
    year = str(NOW.year)
    code = run(central, "report", "yearly", "--year", year, "--out", str(pdf), "--out", str(xlsx))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert f"全县 {year} 年报" in capsys.readouterr().out
    assert load_workbook(xlsx)["每月"].max_row == 13  # the heading and twelve months
    assert run(central, "report", "yearly", "--year", year, "--centre", "C01", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["figures"]["新收申请"] == "5"
    assert data["period"] == [f"{year}-01-01", f"{year}-12-31"]


def test_a_bad_year_is_named(central, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(central, "report", "yearly", "--year", "20261") == 1
    assert "应为四位数字 YYYY" in capsys.readouterr().err
