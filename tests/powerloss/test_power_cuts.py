"""Power cuts at random moments while a window takes intakes and syncs (scenario.py).

A quick run of three cuts is part of the suite (about 30 s); the long run (200 cuts, about 20 minutes on
two cores) is asked for: ``pytest -m powerloss tests/powerloss``. bench/powerloss.py runs the
same with figures (docs/benchmarks.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.conftest import admin_url, server_problem

from .mount import fuse_problem, must_run
from .scenario import Figures, run

pytestmark = pytest.mark.central


def power_cuts(n: int, tmp_path: Path, max_delay: float = 1.5) -> Figures:
    must_run(fuse_problem())
    must_run(server_problem())
    figures = run(n, workdir=tmp_path, admin=admin_url(), seed=n, max_delay=max_delay)
    assert figures.cuts == n
    assert (figures.lost, figures.duplicated) == (0, 0), figures.problems
    assert not figures.problems
    return figures


def test_a_few_power_cuts(tmp_path: Path) -> None:
    power_cuts(3, tmp_path, max_delay=0.8)


@pytest.mark.powerloss
def test_two_hundred_power_cuts(tmp_path: Path) -> None:
    figures = power_cuts(200, tmp_path)
    assert figures.acknowledged > 0
