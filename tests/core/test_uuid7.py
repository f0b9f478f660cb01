from __future__ import annotations

import itertools
import threading
import time
import uuid

import pytest

from app.core import uuid7 as uuid7_module
from app.core.uuid7 import uuid7, uuid7_unix_ms


@pytest.fixture
def isolated_clock(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Restore the generator's state afterwards, so a faked clock does not leak into later ids."""
    monkeypatch.setattr(uuid7_module, "_last_ms", uuid7_module._last_ms)
    monkeypatch.setattr(uuid7_module, "_counter", uuid7_module._counter)
    return monkeypatch


def test_version_and_variant_bits() -> None:
    for _ in range(1000):
        u = uuid7()
        assert isinstance(u, uuid.UUID)
        assert u.version == 7
        assert u.variant == uuid.RFC_4122
        assert (u.int >> 76) & 0xF == 7
        assert (u.int >> 62) & 0b11 == 0b10


def test_timestamp_is_now_in_milliseconds() -> None:
    before = time.time_ns() // 1_000_000
    u = uuid7()
    after = time.time_ns() // 1_000_000
    # The timestamp may run ahead of the clock only when the counter overflowed earlier.
    assert before <= uuid7_unix_ms(u) <= after + 10


def test_monotonic_over_10000_calls() -> None:
    ids = [uuid7() for _ in range(10_000)]
    assert len(set(ids)) == len(ids)
    assert all(a < b for a, b in itertools.pairwise(ids))
    # Text and bytes sort the same way (what a database index sees).
    assert [str(u) for u in ids] == sorted(str(u) for u in ids)
    assert [u.bytes for u in ids] == sorted(u.bytes for u in ids)


def test_many_in_one_millisecond_still_ordered(isolated_clock: pytest.MonkeyPatch) -> None:
    # A frozen clock: every call lands in the same millisecond and the counter must overflow
    # into borrowed milliseconds without breaking order.
    frozen = time.time_ns() + 10_000_000_000  # ahead of any id made so far
    isolated_clock.setattr("app.core.uuid7.time.time_ns", lambda: frozen)
    ids = [uuid7() for _ in range(10_000)]
    assert all(a < b for a, b in itertools.pairwise(ids))
    assert uuid7_unix_ms(ids[0]) == frozen // 1_000_000
    assert uuid7_unix_ms(ids[-1]) > frozen // 1_000_000


def test_clock_going_back_does_not_break_order(isolated_clock: pytest.MonkeyPatch) -> None:
    first = uuid7()
    isolated_clock.setattr("app.core.uuid7.time.time_ns", lambda: 1_000_000_000_000_000_000)
    assert uuid7() > first


def test_state_restored_after_fake_clocks() -> None:
    # Runs after the fake-clock tests in file order: timestamps are real time again.
    assert uuid7_unix_ms(uuid7()) <= time.time_ns() // 1_000_000 + 10


def test_threads_get_unique_ids() -> None:
    results: list[list[uuid.UUID]] = [[] for _ in range(8)]

    def work(out: list[uuid.UUID]) -> None:
        out.extend(uuid7() for _ in range(2000))

    threads = [threading.Thread(target=work, args=(r,)) for r in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    all_ids = [u for r in results for u in r]
    assert len(set(all_ids)) == len(all_ids)
    for r in results:
        assert r == sorted(r)
