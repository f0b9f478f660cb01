"""Excel catalogs: rows past a wrong declared extent, broken and hostile workbooks."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import pytest

from app.core.catalog import Catalog
from app.services.catalog import read_catalog_file
from app.services.catalog_xlsx import read_workbook, write_workbook


def _catalog(ctx, n: int = 5) -> Catalog:
    full = ctx.catalog.export()
    return Catalog(full.items[:n], full.published_at, full.source)


def _rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the parts of a workbook (a zip) through ``change(name, bytes) -> bytes``."""
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info.filename, change(info.filename, data))


def _sheet_part(path: Path, title: str) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    index = wb.sheetnames.index(title) + 1
    return f"xl/worksheets/sheet{index}.xml"


def test_rows_beyond_a_wrong_dimension_are_read(ctx, tmp_path):
    path = tmp_path / "c.xlsx"
    write_workbook(_catalog(ctx), path)
    part = _sheet_part(path, "事项")
    _rewrite(
        path,
        lambda name, data: (
            re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:M2"/>', data)
            if name == part
            else data
        ),
    )
    with zipfile.ZipFile(path) as z:
        assert b'<dimension ref="A1:M2"/>' in z.read(part)
    result = read_workbook(path)
    # Either every item is read, or the workbook is refused: never four items silently lost.
    assert result.catalog is not None, result.errors
    assert len(result.catalog.items) == 5


def test_not_a_zip_is_refused_in_one_line(tmp_path):
    path = tmp_path / "c.xlsx"
    path.write_bytes(b"PK\x03\x04 but not really a zip" * 10)
    result = read_catalog_file(path)
    assert result.catalog is None and len(result.errors) == 1
    assert "xlsx" in str(result.errors[0])


def test_huge_shared_strings_are_refused_before_reading(ctx, tmp_path):
    path = tmp_path / "c.xlsx"
    write_workbook(_catalog(ctx, 1), path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.xml", b"<a>" + b" " * (20 * 1024 * 1024) + b"</a>")
    result = read_catalog_file(path)
    assert result.catalog is None and len(result.errors) == 1
    assert "压缩比" in result.errors[0].reason


def test_a_damaged_sheet_is_one_clear_problem(ctx, tmp_path):
    path = tmp_path / "c.xlsx"
    write_workbook(_catalog(ctx, 1), path)
    part = _sheet_part(path, "材料")
    _rewrite(path, lambda name, data: data[: len(data) // 2] if name == part else data)
    result = read_catalog_file(path)
    assert result.catalog is None and len(result.errors) == 1


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 1e300, True])
def test_non_finite_and_odd_numbers_in_a_number_cell(ctx, tmp_path, value):
    from openpyxl import load_workbook

    path = tmp_path / "c.xlsx"
    write_workbook(_catalog(ctx, 1), path)
    wb = load_workbook(path)
    wb["事项"]["F2"] = value  # 法定时限
    wb.save(path)
    if isinstance(value, float) and not math.isfinite(value):
        # openpyxl writes these as text it cannot read back as numbers: put them in the XML.
        part = _sheet_part(path, "事项")
        word = {math.inf: b"INF", -math.inf: b"-INF"}.get(value, b"NaN")
        _rewrite(
            path,
            lambda name, data: (
                re.sub(
                    rb'<c r="F2"[^>]*?(?:/>|>.*?</c>)',
                    lambda m: b'<c r="F2"><v>' + word + b"</v></c>",
                    data,
                )
                if name == part
                else data
            ),
        )
    result = read_catalog_file(path)
    assert result.catalog is None
    assert any("legal_days" in p.path or "事项 第 2 行" in p.reason for p in result.errors), (
        result.errors
    )


def test_a_code_typed_as_a_number_is_its_digits(ctx, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "c.xlsx"
    write_workbook(_catalog(ctx, 1), path)
    wb = load_workbook(path)
    for sheet in ("事项", "情形", "材料", "答疑"):
        for row in wb[sheet].iter_rows(min_row=2):
            row[0].value = 330100001
    wb.save(path)
    result = read_catalog_file(path)
    assert result.catalog is not None, result.errors
    assert result.catalog.items[0].code == "330100001"
