"""kill -9 of a real `counter sync` process at each crash point, then a normal sync.

The process kills itself (SIGKILL: no clean-up, no flush) through the test hook
COUNTER_SYNC_CRASH_AT (app/sync/crashpoints.py). Right after each crash: every record is either
central or still pending in the outbox. After the next sync: the full checker.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.sync import central_admin
from app.sync.crashpoints import CRASH_ENV
from app.sync.engine import SyncProgress, SyncSummary

from .checker import check_delivery
from .conftest import CentralDb, Window
from .test_restore_and_offline import restore

pytestmark = [
    pytest.mark.central,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]
HERE = Path(__file__).parent


def counter(w: Window, *args: str, crash: str | None = None) -> subprocess.CompletedProcess[str]:
    env = w.cli_env()
    if crash:
        env[CRASH_ENV] = crash
    return subprocess.run(
        [sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True, timeout=120
    )


def assert_nothing_lost(central: CentralDb, w: Window) -> None:
    with w.ctx.store.read() as s:
        local = (
            s.connection()
            .exec_driver_sql(
                "SELECT r.id, o.state FROM records r LEFT JOIN outbox o ON o.record_id = r.id"
            )
            .fetchall()
        )
    arrived = {r[0] for r in central.rows("SELECT id::text FROM counter.records")}
    limbo = [rid for rid, state in local if rid not in arrived and state != "pending"]
    assert not limbo, f"{len(limbo)} records neither central nor waiting"


@pytest.mark.parametrize(
    "point",
    [
        "mid_upload",
        "before_server_commit",
        "after_server_commit",
        "mid_local_ack",
        "after_local_ack",
    ],
)
def test_kill_during_push(central: CentralDb, make_window, point: str) -> None:
    w = make_window()
    w.records(350, bulk=True)
    died = counter(w, "sync", "--no-pull", "--batch-size", "100", crash=f"{point}:2")
    assert died.returncode == -signal.SIGKILL, died.stderr
    arrived = central.scalar("SELECT count(*) FROM counter.records")
    if point in ("mid_upload", "before_server_commit"):
        assert arrived == 100  # the second batch left nothing behind
    else:
        assert arrived >= 200  # the second batch committed before the kill
    assert_nothing_lost(central, w)
    again = counter(w, "sync", "--json", "--batch-size", "100")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["pushed"] == 350 - arrived
    check_delivery(central, [w])


def test_kill_while_applying_a_pulled_dataset(central: CentralDb, make_window) -> None:
    w = make_window()
    central_admin.add_account(central.url, "wang5", "王五", "clerk", "Window2026", "C01")
    died = counter(w, "sync", crash="mid_pull_apply")
    assert died.returncode == -signal.SIGKILL
    assert [a.username for a in w.ctx.users.list()] == []  # rolled back with its cursor
    assert counter(w, "sync").returncode == 0
    assert [a.username for a in w.ctx.users.list()] == ["wang5"]


def test_kill_while_moving_records_to_a_new_epoch(
    central: CentralDb, make_window, tmp_path: Path
) -> None:
    from app.models.migrate import backup

    w = make_window()
    w.records(10)
    copy = backup(w.ctx.home.db, tmp_path, "nightly")
    w.records(10)
    assert w.sync().ok
    restore(w, copy)
    w.records(4)
    died = counter(w, "sync", crash="mid_restamp")
    assert died.returncode == -signal.SIGKILL
    assert_nothing_lost(central, w)
    again = counter(w, "sync", "--json", "--day-close")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["new_epoch"] == 2
    check_delivery(central, [w])


def test_kill_in_the_middle_of_writing_a_record(central: CentralDb, make_window) -> None:
    w = make_window()
    made = subprocess.run(
        [sys.executable, str(HERE / "append_then_die.py"), str(w.ctx.home.root), "7"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=HERE.parent.parent,
    )
    assert made.returncode == -signal.SIGKILL
    committed = made.stdout.split()
    assert len(committed) == 7
    w.made.update(committed)
    assert counter(w, "sync").returncode == 0
    assert {r[0] for r in central.rows("SELECT id::text FROM counter.records")} == set(committed)
    check_delivery(central, [w])


def test_two_sync_processes_at_once_add_no_duplicate(central: CentralDb, make_window) -> None:
    w = make_window()
    w.records(6000, bulk=True)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "app", "sync", "--json", "--batch-size", "300"],
            env=w.cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], [o[1] for o in outputs]
    summaries = [json.loads(o[0]) for o in outputs]
    assert sum(s["pushed"] for s in summaries) == 6000  # each record inserted exactly once
    assert central.scalar("SELECT count(*) FROM counter.records") == 6000
    check_delivery(central, [w])


def test_two_syncs_at_once_in_one_window(central: CentralDb, make_window) -> None:
    """Two runs (the GUI's timer and a scheduled task) start together on the same outbox."""
    w = make_window()
    w.records(3000, bulk=True)
    start = threading.Barrier(2, timeout=30)

    def wait_for_the_other(p: SyncProgress) -> None:
        if p.phase == "connect":
            start.wait()

    summaries: list[SyncSummary] = []
    threads = [
        threading.Thread(
            target=lambda: summaries.append(w.engine(batch_size=250).run(wait_for_the_other))
        )
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(s.ok for s in summaries) and len(summaries) == 2
    assert all(s.pushed + s.duplicates > 0 for s in summaries)  # both really worked at once
    assert sum(s.pushed for s in summaries) == 3000
    assert central.scalar("SELECT count(*) FROM counter.records") == 3000
    check_delivery(central, [w])
