"""Background sync: off the UI thread, one run at a time, again after each visit."""

from __future__ import annotations

import threading

from app.services.settings import Settings
from app.services.sync_state import SyncState, sync_status
from app.ui.background_sync import BackgroundSync
from app.ui.sync_indicator import describe_problems


def configure(ctx, url="postgresql://win@127.0.0.1:1/counter"):
    with ctx.store.write() as s:
        Settings.central_url.set(s, url)


def test_nothing_runs_without_a_central_database(ctx, qtbot):
    runs = []
    sync = BackgroundSync(ctx, runner=lambda cancel: runs.append(1))
    sync.start()
    sync.worker.drain()
    assert runs == [] and not sync.running
    sync.stop()


def test_runs_off_the_ui_thread_and_coalesces_requests(ctx, qtbot):
    configure(ctx)
    threads, gate = [], threading.Event()

    def runner(cancel):
        threads.append(threading.current_thread())
        gate.wait(5)
        return "summary"

    sync = BackgroundSync(ctx, runner=runner)
    done = []
    sync.finished.connect(done.append)
    sync.start()
    sync.request()  # during the run: one more run afterwards, not two at once
    sync.request()
    gate.set()
    qtbot.waitUntil(lambda: len(done) == 2 and not sync.running)
    sync.worker.drain()
    assert done == ["summary", "summary"]
    assert all(t is not threading.main_thread() for t in threads)
    sync.stop()
    assert sync.cancel.is_set()


def test_the_status_bar_shows_what_waits_and_the_last_error(ctx):
    configure(ctx)
    st = sync_status(ctx.store)
    assert st.configured and not st.online and st.last_synced_at is None
    assert (st.waiting, st.quarantined, describe_problems(st)) == (0, 0, "")
    with ctx.store.write() as s:
        SyncState.last_error.set(s, "连接被拒绝")
        SyncState.last_error_code.set(s, "sync.unreachable")
    assert describe_problems(sync_status(ctx.store)) == "[sync.unreachable] 连接被拒绝"


def test_a_real_engine_run_against_no_server_keeps_records_and_reports(ctx, qtbot):
    configure(ctx)  # port 1: refused at once
    sync = BackgroundSync(ctx)
    done = []
    sync.finished.connect(done.append)
    sync.request()
    qtbot.waitUntil(lambda: bool(done), timeout=120_000)
    summary = done[0]
    assert not getattr(summary, "ok", True)
    assert describe_problems(sync_status(ctx.store))  # the error is there for the tooltip
    sync.stop()


def test_home_is_loaded_again_only_when_a_sync_brought_something(main_window, monkeypatch):
    from types import SimpleNamespace

    from app.sync.pull import PulledDataset

    loads = []
    monkeypatch.setattr(main_window.home, "refresh", lambda: loads.append(1))
    main_window._synced(SimpleNamespace(pulled=(PulledDataset("holidays", 3, 0),)))
    main_window._synced(OSError("central database unreachable"))  # a failed sync
    assert loads == []
    main_window._synced(SimpleNamespace(pulled=(PulledDataset("holidays", 4, 1),)))
    assert loads == [1]
