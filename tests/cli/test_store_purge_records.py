"""``counter store purge`` in the store itself, at fixed dates: the personal fields of an ended,
synced case past the period leave its records and its ``cases`` row, the chain still verifies
(incremental and full) and names the records as purged; other cases are untouched, a second
purge changes nothing, and a redacted record is never queued to be sent again."""

from __future__ import annotations

import contextlib
import json
import subprocess
from datetime import datetime

import pytest

from app.core.errors import CounterError
from app.core.parties import Party
from app.services import record_log, retention
from app.services.sync_state import SyncState
from app.sync import outbox
from tests.cli.test_store_purge import OLD, RECENT, TODAY, acknowledge, visit
from tests.conftest import PASSWORD, resident_id
from tests.stores import connect_store

NAME, AGENT = "王𠈌明", "赵小燕"
NUMBER = resident_id("33010219800101123")
PHONE = "13911112222"
NOW = datetime(2026, 12, 3, 10, 0).astimezone()


def person(name: str, number: str, phone: str) -> Party:
    return Party("person", name, "resident_id", number, phone)


def mark_acknowledged(ctx) -> None:
    """The marker a sync leaves: the central acknowledged up to the last record out of the
    outbox."""
    con = connect_store(ctx.home.db)
    try:
        epoch, seq, chain = con.execute(
            "SELECT epoch, seq, chain_hash FROM records WHERE id NOT IN "
            "(SELECT record_id FROM outbox) ORDER BY epoch DESC, seq DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    with ctx.store.write() as s:
        SyncState.acknowledged.set(s, {str(epoch): [seq, chain]})


@pytest.fixture
def store_history(window, applicant):
    ctx = window
    # The purged case: another person, named again in the refusal's free text by the agent.
    req_agent = person(AGENT, resident_id("33010219900202234"), "13722223333")
    from app.core.cases import IntakeRequest

    service = ctx.visits
    ended = service.submit(
        IntakeRequest(
            "clerk1",
            "LOCAL-0003",
            person(NAME, NUMBER, PHONE),
            agent=req_agent,
            outcome="refuse",
            reason=f"{NAME}户籍不在本辖区",
        ),
        now=OLD,
    ).case_no
    cases = {
        "ended": str(ended),
        "unsynced": visit(ctx, applicant, OLD),
        "open": visit(ctx, applicant, OLD, outcome=None),
        "recent": visit(ctx, applicant, RECENT),
    }
    acknowledge(ctx.home, cases["ended"], cases["open"], cases["recent"])
    mark_acknowledged(ctx)
    retention.set_period(ctx.store, 5)
    return ctx, cases


def dump(ctx) -> str:
    """Every value of every table of the store, decrypted; JSON text also read back (the
    ``cases`` row's JSON columns escape what is not ASCII)."""
    con = connect_store(ctx.home.db)
    out = []
    try:
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    out.append(str(value))
                    if isinstance(value, str) and value[:1] in "{[":
                        with contextlib.suppress(ValueError):
                            out.append(json.dumps(json.loads(value), ensure_ascii=False))
    finally:
        con.close()
    return "\n".join(out)


def rows_of(ctx, case_no: str) -> list[tuple[object, ...]]:
    con = connect_store(ctx.home.db)
    try:
        return (
            con.execute(
                "SELECT r.id, r.payload, r.content_hash, r.chain_hash FROM records r "
                "JOIN cases c ON c.id = r.case_id WHERE c.case_no = ? ORDER BY r.seq",
                (case_no,),
            ).fetchall()
            + con.execute("SELECT * FROM cases WHERE case_no = ?", (case_no,)).fetchall()
        )
    finally:
        con.close()


def grep(ctx, *needles: str) -> str:
    files = [p for p in ctx.home.root.glob("counter.sqlite3*")]
    found = subprocess.run(
        ["grep", "-a", "-r", "-l", *[a for n in needles for a in ("-e", n)], *map(str, files)],
        capture_output=True,
        text=True,
    )
    return found.stdout


def test_purge_redacts_the_case_in_the_store_and_the_chain_still_verifies(store_history, cli):
    ctx, cases = store_history
    others = {k: rows_of(ctx, c) for k, c in cases.items() if k != "ended"}
    assert NAME in dump(ctx) and NUMBER in dump(ctx) and AGENT in dump(ctx)
    code, out, err = cli("log", "verify")  # a checkpoint: the next verification is incremental
    assert code == 0, err
    what = retention.plan(ctx.home, ctx.store, TODAY)
    assert list(what.redact.values()) == [cases["ended"]]
    retention.purge(ctx.home, what, ctx.store, "admin", NOW)

    text = dump(ctx)
    for needle in (NAME, NUMBER, PHONE, AGENT, "13722223333", NUMBER[:6] + "********"):
        assert needle not in text, needle
    assert grep(ctx, NAME, NUMBER) == ""
    for k, before in others.items():  # unsynced, running and recent cases: byte for byte
        assert rows_of(ctx, cases[k]) == before, k

    with connect_store(ctx.home.db) as con:
        payloads = [
            json.loads(p)
            for (p,) in con.execute(
                "SELECT r.payload FROM records r JOIN cases c ON c.id = r.case_id "
                "WHERE c.case_no = ? ORDER BY r.seq",
                (cases["ended"],),
            )
        ]
        (applicant, reason) = con.execute(
            "SELECT applicant, reason FROM cases WHERE case_no = ?", (cases["ended"],)
        ).fetchone()
    intake, purge = payloads[0], payloads[-1]
    assert intake["purged_on"] == "2026-12-03"
    assert intake["applicant"]["name"].startswith("purged:")
    assert intake["applicant"]["id_type"] == "resident_id"  # what kind of document stays
    assert intake["case_no"] == cases["ended"] and intake["state"] == "refused"  # the rest stays
    assert json.loads(applicant) == intake["applicant"] and reason == intake["reason"]
    assert purge["case_no"] == cases["ended"] and purge["by"] == "admin"
    named = purge["records"][0]["fields"]
    assert {"$.applicant.name", "$.applicant.id_number", "$.agent.phone", "$.reason"} <= set(named)
    assert NAME not in json.dumps(purge, ensure_ascii=False)

    code, out, err = cli("log", "verify")
    assert code == 0, err
    assert "增量核验" in out and "已按保存年限清除" in out
    code, out, err = cli("log", "verify", "--full")
    assert code == 0, err
    assert "1 条记录的个人信息已按保存年限清除" in out


def test_a_second_purge_changes_nothing(store_history):
    ctx, cases = store_history
    retention.purge(ctx.home, retention.plan(ctx.home, ctx.store, TODAY), ctx.store, "admin", NOW)
    before = dump(ctx)
    # Its purge record waits in the outbox: the case counts as unsynced until it is delivered.
    assert retention.plan(ctx.home, ctx.store, TODAY).cases == []
    acknowledge(ctx.home, cases["ended"])
    mark_acknowledged(ctx)
    before = dump(ctx)
    again = retention.plan(ctx.home, ctx.store, TODAY)
    assert again.cases == [cases["ended"]] and again.redact == {}
    retention.purge(ctx.home, again, ctx.store, "admin", NOW)
    assert dump(ctx) == before


def test_a_changed_purged_record_is_found_incremental_and_full(store_history, cli):
    ctx, cases = store_history
    assert cli("log", "verify")[0] == 0  # the checkpoint: the purged records come before it
    retention.purge(ctx.home, retention.plan(ctx.home, ctx.store, TODAY), ctx.store, "admin", NOW)
    (rid, payload, *_rest) = rows_of(ctx, cases["ended"])[0]
    con = connect_store(ctx.home.db)
    try:
        con.execute(
            "UPDATE records SET payload = ? WHERE id = ?",
            (payload.replace('"refused"', '"accepted"'), rid),
        )
        con.commit()
    finally:
        con.close()
    for args in ((), ("--full",)):
        code, _out, err = cli("log", "verify", *args)
        assert code == 1 and "[changed]" in err, args


def test_a_redacted_record_is_never_queued_again(store_history):
    ctx, cases = store_history
    retention.purge(ctx.home, retention.plan(ctx.home, ctx.store, TODAY), ctx.store, "admin", NOW)
    (rid, *_rest) = rows_of(ctx, cases["ended"])[0]
    with ctx.store.read() as s:
        last = record_log.tip(s)
    assert last is not None
    outbox.requeue(ctx.store, last.epoch, [(1, last.seq)])  # the day close asks for them all
    con = connect_store(ctx.home.db)
    try:
        queued = {r for (r,) in con.execute("SELECT record_id FROM outbox")}
    finally:
        con.close()
    assert rid not in queued and last.record_id in queued  # the purge record goes, like any


def test_the_purge_command_lists_then_redacts(store_history, cli, monkeypatch):
    ctx, cases = store_history
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    code, out, err = cli("store", "purge", "--dry-run", "--by", "admin", "--today", "2026-12-03")
    assert code == 0, err
    assert "将清除数据库中 1 个办件的个人信息" in out and cases["ended"] in out
    assert NAME in dump(ctx)  # a dry run changes nothing
    code, out, err = cli("store", "purge", "--by", "admin", "--today", "2026-12-03")
    assert code == 0, err
    assert NAME not in dump(ctx)
    assert cli("log", "verify", "--full")[0] == 0


def test_a_purged_case_is_shown_as_purged_and_not_printed(store_history, cli):
    ctx, cases = store_history
    retention.purge(ctx.home, retention.plan(ctx.home, ctx.store, TODAY), ctx.store, "admin", NOW)
    code, out, err = cli("case", "show", cases["ended"])
    assert code == 0, err
    assert "个人信息已于 2026-12-03 按保存年限清除" in out and "purged:" not in out
    code, out, err = cli("case", "show", cases["ended"], "--json")
    assert code == 0 and json.loads(out)["personal_data_purged_on"] == "2026-12-03"
    code, out, err = cli("print", cases["ended"])
    assert code != 0 and "已于 2026-12-03 按保存年限清除" in err and "不能再打印" in err
    with pytest.raises(CounterError) as info:  # the window's reprint, as the case page asks
        ctx.slips.reprint(cases["ended"], "refusal")
    assert info.value.code == "print.purged"
    code, out, err = cli("case", "show", cases["recent"])  # another case: as before
    assert code == 0 and "张𠈌" in out and "清除" not in out
