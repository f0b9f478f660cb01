"""The rectification list across windows (counter central tickets), against the real PostgreSQL:
tickets opened and moved at two windows reach the central through their records alone."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from app.cli.main import main
from app.core import tickets as tk
from app.services.tickets import TicketService
from app.sync.central_reports import county_report
from app.sync.central_tickets import tickets

from .conftest import CentralDb
from .intakes import NOW, central_account, ready

pytestmark = pytest.mark.central


def supervised(w: Any) -> Any:
    ready(w)
    central_account(w.ctx, "boss", "赵值班", "supervisor")
    return w


@pytest.fixture
def windows(central: CentralDb, make_window) -> tuple[Any, Any, Any]:  # type: ignore[no-untyped-def]
    a = supervised(make_window("C01", "W01"))
    b = supervised(make_window("C01", "W02"))
    c = supervised(make_window("C02", "W01"))
    return a, b, c


def test_tickets_of_every_window_at_the_central(central, windows, capsys) -> None:  # type: ignore[no-untyped-def]
    sa, sb, sc = (TicketService(w.ctx) for w in windows)
    spot = sa.open("boss", "spot_check", "窗口人员脱岗十分钟", now=NOW)
    sa.act(spot.id, tk.Act("take", "boss"), now=NOW)
    sa.act(
        spot.id,
        tk.Act("fix", "boss", "谈话提醒，纳入月度考核", category="discipline"),
        now=NOW + timedelta(hours=2),
    )
    referral = sb.open(
        "boss",
        "hotline",
        "反映办理居住证需跑三次",
        referral_no="GD20261123-0042",
        reply_by=date(2026, 11, 25),
        category="repeat_trip",
        now=NOW,
    )
    done = sc.open("boss", "evaluation", "第三方暗访：导办不主动", now=NOW)
    sc.act(done.id, tk.Act("take", "boss"), now=NOW)
    sc.act(done.id, tk.Act("fix", "boss", "导办台增设引导员", category="attitude"), now=NOW)
    sc.act(done.id, tk.Act("close", "boss"), now=NOW)
    for w in windows:
        assert w.sync().ok

    listed = tickets(central.url, date(2026, 11, 24))
    by_id = {r.ticket.id: r for r in listed}
    assert set(by_id) == {spot.id, referral.id}  # the closed one only with open_only=False
    s = by_id[spot.id].ticket
    assert (s.centre, s.window, s.state, s.category, s.measure) == (
        "C01",
        "W01",
        "fixed",
        "discipline",
        "谈话提醒，纳入月度考核",
    )
    r = by_id[referral.id]
    assert (r.ticket.window, r.ticket.referral_no, r.ticket.due) == (
        "W02",
        "GD20261123-0042",
        date(2026, 11, 25),
    )
    assert r.status == "near"
    every = tickets(central.url, date(2026, 11, 24), open_only=False)
    assert {t.ticket.id for t in every} == {spot.id, referral.id, done.id}
    assert [t.ticket.window for t in tickets(central.url, date(2026, 11, 24), "C02", False)] == [
        "W01"
    ]

    # Past the referral's reply deadline: overdue, and the command says so by its exit code.
    late = tickets(central.url, date(2026, 11, 26))
    assert {t.ticket.id: t.status for t in late}[referral.id] == "overdue"
    capsys.readouterr()
    assert main(["central", "tickets", "--db", central.url, "--day", "2026-11-26"]) == 1
    out = capsys.readouterr().out
    assert "GD" not in out and "12345转办" in out and "超期" in out and "C01/W02" in out
    assert main(["central", "tickets", "--db", central.url, "--day", "2026-11-24"]) == 0

    # The county's daily report counts them by category and by the state each reached.
    day = county_report(central.url, "daily", day=NOW.date()).total
    assert day.tickets_by_category == {"attitude": 1, "discipline": 1, "repeat_trip": 1}
    assert day.tickets_by_state == {"closed": 1, "fixed": 1, "open": 1}
