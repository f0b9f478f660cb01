"""Network faults between a window and the central database, injected by a real TCP proxy.

After every scenario the checker proves the promise: every record centrally exactly once,
the outbox drained, no central row that no window made.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from psycopg.conninfo import conninfo_to_dict

from app.sync.connection import Timeouts
from app.sync.engine import SyncSummary
from app.sync.setup import configure_central

from .checker import check_delivery
from .conftest import CentralDb, Window
from .faultproxy import Fault, FaultProxy

pytestmark = pytest.mark.central

FAST = Timeouts(connect=3, statement=20, operation=2.0)


@pytest.fixture
def proxy(central: CentralDb) -> Iterator[FaultProxy]:
    info = conninfo_to_dict(central.url)
    with FaultProxy(str(info.get("host") or "127.0.0.1"), int(info.get("port") or 5432)) as p:
        yield p


@pytest.fixture
def window(central: CentralDb, make_window, proxy: FaultProxy) -> Window:
    creds = central.add_window()
    return make_window(creds=creds, url=proxy.url(creds.url))


def sync(w: Window, **options: object) -> SyncSummary:
    options.setdefault("timeouts", FAST)
    options.setdefault("batch_size", 100)
    return w.sync(**options)


def count(central: CentralDb) -> int:
    return int(central.scalar("SELECT count(*) FROM counter.records"))


def test_answer_dropped_after_the_server_committed(
    central: CentralDb, window: Window, proxy: FaultProxy
) -> None:
    window.records(300, bulk=True)
    proxy.set_fault(Fault("drop_commit_answer"))
    summary = sync(window)
    assert proxy.fired == 1
    # The first batch committed unheard; its retry is answered "duplicate", adds no row.
    assert (summary.ok, summary.pushed, summary.duplicates) == (True, 200, 100)
    assert count(central) == 300
    check_delivery(central, [window])


def test_connection_reset_mid_batch(central: CentralDb, window: Window, proxy: FaultProxy) -> None:
    window.records(300, bulk=True)
    proxy.set_fault(Fault("reset_on_copy", copy_messages=2))
    summary = sync(window)
    assert proxy.fired == 1
    assert (summary.ok, summary.pushed, summary.duplicates) == (True, 300, 0)
    check_delivery(central, [window])


def test_postgres_backend_killed_mid_batch_is_all_or_nothing(
    central: CentralDb, window: Window, proxy: FaultProxy
) -> None:
    """PostgreSQL going away mid-batch, simulated by terminating the window's backend (the
    shared test server is not restarted): the batch in flight leaves no row; the retry lands."""
    window.records(100, bulk=True)
    assert sync(window).ok
    window.records(250, bulk=True)
    proxy.set_fault(Fault("pause_on_copy", copy_messages=1))
    result: list[SyncSummary] = []
    worker = threading.Thread(target=lambda: result.append(sync(window)))
    worker.start()
    try:
        assert proxy.paused.wait(30)
        killed = central.scalar(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = %s",
            (window.creds.role,),
        )
        assert killed == 1
        assert count(central) == 100  # nothing of the batch in flight
    finally:
        proxy.release()
        worker.join(60)
    assert result[0].ok and result[0].pushed == 250
    check_delivery(central, [window])


def test_stall_then_late_delivery_of_the_commit(
    central: CentralDb, window: Window, proxy: FaultProxy
) -> None:
    window.records(200, bulk=True)
    proxy.set_fault(Fault("stall_commit", seconds=3.0))
    summary = sync(window)  # gives up after 2 s, retries; the held COMMIT lands at 3 s
    assert proxy.fired == 1
    assert summary.ok
    assert summary.pushed + summary.duplicates == 200
    assert count(central) == 200
    check_delivery(central, [window])


def test_a_captive_portal_page_is_not_an_acknowledgement(
    central: CentralDb, window: Window, proxy: FaultProxy
) -> None:
    window.records(40)
    proxy.set_fault(Fault("html", times=100))
    summary = sync(window)
    assert summary.error_code == "central.not_postgres"
    assert (summary.pushed, summary.waiting) == (0, 40)
    assert count(central) == 0
    proxy.set_fault(None)  # the clerk signed in to the portal
    assert sync(window).ok
    check_delivery(central, [window])


def test_a_flapping_link_still_drains(
    central: CentralDb, window: Window, proxy: FaultProxy
) -> None:
    window.records(500, bulk=True)
    # Six connections in a row die mid-batch (60 kB into the first batch of each).
    proxy.set_fault(Fault("reset", after_bytes=60_000, times=6))
    first = sync(window, retries=2)  # three attempts, all cut
    assert (first.ok, first.error_code, proxy.fired) == (False, "central.connection_lost", 3)
    assert (first.pushed, first.waiting) == (0, 500)
    second = sync(window, retries=4)  # the next run: three more cuts, then the link holds
    assert (second.ok, second.pushed, proxy.fired) == (True, 500, 6)
    check_delivery(central, [window])


def test_refused_connection_keeps_everything_and_drains_later(
    central: CentralDb, window: Window, proxy: FaultProxy
) -> None:
    window.records(25)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    configure_central(
        window.ctx,
        f"postgresql://{window.creds.role}@127.0.0.1:{dead}/x",
        window.creds.password,
        keyring_store=window.keyring,
    )
    summary = sync(window, retries=1)
    assert summary.error_code == "central.unreachable" and summary.waiting == 25
    configure_central(
        window.ctx, proxy.url(window.creds.url), window.creds.password, keyring_store=window.keyring
    )
    assert sync(window).ok
    check_delivery(central, [window])
