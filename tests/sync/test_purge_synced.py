"""A purge of the store after a real sync: the next sync finds the chain the central holds
unchanged and delivers the purge record, the central keeps the original records, and a
redacted record asked for again by a day close is never sent."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from app.core.cases import IntakeRequest
from app.services import retention
from app.services.log_audit import findings
from app.services.sync_state import SyncState
from app.sync import outbox
from tests.cli.test_store_purge_records import dump

from .conftest import Window
from .intakes import APPLICANT, ready

pytestmark = pytest.mark.central

OLD = datetime(2020, 3, 2, 9, 0)
TODAY = date(2026, 12, 3)


def refused(w: Window) -> str:
    service = w.ctx.visits
    return str(
        service.submit(
            IntakeRequest(
                "clerk1", "LOCAL-0003", APPLICANT, outcome="refuse", reason="户籍不在本辖区"
            ),
            now=OLD,
            slips=False,
        ).case_no
    )


def test_a_purged_store_syncs_and_the_central_keeps_the_originals(make_window, central):
    w = ready(make_window())
    case_no = refused(w)
    first = w.sync()
    assert first.error_code is None and first.pushed >= 1
    retention.set_period(w.ctx.store, 5)
    what = retention.plan(w.ctx.home, w.ctx.store, TODAY)
    assert list(what.redact.values()) == [case_no]
    retention.purge(w.ctx.home, what, w.ctx.store, "admin")

    second = w.sync()
    assert second.error_code is None, second
    assert (second.pushed, second.rejected, second.conflicts) == (1, 0, 0)
    kinds = central.rows(
        "SELECT kind, payload FROM counter.records WHERE case_id IS NOT NULL ORDER BY seq"
    )
    assert [k for k, _ in kinds] == ["intake", "purge"]
    assert APPLICANT.name in kinds[0][1]  # the central keeps the original
    assert APPLICANT.name not in kinds[1][1] and json.loads(kinds[1][1])["case_no"] == case_no

    # A day close that asks for every record again: the redacted one stays at the window.
    with w.ctx.store.read() as s:
        epoch = SyncState.acknowledged.get(s) or {}
    for e, (seq, _chain) in epoch.items():
        outbox.requeue(w.ctx.store, int(e), [(1, int(seq))])
    third = w.sync()
    assert third.error_code is None and third.rejected == 0 and third.conflicts == 0
    assert central.scalar("SELECT count(*) FROM counter.quarantine") == 0
    with w.ctx.store.read() as s:
        assert list(findings(s)) == []
    # Nothing the syncs pulled (the centre's visits, its cases) brought the person back.
    text = dump(w.ctx)
    assert APPLICANT.name not in text and APPLICANT.id_number not in text
