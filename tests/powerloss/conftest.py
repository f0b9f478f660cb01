"""dropfs for tests: a mounted filesystem that loses every write not made durable at a cut.

Skipped with the reason when FUSE cannot be mounted here (no /dev/fuse, no fusermount3 from
Debian's fuse3, no mfusepy), unless CI=true: there it must run, and fails instead.

Tests marked ``powerloss`` (hundreds of cuts, minutes) run only when asked for by name in
``-m`` (``pytest -m powerloss tests/powerloss``); ``-m central`` alone leaves them out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .mount import DropMount, fuse_problem, must_run


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "powerloss" in (config.getoption("markexpr") or ""):
        return
    long = [i for i in items if i.get_closest_marker("powerloss")]
    if long:
        config.hook.pytest_deselected(items=long)
        items[:] = [i for i in items if not i.get_closest_marker("powerloss")]


@pytest.fixture
def dropfs(tmp_path: Path) -> Iterator[DropMount]:
    must_run(fuse_problem())
    m = DropMount(tmp_path / "backing", tmp_path / "mnt")
    m.mount()
    try:
        yield m
    finally:
        m.unmount()
