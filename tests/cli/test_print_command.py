"""`counter print`: the documents it offers come from app.core.documents."""

from __future__ import annotations

import pytest

from app.cli.main import main
from app.core.documents import CASE_DOCS


def test_counter_print_offers_every_case_document(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["print", "--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in CASE_DOCS)
    assert "guide," not in out  # the guide is made for an item, with --item
