"""Fixtures of the slip tests: realistic slips built from the 12 real items."""

from __future__ import annotations

from typing import Any

import pytest
import slip_samples


@pytest.fixture
def items(real_guides: dict[str, Any]) -> list[dict[str, Any]]:
    return real_guides["items"]


@pytest.fixture
def slips(items: list[dict[str, Any]]) -> dict[str, Any]:
    """One realistic slip per document name (see slip_samples.py)."""
    return slip_samples.all_slips(items)
