"""What the GUI and the CLI rely on: status, progress, cancel, the command lines, no Qt."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict

from app.cli.main import main
from app.services.sync_state import sync_status
from app.sync.connection import Timeouts
from app.sync.engine import SyncProgress, SyncSummary

from .checker import check_delivery
from .conftest import CentralDb, Window
from .faultproxy import Fault, FaultProxy

ROOT = Path(__file__).resolve().parents[2]


def test_the_sync_package_imports_no_qt() -> None:
    code = (
        "import pkgutil, importlib, sys, app.sync as s\n"
        "for m in pkgutil.walk_packages(s.__path__, 'app.sync.'):\n"
        "    if 'central_migrations' not in m.name: importlib.import_module(m.name)\n"
        "import app.cli.sync_cmds, app.cli.central_cmds\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide', 'shiboken'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_status_without_a_central_database(empty_ctx) -> None:
    st = sync_status(empty_ctx.store)
    assert (st.configured, st.waiting, st.last_synced_at) == (False, 0, None)


@pytest.mark.central
def test_status_follows_the_syncs(central: CentralDb, make_window) -> None:
    w = make_window()
    w.records(6)
    assert sync_status(w.ctx.store).waiting == 6
    assert w.sync().ok
    st = sync_status(w.ctx.store)
    assert (st.configured, st.waiting, st.last_error) == (True, 0, None)
    assert st.last_synced_at is not None and st.clock_skew_seconds is not None


@pytest.mark.central
def test_cancel_between_batches_keeps_the_rest_for_later(central: CentralDb, make_window) -> None:
    w = make_window()
    w.records(500, bulk=True)
    cancel = threading.Event()

    def after_first_batch(p: SyncProgress) -> None:
        if p.phase == "push":
            cancel.set()

    summary = w.engine(batch_size=100).run(after_first_batch, cancel)
    assert summary.cancelled and summary.error_code == "sync.cancelled"
    assert (summary.pushed, summary.waiting) == (100, 400)
    assert sync_status(w.ctx.store).last_error_code == "sync.cancelled"
    assert w.sync().ok
    check_delivery(central, [w])


@pytest.mark.central
def test_cancel_reaches_a_call_waiting_on_a_stalled_network(
    central: CentralDb, make_window
) -> None:
    info = conninfo_to_dict(central.url)
    with FaultProxy(str(info.get("host") or "127.0.0.1"), int(info.get("port") or 5432)) as px:
        creds = central.add_window()
        w: Window = make_window(creds=creds, url=px.url(creds.url))
        w.records(50)
        px.set_fault(Fault("pause_on_copy"))
        cancel = threading.Event()
        result: list[SyncSummary] = []
        worker = threading.Thread(
            target=lambda: result.append(
                w.engine(timeouts=Timeouts(statement=600)).run(cancel=cancel)
            )
        )
        worker.start()
        try:
            assert px.paused.wait(30)
            cancel.set()  # the watchdog closes the socket under the blocked call
            worker.join(30)  # a safety net for a hang, not a timing requirement
            assert not worker.is_alive()
        finally:
            px.release()
        assert result[0].cancelled and result[0].waiting == 50
        assert central.scalar("SELECT count(*) FROM counter.records") == 0


@pytest.mark.central
def test_the_cli_end_to_end(
    central: CentralDb, tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def counter(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    db = ["--db", central.url]
    code, out, _ = counter(
        "central", "add-window", *db, "--centre", "c7", "--window", "w1", "--json"
    )
    assert code == 0
    creds = json.loads(out)
    home = str(tmp_path / "window")
    monkeypatch.setenv("COUNTER_CENTRAL_PASSWORD", creds["password"])
    code, out, _ = counter("--home", home, "sync", "configure", creds["url"], "--no-password")
    assert code == 0 and creds["role"] in out
    code, out, err = counter("--home", home, "sync", "--json", "--day-close")
    assert code == 0, err
    assert json.loads(out)["ok"]
    holidays = tmp_path / "h.json"
    holidays.write_text(
        json.dumps(
            {"years": [2027], "days": [{"date": "2027-10-09", "workday": 1, "note": "国庆调休"}]}
        ),
        encoding="utf-8",
    )
    assert counter("central", "publish-holidays", *db, str(holidays))[0] == 0
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", "Clerk2026x")
    assert (
        counter("central", "user", "add", *db, "liu6", "--name", "刘六", "--centre", "C7")[0] == 0
    )
    code, out, err = counter("--home", home, "sync")
    assert code == 0, err
    assert "节假日 第" in out and "账户 第" in out
    code, out, _ = counter("central", "report", *db, "--json")
    (row,) = json.loads(out)
    assert (row["centre"], row["window"], row["devices"], row["waiting"]) == ("C7", "W1", 1, 0)
    code, out, _ = counter("--home", home, "sync", "status", "--json")
    assert json.loads(out)["waiting"] == 0
    code, _, err = counter("central", "case", "status", *db, "C7-W1-20261123-0001", "closed")
    assert code == 1 and "还没有收到办件 C7-W1-20261123-0001" in err
    code, out, _ = counter("central", "duplicates", *db)
    assert code == 0 and "没有重复的办件编号" in out
    code, _, err = counter("central", "case", "status", *db, "nonsense", "closed")
    assert code == 1 and "办件编号" in err


@pytest.mark.central
def test_a_locked_or_full_local_disk_is_a_clear_error_and_the_retry_works(
    central: CentralDb, make_window, monkeypatch
) -> None:
    import sqlite3

    from app.sync import outbox

    w = make_window()
    w.records(300, bulk=True)
    real = outbox.acknowledge

    def full_disk(*args: object, **kw: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(outbox, "acknowledge", full_disk)
    summary = w.sync(batch_size=100)
    assert (summary.ok, summary.error_code) == (False, "local.store")
    assert "磁盘" in (summary.error or "")
    assert central.scalar("SELECT count(*) FROM counter.records") > 0  # the centre has them
    monkeypatch.setattr(outbox, "acknowledge", real)
    again = w.sync(batch_size=100)
    assert again.ok and again.pushed + again.duplicates == 300
    check_delivery(central, [w])


@pytest.mark.central
def test_init_with_central_stores_the_connection(
    central: CentralDb, tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "central",
                "add-window",
                "--db",
                central.url,
                "--centre",
                "c8",
                "--window",
                "w2",
                "--json",
            ]
        )
        == 0
    )
    creds = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("COUNTER_PASSWORD", "counter2026")
    monkeypatch.setenv("COUNTER_CENTRAL_PASSWORD", creds["password"])
    home = str(tmp_path / "w")
    code = main(
        [
            "--home",
            home,
            "init",
            "--centre",
            "C8",
            "--centre-name",
            "八号中心",
            "--window",
            "W2",
            "--admin",
            "admin",
            "--central",
            creds["url"],
            "--no-central-password",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "中心数据库已设置" in out
    # The password comes from the environment here (automation); the test keyring is refused.
    assert main(["--home", home, "sync", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"]
