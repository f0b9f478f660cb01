"""一窗通办 against the real PostgreSQL and the fault proxy: three windows of one centre serve
one case; every window and the central end with the same state and each visit exactly once.
Each scenario runs over several random seeds (fault kinds, sync order, batch sizes):
COUNTER_FAULT_SEEDS=50 runs fifty."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict

from app.cli.main import main
from app.core.case_merge import PICKUP_TWICE
from app.core.errors import CounterError
from app.models.schema import CentreVisit
from app.services import centre_cases
from app.sync import central_admin

from .centre import (
    FAST,
    ITEM,
    Centre,
    central_fold,
    correction,
    seeds,
    slip_qr,
    supplement,
    window_state,
)
from .checker import check_delivery
from .conftest import CentralDb
from .faultproxy import FaultProxy
from .intakes import APPLICANT, ready

pytestmark = pytest.mark.central
CENTRE_PASSWORD = "Centre2026x"


@pytest.fixture
def proxy(central: CentralDb) -> Iterator[FaultProxy]:
    info = conninfo_to_dict(central.url)
    with FaultProxy(str(info.get("host") or "127.0.0.1"), int(info.get("port") or 5432)) as p:
        yield p


def three_windows(central: CentralDb, make_window, proxy: FaultProxy, seed: int) -> Centre:  # type: ignore[no-untyped-def]
    windows = []
    for code in ("W01", "W02", "W03"):
        creds = central.add_window("C01", code)
        windows.append(ready(make_window("C01", code, creds=creds, url=proxy.url(creds.url))))
    centre = Centre(central, proxy, windows, random.Random(seed))
    centre.sync_all()  # every window's key reaches the others
    return centre


def converged(centre: Centre, case_id: str) -> dict:
    states = [window_state(w, case_id) for w in centre.windows]
    assert all(s == states[0] for s in states), states
    folded = central_fold(centre.central, case_id)
    assert (folded.state, folded.visits) == (states[0]["state"], states[0]["visits"])
    assert sorted(c.kind for c in folded.conflicts) == states[0]["conflicts"]
    check_delivery(centre.central, centre.windows)
    return states[0]


@pytest.mark.parametrize("seed", seeds(2))
def test_notice_at_w1_completed_offline_at_w2_picked_up_at_w3(
    central: CentralDb, make_window, proxy: FaultProxy, seed: int
) -> None:
    c = three_windows(central, make_window, proxy, seed)
    w1, w2, w3 = c.windows
    base = datetime.now().replace(microsecond=0) - timedelta(hours=3)
    # An account of the centre, made centrally: it works at every window of the centre.
    central_admin.add_account(central.url, "wang5", "王五", "clerk", CENTRE_PASSWORD, "C01")

    notice = correction(w1, base)
    assert notice.state == "awaiting_correction" and notice.documents
    qr = slip_qr(Path(notice.documents[0]))

    c.cut()  # the county link is down: W1's notice has not even reached the central
    assert not w1.sync(timeouts=FAST).ok
    # The applicant is called to W2, which has never heard of the case: the slip's QR opens it.
    assert centre_cases.open_ticket(w2.ctx, qr) == notice.case_no
    done = supplement(w2, notice.case_no, base + timedelta(hours=1))
    assert done.state == "accepted"

    c.mend()
    c.sync_all()
    central_admin.publish_case_status(central.url, notice.case_no, "result_ready")
    c.sync_all()
    assert w3.ctx.cases.case(notice.case_no).state == "result_ready"
    # W3 holds the applicant's number only masked: the ID check goes by the check value.
    w3.ctx.visits.pickup(notice.case_no, "wang5", APPLICANT, by_agent=False)
    c.sync_all()
    for w in c.windows:
        w.ctx.users.authenticate("wang5", CENTRE_PASSWORD)

    state = converged(c, notice.case_id)
    assert state["state"] == "delivered" and state["conflicts"] == []
    assert state["visits"] == 3  # intake at W1, supplement at W2, pickup at W3
    kinds = Counter(
        k
        for (k,) in central.rows(
            "SELECT kind FROM counter.records WHERE case_id = %s", (notice.case_id,)
        )
    )
    assert (kinds["intake"], kinds["supplement"], kinds["pickup"]) == (1, 1, 1)
    for w in c.windows:  # each visit held once at every window
        with w.ctx.store.read() as s:
            held = [v.record_id for v in s.query(CentreVisit).filter_by(case_id=notice.case_id)]
        assert len(held) == len(set(held))


@pytest.mark.parametrize("seed", seeds(1))
def test_two_pickups_offline_the_first_stands_and_everyone_lists_the_second(
    central: CentralDb, make_window, proxy: FaultProxy, seed: int
) -> None:
    c = three_windows(central, make_window, proxy, seed)
    w1, w2, w3 = c.windows
    base = datetime.now().replace(microsecond=0) - timedelta(hours=3)
    notice = correction(w1, base)
    qr = slip_qr(Path(notice.documents[0]))
    supplement(w1, notice.case_no, base + timedelta(minutes=30))
    c.sync_all()
    central_admin.publish_case_status(central.url, notice.case_no, "result_ready")
    c.sync_all()
    c.cut()
    # Link down: the applicant collects at W2, a relative (with the applicant's card) at W3.
    w2.ctx.visits.pickup(notice.case_no, "clerk1", APPLICANT, by_agent=False)
    w3.ctx.visits.pickup(notice.case_no, "clerk1", APPLICANT, by_agent=False)
    c.mend()
    c.sync_all()
    state = converged(c, notice.case_id)
    assert state["state"] == "delivered" and state["conflicts"] == [PICKUP_TWICE]
    listed = central_admin.case_conflicts(central.url, "C01")
    assert [(x.case_no, x.kind) for x in listed] == [(notice.case_no, PICKUP_TWICE)]
    assert qr  # the slip carried its QR all along


def test_a_tampered_or_foreign_qr_is_refused_and_the_store_is_untouched(
    central: CentralDb, make_window, proxy: FaultProxy, capsys: pytest.CaptureFixture[str]
) -> None:
    c = three_windows(central, make_window, proxy, 0)
    w1, w2, _ = c.windows
    notice = correction(w1, datetime.now().replace(microsecond=0))
    qr = slip_qr(Path(notice.documents[0]))
    body = qr.split(".")
    body[1] = body[1][:-3] + ("AAA" if body[1][-3:] != "AAA" else "BBB")
    store = w2.ctx.home.root / "counter.db"
    before = store.read_bytes() if store.exists() else None
    with pytest.raises(CounterError) as refused:
        centre_cases.open_ticket(w2.ctx, ".".join(body))
    assert refused.value.code == "ticket.refused" and "改动" in refused.value.message
    home = ["--home", str(w2.ctx.home.root)]
    assert main([*home, "case", "open-slip", ".".join(body)]) != 0
    assert "改动" in capsys.readouterr().err
    if before is not None:
        assert store.read_bytes() == before
    # The untouched QR opens the case, with the same screens' data, at W2.
    assert main([*home, "case", "open-slip", qr]) == 0
    assert notice.case_no in capsys.readouterr().out
    # The window's lookup field: the scanner types the QR's text, the case page opens.
    from app.ui.case_page import load_case

    case, item = load_case(c.windows[2].ctx, qr)
    assert (case.case_no, case.state, item.code) == (notice.case_no, "awaiting_correction", ITEM)
    # A window of another centre never received W1's key.
    other = ready(make_window("C02", "W01", creds=central.add_window("C02", "W01")))
    other.sync()
    with pytest.raises(CounterError) as foreign:
        centre_cases.open_ticket(other.ctx, qr)
    assert foreign.value.code == "ticket.refused" and "不属于本中心" in foreign.value.message
