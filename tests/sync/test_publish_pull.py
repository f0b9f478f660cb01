"""Published reference data reaches windows by version, atomically; old catalog versions stay."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.errors import CounterError
from app.models.schema import Case, Dataset, Holiday, HolidayYear, Record
from app.services.calendar import CalendarService
from app.sync import central_admin
from app.sync.pull import cursor

from .checker import check_delivery
from .conftest import CentralDb
from .intakes import accept, ready

pytestmark = pytest.mark.central


def write(tmp_path: Path, name: str, doc: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_catalog_change_mid_day_keeps_records_of_the_old_version(
    central: CentralDb, make_window, real_guides: dict, tmp_path: Path
) -> None:
    w = make_window()
    first = central_admin.publish_catalog(central.url, write(tmp_path, "v1.json", real_guides))
    assert w.sync().ok
    v1 = w.ctx.catalog.current_version()
    item = real_guides["items"][0]
    old = w.ctx.catalog.item(item["code"], v1)
    w.records(3)  # made while version v1 is current

    changed = copy.deepcopy(real_guides)
    changed["items"][0]["materials"] = changed["items"][0]["materials"][:1]
    del changed["items"][1]
    second = central_admin.publish_catalog(central.url, write(tmp_path, "v2.json", changed))
    assert second.version > first.version
    w.records(2)
    summary = w.sync()
    assert summary.ok and summary.pushed == 5
    v2 = w.ctx.catalog.current_version()
    assert v2 != v1 and cursor(w.ctx, "catalog") == second.version
    assert w.ctx.catalog.item(item["code"], v1) == old  # what the morning's records named
    assert len(w.ctx.catalog.item(item["code"], v2).materials) == 1
    assert {v.origin for v in w.ctx.catalog.versions()} == {"central"}
    check_delivery(central, [w])


def test_a_broken_publication_changes_nothing_at_the_window(
    central: CentralDb, make_window, real_guides: dict, tmp_path: Path
) -> None:
    w = make_window()
    central_admin.publish_catalog(central.url, write(tmp_path, "v1.json", real_guides))
    assert w.sync().ok
    before = (w.ctx.catalog.current_version(), cursor(w.ctx, "catalog"))
    body = '{"format": "counter-catalog/1", "items": [{"code": 1}]}'
    with central.connect() as conn:  # bypassing publish-catalog's own validation
        conn.execute(
            "INSERT INTO counter.publications (dataset, body, body_hash) "
            "VALUES ('catalog', %s, encode(sha256(convert_to(%s, 'UTF8')), 'hex'))",
            (body, body),
        )
    w.records(4)
    summary = w.sync()
    assert summary.error_code == "pull.catalog_invalid"
    assert summary.pushed == 4  # the push before it went through
    assert (w.ctx.catalog.current_version(), cursor(w.ctx, "catalog")) == before


def test_publish_catalog_lists_every_problem(
    central: CentralDb, real_guides: dict, tmp_path: Path
) -> None:
    bad = copy.deepcopy(real_guides)
    bad["items"][0]["name"] = ""
    bad["items"][1]["legal_days"] = "twenty"
    with pytest.raises(CounterError) as err:
        central_admin.publish_catalog(central.url, write(tmp_path, "bad.json", bad))
    assert len(err.value.problems) == 2  # type: ignore[attr-defined]
    assert central.scalar("SELECT count(*) FROM counter.publications") == 0


def test_holidays_replace_whole_years(central: CentralDb, make_window, tmp_path: Path) -> None:
    w = make_window()
    CalendarService(w.ctx.store).set_day(date(2027, 3, 3), False, "local guess")
    csv = tmp_path / "h2027.csv"
    csv.write_text(
        "date,workday,note\n#years,2027\n2027-01-01,0,元旦\n2027-02-06,1,春节调休\n",
        encoding="utf-8",
    )
    published = central_admin.publish_holidays(central.url, csv)
    assert w.sync().ok
    with w.ctx.store.read() as s:
        days = {h.day: (h.workday, h.note, h.origin) for h in s.scalars(select(Holiday))}
        years = {y.year: y.origin for y in s.scalars(select(HolidayYear))}
    assert days == {
        date(2027, 1, 1): (False, "元旦", "central"),
        date(2027, 2, 6): (True, "春节调休", "central"),
    }
    assert years == {2027: "central"}
    assert cursor(w.ctx, "holidays") == published.version
    assert not CalendarService(w.ctx.store).calendar().is_workday(date(2027, 1, 1))


def test_accounts_arrive_with_the_hash_the_window_checks(central: CentralDb, make_window) -> None:
    w = make_window("C01", "W01")
    other = make_window("C02", "W01")
    central_admin.add_account(central.url, "zhang3", "张三", "clerk", "Window2026", "C01")
    central_admin.add_account(central.url, "boss", "县管理员", "admin", "County2026", "C02")
    assert w.sync().ok and other.sync().ok
    assert w.ctx.users.authenticate("zhang3", "Window2026").role == "clerk"
    assert {a.username for a in w.ctx.users.list()} == {"zhang3"}
    assert {a.username for a in other.ctx.users.list()} == {"boss"}  # C01's clerk stays at C01
    central_admin.set_account_active(central.url, "zhang3", False)
    assert w.sync().ok
    with pytest.raises(CounterError) as err:
        w.ctx.users.authenticate("zhang3", "Window2026")
    assert err.value.code == "login.failed"
    with pytest.raises(CounterError) as err:
        central_admin.add_account(central.url, "zhang3", "张三", "clerk", "Window2026", "C02")
    assert err.value.code == "user.exists"


def test_a_case_decision_comes_back_and_is_recorded(central: CentralDb, make_window) -> None:
    w = ready(make_window("C01", "W01"))
    (number,) = accept(w.ctx)
    case_id = w.ctx.cases.case(number).id
    w.ctx.case_state.set_state(number, "transferred", "clerk1")
    assert w.sync().ok
    central_admin.publish_case_status(central.url, number, "result_ready", "证件已制好")
    summary = w.sync()
    assert summary.ok
    pulled = {d.name: d for d in summary.pulled}
    assert (pulled["case_status"].applied, pulled["case_status"].skipped) == (1, 0)
    with w.ctx.store.read() as s:
        assert s.get(Case, case_id).state == "result_ready"
        record = s.scalars(
            select(Record).where(Record.case_id == case_id, Record.kind == "case_status")
        ).one()
        assert s.get(Dataset, "case_status").version == pulled["case_status"].version
    body = json.loads(record.payload)
    assert (record.kind, body["state"], body["previous"], body["origin"]) == (
        "case_status",
        "result_ready",
        "transferred",
        "central",
    )
    # The status record itself went back to the centre in the same sync.
    assert central.scalar("SELECT count(*) FROM counter.records WHERE id = %s", (record.id,)) == 1
    for unknown in (number.replace("-0001", "-0002"), "C01-W09-20261123-0001"):
        with pytest.raises(CounterError) as err:  # a case the central never received
            central_admin.publish_case_status(central.url, unknown, "closed")
        assert err.value.code == "case.unknown"
    check_delivery(central, [w])


def test_the_report_shows_each_window(central: CentralDb, make_window) -> None:
    a, b = make_window("C01", "W01"), make_window("C01", "W02")
    a.records(6)
    assert a.sync(day_close=True).ok
    b.records(2)
    rows = {r.window: r for r in central_admin.report(central.url)}
    assert rows["W01"].records == 6 and rows["W01"].day_status == "verified"
    assert rows["W01"].last_sync_at is not None and rows["W01"].waiting == 0
    assert rows["W02"].records == 0 and rows["W02"].devices == 0 and rows["W02"].day_closed is None


def test_a_window_moves_past_what_other_windows_receive(central: CentralDb, make_window) -> None:
    w = make_window("C01", "W01")
    make_window("C02", "W01")
    published = central_admin.add_account(
        central.url, "zhao4", "赵四", "clerk", "Window2026", "C02"
    )
    summary = w.sync()
    assert summary.ok
    assert {d.name: d.applied for d in summary.pulled}["accounts"] == 0
    assert cursor(w.ctx, "accounts") == published.version  # not read again at the next sync
    assert w.ctx.users.list() == []
    # Each of a window's audiences is read through the index, in version order.
    with central.connect() as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                "EXPLAIN SELECT version FROM counter.publications p WHERE p.dataset = 'case_status' "
                "AND p.version > 7 AND p.centre_code = 'C01' AND p.window_code = 'W01' "
                "ORDER BY p.version LIMIT 500"
            )
        )
    assert "publications_audience" in plan and "Sort" not in plan


def test_a_password_set_centrally_reaches_the_window_and_ends_its_lock_out(
    central: CentralDb, make_window, monkeypatch, capsys
) -> None:
    from datetime import datetime, timedelta

    from app.cli.main import main
    from app.models.schema import User

    w = make_window("C01", "W01")
    central_admin.add_account(central.url, "zhang3", "张三", "clerk", "Window2026", "C01")
    assert w.sync().ok
    with w.ctx.store.write() as s:  # locked out at the window after wrong passwords
        user = s.scalar(select(User).where(User.username == "zhang3"))
        user.failed_attempts, user.locked_until = 5, datetime.now() + timedelta(minutes=15)
    with pytest.raises(CounterError) as err:  # the window leaves it to the central
        w.ctx.users.set_password("zhang3", "Lan-tern42")
    assert "counter central user passwd zhang3" in err.value.message
    monkeypatch.setenv("COUNTER_NEW_PASSWORD", "Lan-tern42")
    assert main(["central", "user", "passwd", "--db", central.url, "zhang3"]) == 0
    assert "zhang3" in capsys.readouterr().out
    assert w.sync().ok
    assert w.ctx.users.authenticate("zhang3", "Lan-tern42").username == "zhang3"
    with pytest.raises(CounterError):
        w.ctx.users.authenticate("zhang3", "Window2026")
    with pytest.raises(CounterError) as err:
        central_admin.set_account_password(central.url, "nobody", "Lan-tern42")
    assert err.value.code == "user.unknown"
