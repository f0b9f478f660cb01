"""The county's reports and the sync watch, against the real PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.cli.main import main
from app.sync.central_reports import county_report, watch

from .conftest import CentralDb
from .intakes import NOW, accept, ready

pytestmark = pytest.mark.central


def execute(central: CentralDb, query: str, params: Any = None) -> None:
    with central.connect() as conn:
        conn.execute(query, params)


def run(central: CentralDb, *argv: str) -> int:
    return main(["central", *argv, "--db", central.url])


def close_day(central: CentralDb, w: Any, day: str) -> None:
    """A verified day close, as the central records it after a window's manifest matched."""
    execute(
        central,
        "INSERT INTO counter.manifests (device_id, day, epoch, record_count, first_seq, "
        "last_seq, digest, status, server_count) VALUES (%s, %s, 1, 0, 1, 1, 'x', 'verified', 0) "
        "ON CONFLICT DO NOTHING",
        (w.device_id, day),
    )


@pytest.fixture
def two_windows(central: CentralDb, make_window) -> tuple[Any, Any]:  # type: ignore[no-untyped-def]
    a = ready(make_window("C01", "W01"))
    b = ready(make_window("C01", "W02"))
    for w in (a, b):
        w.sync()
        close_day(central, w, date.today().isoformat())
    return a, b


def test_watch_is_quiet_when_every_window_synced_and_closed(central, two_windows, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = watch(central.url, days=2)
    assert [(r.window, r.problems) for r in rows] == [("W01", []), ("W02", [])]
    assert run(central, "watch", "--days", "2") == 0
    assert "全部窗口正常" in capsys.readouterr().out


def test_watch_exits_non_zero_for_a_window_not_synced_for_the_set_days(
    central, two_windows, capsys
) -> None:  # type: ignore[no-untyped-def]
    _a, b = two_windows
    execute(
        central,
        "UPDATE counter.devices SET last_sync_at = now() - interval '3 days 1 hour' "
        "WHERE device_id = %s",
        (b.device_id,),
    )
    assert run(central, "watch", "--days", "2") == 4
    out = capsys.readouterr().out
    assert "3 天未完整同步" in out and "1 个窗口需要处理" in out
    # Four days allowed: nothing to say yet.
    assert run(central, "watch", "--days", "4") == 0
    capsys.readouterr()


def test_watch_names_skew_quarantine_and_days_not_closed(central, two_windows) -> None:  # type: ignore[no-untyped-def]
    a, b = two_windows
    execute(
        central,
        "UPDATE counter.devices SET clock_skew_seconds = -900 WHERE device_id = %s",
        (a.device_id,),
    )
    execute(
        central,
        "INSERT INTO counter.quarantine (device_id, raw_digest, reason) VALUES (%s, 'd', 'bad')",
        (b.device_id,),
    )
    execute(central, "DELETE FROM counter.manifests WHERE device_id = %s", (b.device_id,))
    rows = {r.window: r for r in watch(central.url, days=2, skew_seconds=300)}
    assert rows["W01"].problems == ["时钟偏差 -900 秒"]
    assert rows["W02"].problems == ["从未日结", "隔离记录 1 条"]


def test_a_window_never_synced_needs_attention(central, make_window, capsys) -> None:  # type: ignore[no-untyped-def]
    central.add_window("C02", "W09")
    assert run(central, "watch") == 4
    assert "从未完整同步" in capsys.readouterr().out


def test_county_report_across_windows(central, two_windows, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    a, b = two_windows
    accept(a.ctx, 3)
    accept(b.ctx, 2)
    for w in (a, b):
        w.sync()
    r = county_report(central.url, "daily", day=NOW.date())
    assert r.scope == "全县"
    assert r.total.begun == 5 and r.total.first_pass.numerator == 5
    assert {k: f.begun for k, f in r.by_window.items()} == {"C01/W01": 3, "C01/W02": 2}
    # The same login name at two windows is two people.
    assert {k: f.begun for k, f in r.by_clerk.items()} == {"C01/W01 clerk1": 3, "C01/W02 clerk1": 2}
    assert any("提速率无从计算" in n for n in r.notes)  # no catalog published to this central
    out = tmp_path / "county.pdf"
    code = run(central, "report", "daily", "--day", NOW.date().isoformat(), "--out", str(out))
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    assert "全县" in capsys.readouterr().out
    monthly = county_report(central.url, "monthly", month=(NOW.year, NOW.month), centre="c01")
    assert monthly.total.begun == 5
    assert county_report(central.url, "monthly", month=(NOW.year, 10)).total.begun == 0
    # The existing per-window report is still there.
    assert run(central, "report") == 0
