"""A database restored from yesterday's backup, and a window offline for 30 days."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.bootstrap import open_context
from app.models.migrate import backup
from app.services.settings import Settings

from .checker import check_delivery
from .conftest import CentralDb, Window
from .records import CHINA

pytestmark = pytest.mark.central


def restore(w: Window, copy: Path) -> None:
    """Replace the window's database with a backup copy, as a technician would."""
    home = w.ctx.home
    w.ctx.close()
    for leftover in (
        home.db.with_name(home.db.name + "-wal"),
        home.db.with_name(home.db.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    shutil.copy(copy, home.db)
    w.ctx = open_context(home, load_demo=False)


def test_a_restored_backup_is_detected_and_nothing_is_lost_or_doubled(
    central: CentralDb, make_window, tmp_path: Path
) -> None:
    w = make_window()
    w.records(30)
    assert w.sync().ok
    w.records(5)  # still waiting when the backup is taken
    copy = backup(w.ctx.home.db, tmp_path, "nightly")
    assert w.sync().ok
    lost = w.records(20)  # delivered, then the disk dies
    assert w.sync().ok
    restore(w, copy)
    with w.ctx.store.read() as s:
        assert Settings.epoch.get(s) == 1
    fresh = w.records(15)  # sequence numbers 36..50 again, with new ids

    summary = w.sync(day_close=True)
    assert summary.ok, summary.error
    assert summary.new_epoch == 2
    assert (summary.pushed, summary.duplicates) == (15, 5)
    by_epoch = dict(central.rows("SELECT epoch, count(*) FROM counter.records GROUP BY epoch"))
    assert by_epoch == {1: 55, 2: 15}
    assert (
        central.scalar("SELECT count(*) FROM counter.records WHERE id = ANY(%s::uuid[])", (lost,))
        == 20
    )
    assert central.scalar("SELECT min(seq) FROM counter.records WHERE epoch = 2") == 36
    with w.ctx.store.read() as s:
        assert Settings.epoch.get(s) == 2
    (epoch1, epoch2) = sorted(summary.manifests, key=lambda m: m.epoch)
    assert epoch1.verified and epoch1.extra == 20  # the lost copy's records, kept centrally
    assert epoch2.verified and epoch2.count == 15
    later = w.records(3)
    assert w.sync().ok
    assert (
        central.scalar(
            "SELECT count(*) FROM counter.records WHERE epoch = 2 AND id = ANY(%s::uuid[])",
            (fresh + later,),
        )
        == 18
    )
    check_delivery(central, [w])


def test_thirty_days_offline_drain_and_every_day_verifies(
    central: CentralDb, make_window, tmp_path: Path
) -> None:
    w = make_window()
    start = (datetime.now(CHINA) - timedelta(days=30)).replace(hour=8, minute=30)
    # 20,000 records over 30 working days, about 670 a day between 08:30 and 17:30.
    for day in range(30):
        w.records(
            667 if day < 29 else 20_000 - 29 * 667,
            bulk=True,
            start=start + timedelta(days=day),
            step=timedelta(seconds=48),
        )
    # The sync runs in its own process, which reports its own peak memory on stderr (the
    # parent's RUSAGE_CHILDREN would mix in every other child the test session ever had).
    # VmHWM is this process's own peak; ru_maxrss would start from the forking parent's.
    wrapper = (
        "import sys\nfrom app.cli.main import main\n"
        "rc = main(sys.argv[1:])\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print('maxrss=' + hwm.split()[1], file=sys.stderr)\nsys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, "sync", "--day-close", "--json"],
        env=w.cli_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["ok"] and summary["pushed"] == 20_000
    assert len(summary["manifests"]) == 30
    assert all(m["status"] == "verified" for m in summary["manifests"])
    if sys.platform.startswith("linux"):  # bounded memory: batches, never the whole backlog
        peak_kib = int(done.stderr.rsplit("maxrss=", 1)[1].split()[0])
        assert peak_kib < 300 * 1024
    assert central.scalar("SELECT count(DISTINCT day) FROM counter.records") == 30
    check_delivery(central, [w])
