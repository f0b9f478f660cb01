"""The printing builds exactly the documents app.core.documents lists, under their titles."""

from __future__ import annotations

from app.core.documents import DOCUMENTS
from app.printing.render import BUILDERS, DOCS


def test_the_printing_builds_every_document_and_no_other() -> None:
    assert set(BUILDERS) == set(DOCS) == {d.name for d in DOCUMENTS}
    assert all(DOCS[d.name].title == d.title for d in DOCUMENTS)
