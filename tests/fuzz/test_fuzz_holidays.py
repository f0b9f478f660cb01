"""Hostile holiday tables: refused in clear lines with the store unchanged, or a valid table."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import CounterError
from app.services.calendar import MAX_YEAR, MIN_YEAR, read_holiday_file
from tests.fuzz.conftest import assert_clear_failure
from tests.fuzz.strategies import HOSTILE_STRINGS, dumps, mutated, raw_json_tricks

VALID = {
    "years": [2027],
    "days": [
        {"date": "2027-01-01", "workday": 0, "note": "元旦"},
        {"date": "2027-02-06", "workday": 1, "note": "春节调休"},
    ],
}
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

csv_cells = st.one_of(
    st.sampled_from(
        [*HOSTILE_STRINGS, "2027-01-01", "1", "0", "#years", "2027", "0000-01-01", "99999"]
    ),
    st.text(max_size=12),
)
csv_rows = st.lists(st.lists(csv_cells, max_size=5), max_size=8)


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return ("date,workday,note\n" + buf.getvalue()).encode("utf-8", "surrogatepass")


def _check_read(window, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = window.write(name, data)
    try:
        rows, years = read_holiday_file(path)
    except CounterError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 600
        for p in getattr(exc, "problems", []):
            assert "\n" not in str(p)
        return
    days = [r.day for r in rows]
    assert len(days) == len(set(days))
    assert all(MIN_YEAR <= d.year <= MAX_YEAR for d in days)
    assert all(MIN_YEAR <= y <= MAX_YEAR for y in years)
    assert set(years) <= {d.year for d in days}


@FUZZ
@given(doc=st.one_of(mutated(VALID), st.builds(lambda t: t, raw_json_tricks())))
def test_json_holiday_tables(window, doc):
    _check_read(window, "h.json", doc.encode("utf-8") if isinstance(doc, str) else dumps(doc))


@FUZZ
@given(rows=csv_rows)
def test_csv_holiday_tables(window, rows):
    _check_read(window, "h.csv", _csv(rows))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(doc=st.one_of(mutated(VALID), csv_rows))
def test_cli_holiday_import(window, admin_password, doc):
    name, data = (
        ("h.csv", _csv(doc))
        if isinstance(doc, list) and all(isinstance(r, list) for r in doc) and doc
        else ("h.json", dumps(doc))
    )
    path = window.write(name, data)
    before = window.snapshot()
    code, _out, err = window.cli("holidays", "import", str(path), "--by", "admin")
    if code != 0:
        assert_clear_failure(code, err)
        assert window.snapshot() == before
