"""Hostile application files through ``counter intake``: refused in clear lines with the store
unchanged, or accepted as a valid intake."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.identity import resident_id_check_char
from tests.fuzz.conftest import assert_clear_failure
from tests.fuzz.strategies import dumps, mutated, raw_json_tricks

ID17 = "11010519491231002"
VALID = {
    "format": "counter-application/1",
    "clerk": "clerk1",
    "item": "LOCAL-0001",
    "case": None,
    "answers": {"s": ["s2"]},
    "applicant": {
        "kind": "person",
        "name": "刘䶮",
        "id_type": "resident_id",
        "id_number": ID17 + resident_id_check_char(ID17),
        "phone": "13800001111",
    },
    "agent": None,
    "materials": {"m1": "ok", "m2": "ok", "m3": {"verdict": "defective", "reason": "复印件不清晰"}},
    "outcome": None,
    "reason": None,
    "supplement_deadline": None,
}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def _check(window, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = window.write("application.json", data)
    before = window.snapshot()
    code, out, err = window.cli("intake", str(path), "--json")
    if code == 0:
        result = json.loads(out)
        assert result["outcome"] in ("accept", "tolerate", "correction", "refuse", "consult")
        assert window.snapshot() != before
    else:
        assert_clear_failure(code, err)
        for line in err.strip().splitlines():
            assert line.startswith("counter: "), err[:300]
        assert window.snapshot() == before


@FUZZ
@given(doc=mutated(VALID))
def test_mutated_application_files(window, admin_password, doc):
    _check(window, dumps(doc))


@FUZZ
@given(text=st.one_of(raw_json_tricks(), st.text(max_size=100), st.binary(max_size=100)))
def test_hostile_bytes_as_application_files(window, admin_password, text):
    _check(window, text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
