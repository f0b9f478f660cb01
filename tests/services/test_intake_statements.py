"""What one first visit sends to the store: few statements, one read and one write transaction,
nothing read inside the write lock from another connection (an upper bound, not a time)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import event

from app.core.cases import IntakeRequest
from app.core.checklist import Verdict
from app.core.identity import resident_id_check_char
from app.core.parties import Party
from app.services import record_log

NOW = datetime(2026, 3, 2, 9, 30)  # a Monday
ITEM, ANSWERS = "DEMO-0019", {"q1": ["a4"], "q2": ["b1"]}
# Today 15: BEGIN and 4 reads (clerk, settings, catalog version, holiday version), then BEGIN
# IMMEDIATE, settings, the issuer's token, the case-number counter, the case, the record
# counter, the chain's tip, the record, its outbox entry, the item's use. It was 30 in 8
# transactions with the ORM.
MOST_STATEMENTS = 16

pytestmark = pytest.mark.usefixtures("window")


def person(n: int) -> Party:
    first17 = f"110105194912{n:02d}003"
    return Party("person", "李四", "resident_id", first17 + resident_id_check_char(first17))


def test_a_first_visit_reads_once_and_writes_in_one_transaction(ctx) -> None:  # type: ignore[no-untyped-def]
    sent: list[str] = []

    @event.listens_for(ctx.store.engine, "before_cursor_execute")
    def keep(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        sent.append(" ".join(statement.split()).upper())

    pv = ctx.visits.preview(ITEM, ANSWERS, {}, NOW.date())
    ok = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    for n in range(1, 4):  # the first intake reads the catalog item and the calendar once
        sent.clear()
        ctx.visits.submit(
            IntakeRequest("clerk1", ITEM, person(n), ANSWERS, ok),
            now=NOW + timedelta(minutes=n),
            slips=False,
        )
    third = list(sent)
    assert len(third) <= MOST_STATEMENTS, "\n".join(third)
    begins = [s for s in third if s.startswith("BEGIN")]
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"], "\n".join(third)
    # Nothing after the write's BEGIN IMMEDIATE opens another transaction (a read under the
    # lock from a second connection), and the write's statements come after its reads.
    assert third.index("BEGIN IMMEDIATE") <= 5
    event.remove(ctx.store.engine, "before_cursor_execute", keep)
    with ctx.store.read() as s:
        assert record_log.verify_chain(s) is None
