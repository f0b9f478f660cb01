"""No case number is held twice centrally, and back-office decisions reach the right case.

Against the real PostgreSQL: a reinstall and a restore on the same day, two PCs set up with one
window code, a second case under a held number (refused and listed), decisions by identity, and
a central that already holds duplicates from before numbers were registered.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

from app.bootstrap import Context, open_context
from app.core.case_numbers import parse_case_no
from app.core.errors import CounterError
from app.models.schema import Record
from app.services.case_issuer import IssuerState
from app.sync import central_admin, central_schema
from tests.stores import connect_store

from .conftest import CentralDb
from .intakes import accept, ready

pytestmark = pytest.mark.central


def case_id(ctx: Context, number: str) -> str:
    return ctx.cases.case(number).id


def held(central: CentralDb) -> dict[str, str]:
    return dict(central.rows("SELECT case_no, case_id FROM counter.case_numbers"))


def refused(central: CentralDb) -> list[str]:
    return [
        json.loads(p)["case_no"]
        for (p,) in central.rows(
            "SELECT payload FROM counter.quarantine WHERE reason = 'case_no_taken'"
        )
    ]


def test_a_reinstall_on_the_same_day_gets_a_free_issuer(central: CentralDb, make_window) -> None:
    old = ready(make_window("C01", "W01"))
    before = accept(old.ctx, 2)
    assert old.sync().ok
    # The PC is reinstalled: a new data directory with the window's own credentials.
    new = ready(make_window("C01", "W01", creds=old.creds))
    assert new.sync().ok  # set up online: the central hands out an issuer no device holds
    after = accept(new.ctx, 2)
    assert new.sync().ok
    issuers = {parse_case_no(n).issuer for n in before} | {parse_case_no(n).issuer for n in after}
    assert len(issuers) == 2
    assert set(held(central)) == set(before + after) and refused(central) == []


def test_a_collision_made_offline_is_refused_listed_and_not_repeated(
    central: CentralDb, make_window
) -> None:
    old = ready(make_window("C01", "W01"))
    first = accept(old.ctx, 2)
    assert old.sync().ok
    tag = parse_case_no(first[0]).issuer
    new = ready(make_window("C01", "W01", creds=old.creds))
    with new.ctx.store.write() as s:  # the one-in-924 draw: the same issuer, offline
        IssuerState.issuer.set(s, tag)
        IssuerState.used.set(s, [tag])
    clash = accept(new.ctx, 1)
    assert clash == first[:1]
    summary = new.sync()
    assert summary.ok
    # The central keeps the first case under the number and refuses the second one.
    assert held(central)[first[0]] == case_id(old.ctx, first[0])
    assert refused(central) == clash
    listed = central_admin.duplicates(central.url)
    assert [(d.case_no, d.status) for d in listed] == [(first[0], "held"), (first[0], "refused")]
    assert listed[1].case_id == case_id(new.ctx, clash[0])
    row = {r.window: r for r in central_admin.report(central.url)}["W01"]
    assert row.case_no_refused == 1
    # The window now holds the issuer the central gave it: no number repeats from here on.
    later = accept(new.ctx, 3)
    assert parse_case_no(later[0]).issuer != tag
    assert new.sync().ok and refused(central) == clash
    assert set(later) <= set(held(central))


def test_two_pcs_with_one_window_code_never_share_a_number(central: CentralDb, make_window) -> None:
    a = ready(make_window("C01", "W01"))
    b = ready(make_window("C01", "W01", creds=a.creds))
    assert a.sync().ok and b.sync().ok
    numbers = accept(a.ctx, 3) + accept(b.ctx, 3)
    assert len(set(numbers)) == 6
    assert a.sync().ok and b.sync().ok
    assert set(held(central)) == set(numbers) and refused(central) == []
    assert central.scalar("SELECT count(DISTINCT issuer) FROM counter.issuers") == 2


def test_a_restore_on_the_same_day_repeats_no_number(
    central: CentralDb, make_window, tmp_path: Path
) -> None:
    w = ready(make_window("C01", "W01"))
    morning = accept(w.ctx, 2)
    assert w.sync().ok
    copy = tmp_path / "backup.sqlite3"
    src, dst = connect_store(w.ctx.home.db), connect_store(copy)
    src.backup(dst)
    src.close()
    dst.close()
    noon = accept(w.ctx, 2)
    assert w.sync().ok
    w.ctx.close()
    for suffix in ("-wal", "-shm"):
        Path(str(w.ctx.home.db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(copy, w.ctx.home.db)
    w.ctx = open_context(w.ctx.home, load_demo=False)
    afternoon = accept(w.ctx, 2)
    summary = w.sync()
    assert summary.ok
    numbers = morning + noon + afternoon
    assert len(set(numbers)) == 6
    assert set(held(central)) == set(numbers) and refused(central) == []


def test_a_decision_reaches_the_case_with_that_identity(central: CentralDb, make_window) -> None:
    old = ready(make_window("C01", "W01"))
    (number,) = accept(old.ctx, 1)
    assert old.sync().ok
    new = ready(make_window("C01", "W01", creds=old.creds))
    tag = parse_case_no(number).issuer
    with new.ctx.store.write() as s:
        IssuerState.issuer.set(s, tag)
    assert accept(new.ctx, 1) == [number]  # another case under the number, refused centrally
    assert new.sync().ok
    published = central_admin.publish_case_status(central.url, number, "result_ready")
    assert published.audience == "C01/W01"
    assert old.sync().ok and new.sync().ok
    assert old.ctx.cases.case(number).state == "result_ready"
    assert new.ctx.cases.case(number).state == "accepted"  # not this window's case
    with new.ctx.store.read() as s:
        assert s.scalars(select(Record).where(Record.kind == "case_status")).all() == []


def test_a_decision_needs_a_case_the_central_holds(central: CentralDb, make_window) -> None:
    make_window("C01", "W01")
    with pytest.raises(CounterError) as err:
        central_admin.publish_case_status(central.url, "C01-W01-20261203-K7-0001", "closed")
    assert err.value.code == "case.unknown"


def test_duplicates_from_before_numbers_were_registered_are_listed(
    central: CentralDb, make_window
) -> None:
    """A central upgraded from c0002 that had already stored two cases under one number."""
    a = ready(make_window("C01", "W01"))
    b = ready(make_window("C01", "W01", creds=a.creds))
    (number,) = accept(a.ctx, 1)
    # b registers first: it must not hold a's case (the centre's cases reach every window)
    # before it issues the number again, as a PC of the old numbering would.
    assert b.sync().ok and a.sync().ok
    with b.ctx.store.write() as s:  # as the old numbering did: both restart at 0001
        IssuerState.issuer.set(s, parse_case_no(number).issuer)
    assert accept(b.ctx, 1) == [number]
    with b.ctx.store.read() as s:
        rec = s.scalars(select(Record).where(Record.kind == "intake")).one()
    # The schema of before: the second case goes straight into records, as it did then.
    engine = create_engine(
        "postgresql+psycopg://", poolclass=NullPool, creator=lambda: psycopg.connect(central.url)
    )
    try:
        with engine.connect() as conn:
            config = central_schema._alembic_config(conn, central.prefix, central.name)
            command.downgrade(config, "c0002")
            conn.exec_driver_sql(
                "INSERT INTO counter.records (id, device_id, epoch, seq, kind, created_at, "
                "created_ts, day, payload_version, payload, content_hash, prev_hash, chain_hash, "
                "case_id) VALUES (%(id)s, %(device_id)s, %(epoch)s, %(seq)s, %(kind)s, %(at)s, "
                "%(at)s::text::timestamptz, substr(%(at)s::text, 1, 10)::date, %(v)s, %(payload)s, "
                "%(hash)s, %(prev)s, %(chain)s, %(case)s)",
                {
                    "id": rec.id,
                    "device_id": rec.device_id,
                    "epoch": rec.epoch,
                    "seq": rec.seq,
                    "kind": rec.kind,
                    "at": rec.created_at,
                    "v": rec.payload_version,
                    "payload": rec.payload,
                    "hash": rec.content_hash,
                    "prev": rec.prev_hash,
                    "chain": rec.chain_hash,
                    "case": rec.case_id,
                },
            )
            command.upgrade(config, "head")
            conn.commit()
    finally:
        engine.dispose()
    assert b.sync().ok  # its record is a duplicate of what the central holds: nothing refused
    listed = central_admin.duplicates(central.url)
    assert [(d.case_no, d.status) for d in listed] == [(number, "held"), (number, "shared")]
    assert [d.case_id for d in listed] == [case_id(a.ctx, number), case_id(b.ctx, number)]
    with pytest.raises(CounterError) as err:
        central_admin.publish_case_status(central.url, number, "closed")
    assert err.value.code == "case.ambiguous"
    central_admin.publish_case_status(central.url, number, "closed", case_id=case_id(b.ctx, number))
    assert a.sync().ok and b.sync().ok
    assert (a.ctx.cases.case(number).state, b.ctx.cases.case(number).state) == (
        "accepted",
        "closed",
    )


def _raw_intakes(device: str, numbers: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Intake rows as a client that skips the push's checks would insert them: (case number,
    case id) each, chained from seq 1 of epoch 1."""
    import hashlib

    from app.core.uuid7 import uuid7
    from app.services import record_log

    rows, prev = [], record_log.GENESIS
    for seq, (number, case) in enumerate(numbers, start=1):
        rid, at = str(uuid7()), f"2026-12-03T09:{seq:02d}:00+08:00"
        payload = record_log.canonical(
            {
                "case_id": case,
                "case_no": number,
                "centre": "C01",
                "window": "W01",
                "state": "accepted",
            }
        )
        chain = record_log.chain_hash(prev, rid, device, 1, seq, "intake", at, payload, case)
        rows.append(
            {
                "id": rid,
                "device": device,
                "seq": seq,
                "at": at,
                "payload": payload,
                "hash": hashlib.sha256(payload.encode()).hexdigest(),
                "prev": prev,
                "chain": chain,
                "case": case,
            }
        )
        prev = chain
    return rows


def _insert_in_one_statement(central: CentralDb, rows: list[dict[str, Any]]) -> None:
    values = ", ".join(
        ["(%s, %s, 1, %s, 'intake', %s, %s::timestamptz, %s::date, 1, %s, %s, %s, %s, %s)"]
        * len(rows)
    )
    params: list[Any] = []
    for r in rows:
        params += [
            r["id"],
            r["device"],
            r["seq"],
            r["at"],
            r["at"],
            r["at"][:10],
            r["payload"],
            r["hash"],
            r["prev"],
            r["chain"],
            r["case"],
        ]
    with central.connect() as conn:
        conn.execute(
            "INSERT INTO counter.records (id, device_id, epoch, seq, kind, created_at, "
            "created_ts, day, payload_version, payload, content_hash, prev_hash, "
            f"chain_hash, case_id) VALUES {values}",
            params,
        )


def test_a_number_two_cases_bring_in_one_statement_is_listed(
    central: CentralDb, make_window
) -> None:
    """Past the push's check (an older client, or two pushes at the same moment), the central
    still registers one case under the number and lists the other."""
    w = make_window("C01", "W01")
    assert w.sync().ok  # registers the device
    number = "C01-W01-20261203-K7-0001"
    _insert_in_one_statement(
        central, _raw_intakes(w.device_id, [(number, "case-a"), (number, "case-b")])
    )
    assert held(central) == {number: "case-a"}
    listed = central_admin.duplicates(central.url)
    assert [(d.case_id, d.status) for d in listed] == [("case-a", "held"), ("case-b", "shared")]
    with pytest.raises(CounterError) as err:
        central_admin.publish_case_status(central.url, number, "closed")
    assert err.value.code == "case.ambiguous"


def test_a_window_cannot_take_another_windows_numbers(central: CentralDb, make_window) -> None:
    w = make_window("C01", "W01")
    assert w.sync().ok
    theirs = "C01-W02-20261203-K7-0001"
    _insert_in_one_statement(central, _raw_intakes(w.device_id, [(theirs, "case-x")]))
    assert held(central) == {}  # W02's number stays free for W02


def test_a_fresh_issuer_this_device_held_before_is_not_given_back(
    central: CentralDb, make_window
) -> None:
    w = ready(make_window("C01", "W01"))
    assert w.sync().ok
    with w.ctx.store.read() as s:
        first = IssuerState.issuer.get(s)
    with w.ctx.store.write() as s:  # a copy of the store from before the claim: unconfirmed
        IssuerState.confirmed.set(s, None)
    assert w.sync().ok
    with w.ctx.store.read() as s:
        again = IssuerState.issuer.get(s)
    assert again is not None and again != first  # it issued nothing under the first one
    (number,) = accept(w.ctx)
    with w.ctx.store.write() as s:
        IssuerState.confirmed.set(s, None)
    assert w.sync().ok  # numbers were issued under it: the same device keeps it
    with w.ctx.store.read() as s:
        assert IssuerState.issuer.get(s) == again == parse_case_no(number).issuer


@pytest.mark.parametrize("revision", ["c0001", "c0002", "c0003"])
def test_a_central_not_yet_upgraded_is_named_and_nothing_is_lost(
    central: CentralDb, make_window, revision: str
) -> None:
    w = make_window("C01", "W01")
    engine = create_engine(
        "postgresql+psycopg://", poolclass=NullPool, creator=lambda: psycopg.connect(central.url)
    )
    try:
        with engine.connect() as conn:
            command.downgrade(
                central_schema._alembic_config(conn, central.prefix, central.name), revision
            )
            conn.commit()
    finally:
        engine.dispose()
    w.records(3)
    summary = w.sync()
    assert summary.error_code == "central.schema"
    assert "counter central init" in (summary.error or "")
    assert (summary.pushed, summary.waiting) == (0, 3)
