"""A window's own visits are not sent back to it (central c0016), and what the echo did is done
at the window: a case it served is folded again with the other windows' visits at its pull."""

from __future__ import annotations

from datetime import datetime, timedelta

import psycopg
import pytest
from sqlalchemy import select

from app.models.schema import Case, CentreVisit, Record
from app.services import centre_cases
from app.services.settings import Settings
from app.sync.engine import SyncSummary

from .centre import correction, supplement
from .conftest import CentralDb, Window
from .intakes import ready

pytestmark = pytest.mark.central

MINE = "SELECT version FROM counter.my_publications('centre_visits', 0, 500"


def applied(summary: SyncSummary, dataset: str) -> int:
    assert summary.ok, summary.error
    return next(p.applied for p in summary.pulled if p.name == dataset)


def two_windows(central: CentralDb, make_window) -> tuple[Window, Window]:  # type: ignore[no-untyped-def]
    w1, w2 = (ready(make_window("C01", code)) for code in ("W01", "W02"))
    for w in (w1, w2, w1):
        assert w.sync().ok  # keys exchanged
    return w1, w2


def test_the_sender_does_not_get_its_visit_back_and_the_other_window_does(
    central: CentralDb, make_window
) -> None:
    w1, w2 = two_windows(central, make_window)
    notice = correction(w1, datetime.now().replace(microsecond=0) - timedelta(hours=1))

    assert applied(w1.sync(), "centre_visits") == 0
    assert applied(w2.sync(), "centre_visits") == 1
    assert w2.ctx.cases.case(notice.case_no).state == "awaiting_correction"
    published = central.rows(
        "SELECT from_device::text FROM counter.publications WHERE dataset = 'centre_visits'"
    )
    assert published == [(w1.device_id,)]

    with psycopg.connect(w1.creds.url, password=w1.creds.password) as conn:
        # A window of an earlier version asks without its device: it gets everything, as before.
        assert len(conn.execute(MINE + ")").fetchall()) == 1
        assert conn.execute(MINE + ", false, %s)", (w1.device_id,)).fetchall() == [(None,)]
        # Naming another device only narrows what the caller itself reads.
        assert len(conn.execute(MINE + ", false, %s)", (w2.device_id,)).fetchall()) == 1


def test_a_case_served_here_is_folded_with_the_other_windows_visits_at_the_next_pull(
    central: CentralDb, make_window
) -> None:
    w1, w2 = two_windows(central, make_window)
    base = datetime.now().replace(microsecond=0) - timedelta(hours=2)
    notice = correction(w1, base)
    assert w1.sync().ok and w2.sync().ok
    done = supplement(w2, notice.case_no, base + timedelta(hours=1))
    assert done.state == "accepted"
    # The row as a service with other rules than the fold's would have left it: the pull
    # folds the case again from W1's intake and W2's supplement (the echo used to).
    with w2.ctx.store.write() as s:
        row = s.get(Case, notice.case_id)
        assert row is not None
        row.state, row.visits = "awaiting_correction", 9
    assert applied(w2.sync(), "centre_visits") == 0  # nothing new from the others
    state = w2.ctx.cases.case(notice.case_no)
    assert (state.state, state.visits) == ("accepted", 2)
    with w2.ctx.store.read() as s:
        newest = s.execute(
            select(Record.epoch, Record.seq).order_by(Record.epoch.desc(), Record.seq.desc())
        ).first()
        assert newest is not None
        assert Settings.own_visits_folded.get(s) == [newest.epoch, newest.seq]
        # Folded once: the next pull has nothing of its own to fold.
        assert not centre_cases.own_visits_to_fold(s)
    # W1 folds W2's supplement in as it arrives: both windows hold the same case.
    assert applied(w1.sync(), "centre_visits") == 1
    assert w1.ctx.cases.case(notice.case_no).state == "accepted"


def test_a_window_whose_cases_nobody_else_served_only_moves_its_cursor(
    central: CentralDb, make_window
) -> None:
    w1, _ = two_windows(central, make_window)
    correction(w1, datetime.now().replace(microsecond=0) - timedelta(hours=1))
    with w1.ctx.store.write() as s:
        assert s.scalar(select(CentreVisit.record_id).limit(1)) is None
        assert centre_cases.own_visits_to_fold(s)
        assert centre_cases.refold_own_visits(s) == 0
        assert not centre_cases.own_visits_to_fold(s)
