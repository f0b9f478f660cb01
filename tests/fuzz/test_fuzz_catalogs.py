"""Hostile catalogs: a clear refusal and an unchanged store, or a valid catalog."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import catalog_format
from app.core.input_rules import CODE_RE, ID_RE, text_problem
from tests.conftest import real_guides_path
from tests.fuzz.conftest import assert_clear_failure
from tests.fuzz.strategies import HOSTILE_STRINGS, dumps, mutated, raw_json_tricks

REAL = json.loads(real_guides_path().read_text(encoding="utf-8"))
SMALL = {**REAL, "items": REAL["items"][:2]}
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def _valid(catalog) -> None:  # type: ignore[no-untyped-def]
    """What an accepted catalog guarantees to the rest of the program."""
    assert catalog.items
    for item in catalog.items:
        assert CODE_RE.fullmatch(item.code) and ".." not in item.code
        assert text_problem(item.name, 200) is None
        for m in item.materials:
            assert ID_RE.fullmatch(m.id)
        for q in item.questions:
            assert ID_RE.fullmatch(q.id)
            for o in q.options:
                assert ID_RE.fullmatch(o.id)
        for v in (item.legal_days, item.promised_days):
            assert v is None or (isinstance(v, int) and 0 <= v <= catalog_format.MAX_DAYS)


def _problems_are_lines(result) -> None:  # type: ignore[no-untyped-def]
    assert result.errors
    for p in result.errors:
        s = str(p)
        assert s and "\n" not in s and "\r" not in s and len(s) < 600, s[:200]
        assert "Traceback" not in s


@FUZZ
@given(doc=mutated(SMALL))
def test_parse_a_mutated_catalog(doc):
    result = catalog_format.parse_catalog_text(dumps(doc).decode("utf-8", "surrogatepass"))
    if result.catalog is None:
        _problems_are_lines(result)
    else:
        _valid(result.catalog)
        # What is accepted writes back and reads again the same.
        again = catalog_format.parse_catalog_text(catalog_format.dumps_catalog(result.catalog))
        assert again.catalog == result.catalog


@FUZZ
@given(text=st.one_of(raw_json_tricks(), st.text(max_size=200)))
def test_parse_hostile_text(text):
    result = catalog_format.parse_catalog_text(text)
    if result.catalog is None:
        _problems_are_lines(result)
    else:
        _valid(result.catalog)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(doc=st.one_of(mutated(SMALL), st.builds(lambda t: t, raw_json_tricks())))
def test_cli_import_refuses_cleanly_or_imports(window, admin_password, doc):
    data = doc.encode("utf-8") if isinstance(doc, str) else dumps(doc)
    path = window.write("catalog.json", data)
    before = window.snapshot()
    code, _out, err = window.cli("catalog", "import", str(path), "--by", "admin")
    if code == 0:
        result = catalog_format.parse_catalog_text(data.decode("utf-8", "surrogatepass"))
        assert result.catalog is not None
        _valid(result.catalog)
    else:
        assert_clear_failure(code, err)
        assert window.snapshot() == before


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.sampled_from([h for h in HOSTILE_STRINGS if "\x00" not in h]),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.lists(
        st.tuples(
            st.sampled_from(["说明", "事项", "情形", "材料", "答疑"]),
            st.integers(1, 6),
            st.integers(1, 14),
            cell_values,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_hostile_cells_in_the_excel_template(tmp_path_factory, cells):
    """Any value in any cell of a valid workbook: read as a valid catalog, or refused."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    from app.core.catalog import Catalog
    from app.services.catalog_xlsx import read_workbook, write_workbook

    path = tmp_path_factory.mktemp("x") / "c.xlsx"
    write_workbook(
        Catalog(tuple(catalog_format.parse_catalog(SMALL).catalog.items), None, None), path
    )
    wb = load_workbook(path)
    for sheet, row, col, value in cells:
        try:
            wb[sheet].cell(row, col).value = value
        except (IllegalCharacterError, ValueError, TypeError):
            continue  # openpyxl will not write it
    wb.save(path)
    result = read_workbook(path)
    if result.catalog is None:
        _problems_are_lines(result)
    else:
        _valid(result.catalog)
