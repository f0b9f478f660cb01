"""The retention period and ``counter store purge``, at fixed dates: nothing is purged until an
administrator sets the period; then only cases that ended, were synced and last changed before
the cut-off lose their kept slips, with old backups and the print spool."""

from __future__ import annotations

import json
import os
from datetime import date, datetime

import pytest

from app.core.cases import IntakeRequest
from app.core.errors import CounterError
from app.services import retention
from tests.conftest import PASSWORD
from tests.stores import connect_store

OLD = datetime(2020, 3, 2, 9, 0)
RECENT = datetime(2025, 6, 2, 9, 0)
TODAY = date(2026, 12, 3)  # five years back: 2021-12-03


def visit(ctx, applicant, now: datetime, outcome: str | None = "refuse") -> str:
    """A visit refused at the window (the case ends), or one the window decides (it stays
    open: accepted, or waiting for materials)."""
    req = IntakeRequest(
        "clerk1",
        "LOCAL-0003" if outcome else "LOCAL-0006",  # no situation question to answer
        applicant,
        outcome=outcome,
        reason="户籍不在本辖区" if outcome == "refuse" else None,
    )
    service = ctx.visits
    result = service.submit(req, now=now)
    assert result.documents
    return str(result.case_no)


def acknowledge(home, *case_nos: str) -> None:
    """As the central database's answers leave it: the cases' records out of the outbox."""
    con = connect_store(home.db)
    try:
        con.execute(
            "DELETE FROM outbox WHERE record_id IN (SELECT r.id FROM records r "
            f"JOIN cases c ON c.id = r.case_id WHERE c.case_no IN ({','.join('?' * len(case_nos))}))",
            case_nos,
        )
        con.commit()
    finally:
        con.close()


def made_at(path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


@pytest.fixture
def history(window, applicant):
    ctx = window
    cases = {
        "ended": visit(ctx, applicant, OLD),
        "unsynced": visit(ctx, applicant, OLD),
        "open": visit(ctx, applicant, OLD, outcome=None),
        "recent": visit(ctx, applicant, RECENT),
    }
    acknowledge(ctx.home, cases["ended"], cases["open"], cases["recent"])
    ctx.home.backups.mkdir(exist_ok=True)
    for name, when in (("old", OLD), ("older", datetime(2019, 1, 1)), ("new", RECENT)):
        b = ctx.home.backups / f"counter-{name}.sqlite3"
        b.write_bytes(b"encrypted pages")
        made_at(b, when)
    spooled = ctx.home.root / "spool" / cases["recent"] / "slip.pdf"
    spooled.parent.mkdir(parents=True, exist_ok=True)
    spooled.write_bytes(b"%PDF")
    return ctx, cases


def slips(home, case_no: str) -> list[str]:
    return sorted(p.name for p in (home.cases / case_no).glob("*.pdf"))


def test_nothing_is_purged_until_the_period_is_set(history):
    ctx, _cases = history
    assert retention.period(ctx.store) is None
    with pytest.raises(CounterError) as info:
        retention.plan(ctx.home, ctx.store, TODAY)
    assert info.value.code == "retention.not_set" and "counter store retention" in str(info.value)


def test_only_ended_synced_cases_past_the_period_lose_their_slips(history):
    ctx, cases = history
    retention.set_period(ctx.store, 5)
    kept = {k: slips(ctx.home, c) for k, c in cases.items()}
    assert all(kept.values())
    what = retention.plan(ctx.home, ctx.store, TODAY)
    assert what.cutoff == date(2021, 12, 3)
    assert what.cases == [cases["ended"]]
    assert sorted(b.name for b in what.backups) == ["counter-old.sqlite3", "counter-older.sqlite3"]
    retention.purge(ctx.home, what)
    assert not (ctx.home.cases / cases["ended"]).exists()
    for k in ("unsynced", "open", "recent"):
        assert slips(ctx.home, cases[k]) == kept[k]
    assert [b.name for b in ctx.home.backups.iterdir()] == ["counter-new.sqlite3"]
    assert not list((ctx.home.root / "spool").rglob("*.pdf"))
    # No "acknowledged up to" marker (never synced for real): the records and the case stay.
    with connect_store(ctx.home.db) as con:
        (applicant,) = con.execute(
            "SELECT applicant FROM cases WHERE case_no = ?", (cases["ended"],)
        ).fetchone()
    assert json.loads(applicant)["name"] == "张𠈌"


def test_a_shorter_look_back_purges_nothing(history):
    ctx, _cases = history
    retention.set_period(ctx.store, 7)  # cut-off 2019-12-03: the 2020 cases stay
    what = retention.plan(ctx.home, ctx.store, TODAY)
    assert what.cases == [] and [b.name for b in what.backups] == ["counter-older.sqlite3"]


def test_the_period_is_a_whole_number_of_years_and_29_february_counts_back_to_the_28th(window):
    for wrong in (0, -1, 101):
        with pytest.raises(CounterError):
            retention.set_period(window.store, wrong)
    assert retention.cutoff(date(2028, 2, 29), 1) == date(2027, 2, 28)
    assert retention.cutoff(date(2028, 2, 29), 4) == date(2024, 2, 29)


def test_purge_is_an_administrator_s_with_a_dry_run(history, cli, monkeypatch):
    ctx, cases = history
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    code, out, err = cli("store", "purge", "--by", "admin", "--today", "2026-12-03")
    assert code == 1 and "counter store retention" in err
    assert cli("store", "retention", "--years", "5")[0] == 1  # no --by
    code, _out, err = cli("store", "retention", "--years", "5", "--by", "admin")
    assert code == 0, err
    code, out, err = cli("store", "purge", "--today", "2026-12-03")
    assert code == 1 and "--by" in err
    code, out, err = cli("store", "purge", "--dry-run", "--by", "admin", "--today", "2026-12-03")
    assert code == 0, err and cases["ended"] in out and "counter-older.sqlite3" in out
    assert slips(ctx.home, cases["ended"])  # a dry run removes nothing
    assert len(list(ctx.home.backups.iterdir())) == 3
    code, out, err = cli("store", "purge", "--by", "admin", "--today", "2026-12-03")
    assert code == 0, err
    assert not (ctx.home.cases / cases["ended"]).exists()
    assert slips(ctx.home, cases["unsynced"])
