"""The one list of printed documents (app.core.documents)."""

from __future__ import annotations

from app.core.checklist import ACCEPT, CORRECTION, REFUSE, TOLERATE
from app.core.documents import (
    CASE_DOCS,
    DOCUMENTS,
    OUTCOME_DOC,
    PICKUP,
    RETURN_DOCS,
    document_of,
)


def test_every_recorded_outcome_and_the_pickup_has_its_slip() -> None:
    assert set(OUTCOME_DOC) == {ACCEPT, TOLERATE, CORRECTION, REFUSE, PICKUP}
    assert set(OUTCOME_DOC.values()) <= set(CASE_DOCS)
    assert set(RETURN_DOCS) <= set(CASE_DOCS)


def test_a_kept_file_is_known_by_its_stem() -> None:
    assert document_of("correction-01").name == "correction"  # type: ignore[union-attr]
    assert document_of("tolerance").title.startswith("容缺受理通知书")  # type: ignore[union-attr]
    assert document_of("LOCAL-0001-20261203-101500") is None  # a guide's file is named by item


def test_names_are_unique_and_fit_a_file_name() -> None:
    names = [d.name for d in DOCUMENTS]
    assert len(names) == len(set(names))
    assert all(n.isascii() and n.isalpha() and n.islower() for n in names)
