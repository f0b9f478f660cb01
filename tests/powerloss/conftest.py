"""dropfs for tests: a mounted filesystem that loses every write not made durable at a cut.

Skipped with the reason when FUSE cannot be mounted here (no /dev/fuse, no fusermount3 from
Debian's fuse3, no mfusepy), unless CI=true: there it must run, and fails instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .mount import DropMount, fuse_problem


@pytest.fixture
def dropfs(tmp_path: Path) -> Iterator[DropMount]:
    problem = fuse_problem()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"power-loss tests must run on CI: {problem}")
        pytest.skip(problem)
    m = DropMount(tmp_path / "backing", tmp_path / "mnt")
    m.mount()
    try:
        yield m
    finally:
        m.unmount()
