"""The tests' bulk record generator writes exactly what record_log.append writes."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.models.schema import Outbox, Record
from app.services import record_log
from app.services.settings import Settings

from .records import append_records, bulk_records


def test_bulk_and_appended_records_make_one_intact_chain(empty_ctx) -> None:
    with empty_ctx.store.write() as s:
        Settings.centre_code.set(s, "C01")
        Settings.window_code.set(s, "W01")
    appended = append_records(empty_ctx.store, 3)
    bulked = bulk_records(empty_ctx.store, 50)
    appended += append_records(empty_ctx.store, 2)
    with empty_ctx.store.read() as s:
        assert record_log.verify_chain(s) is None
        rows = {r.id: r for r in s.scalars(select(Record))}
        assert {o.record_id for o in s.scalars(select(Outbox))} == set(rows)
    assert [rows[i].seq for i in appended] == [1, 2, 3, 54, 55]
    one, other = rows[appended[0]], rows[bulked[0]]
    assert one.payload_version == other.payload_version
    assert len(one.created_at) == len(other.created_at)  # same ISO shape, with milliseconds
    for r in (one, other):  # both name the window they were made at, as append does
        body = json.loads(r.payload)
        assert (body["centre"], body["window"]) == ("C01", "W01")
        assert r.payload == record_log.canonical(body)
