"""The slip list names each kept PDF in the window's language (app.core.documents)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from app.ui.slip_panel import doc_title


@pytest.fixture
def locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


def test_chinese_and_english_names_of_a_kept_slip(locale: None) -> None:
    QLocale.setDefault(QLocale("zh_CN"))
    assert doc_title(Path("correction-01.pdf")) == "一次性告知书"
    assert doc_title(Path("commitment.pdf")) == "承诺书"
    QLocale.setDefault(QLocale("en"))
    assert doc_title(Path("pickup.pdf")) == "Pickup receipt"
    assert doc_title(Path("LOCAL-0001-20261203-101500.pdf")) == "LOCAL-0001-20261203-101500"
