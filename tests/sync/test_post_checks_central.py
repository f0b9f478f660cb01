"""The back office's post-check (核查) of a 告知承诺 comes back from the central like a decision:
published for the window that holds the case, recorded there by the same function as a check
recorded at the window (services/post_checks.py). 不属实 revokes the case.

The case: 居住证 (DEMO-0036) accepted on Monday 2026-11-23 with the 就业证明 (m5) replaced by a
promise, to be checked within 10 working days (by 2026-12-07)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.core.cases import CaseState, IntakeRequest
from app.core.checklist import OK, PROMISED, Verdict
from app.core.errors import CounterError
from app.models.schema import Case, Record
from app.services import case_lists, record_log
from app.services.post_checks import CHECK_FALSE, CHECK_TRUE, record_check
from app.sync import central_admin
from app.sync.pull import cursor

from .checker import check_delivery
from .conftest import CentralDb
from .intakes import APPLICANT, NOW, accept, ready

pytestmark = pytest.mark.central

ANSWERS = {"q1": ["a1"], "q2": ["b1"], "q3": ["c2"]}
LATE = date(2026, 12, 31)  # well past the check date


def promised(ctx: Any, m5: str = PROMISED) -> str:
    verdicts = {m: Verdict(OK) for m in ("m1", "m2", "m3", "m4")} | {"m5": Verdict(m5)}
    req = IntakeRequest("clerk1", "DEMO-0036", APPLICANT, ANSWERS, verdicts)
    number = ctx.visits.submit(req, now=NOW, slips=False).case_no
    assert number is not None
    return number


def case_of(ctx: Any, number: str) -> Case:
    with ctx.store.read() as s:
        case = s.scalar(select(Case).where(Case.case_no == number))
        assert case is not None
        return case


def checks_of(ctx: Any, case_id: str) -> list[dict[str, Any]]:
    with ctx.store.read() as s:
        rows = s.scalars(
            select(Record).where(Record.case_id == case_id, Record.kind == "case_status")
        )
        return [p for p in map(record_log.payload_of, rows) if p.get("post_check")]


def log_verifies(ctx: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """`counter log verify` on the window's data directory: the chain and the cases agree."""
    capsys.readouterr()
    code = main(["--home", str(ctx.home.root), "log", "verify", "--full"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "记录链完整" in out


def test_a_false_promise_found_by_the_back_office_revokes_the_case(
    central: CentralDb, make_window, capsys
) -> None:
    w = ready(make_window("C01", "W01"))
    number = promised(w.ctx)
    case_id = case_of(w.ctx, number).id
    rows, _ = case_lists.checks_overdue(w.ctx.store, LATE)
    assert [r.case_no for r in rows] == [number]
    assert w.sync().ok

    published = central_admin.publish_post_check(
        central.url, number, CHECK_FALSE, "社保系统无该单位参保记录"
    )
    assert published.dataset == "post_checks" and published.audience == "C01/W01"
    assert "撤销" in published.summary
    summary = w.sync()  # one sync
    assert summary.ok
    pulled = {d.name: d for d in summary.pulled}
    assert (pulled["post_checks"].applied, pulled["post_checks"].skipped) == (1, 0)

    case = case_of(w.ctx, number)
    assert case.state == CaseState.REVOKED and case.check_due is None
    assert case_lists.checks_overdue(w.ctx.store, LATE) == ([], 0)  # no longer listed
    (check,) = checks_of(w.ctx, case_id)
    assert (check["post_check"], check["state"], check["previous"]) == (
        CHECK_FALSE,
        "revoked",
        "accepted",
    )
    assert check["origin"] == "central" and check["clerk"] == "central"
    assert check["central_version"] == published.version
    assert check["note"] == "社保系统无该单位参保记录"
    assert check["check_due"] == "2026-12-07"
    log_verifies(w.ctx, capsys)

    # The check record goes back to the centre with the next push, and the central then
    # refuses to publish another finding for the case.
    assert w.sync().ok
    check_delivery(central, [w])
    with pytest.raises(CounterError) as err:
        central_admin.publish_post_check(central.url, number, CHECK_TRUE)
    assert err.value.code == "check.done"


def test_the_same_publication_pulled_twice_is_recorded_once(
    central: CentralDb, make_window, capsys
) -> None:
    w = ready(make_window("C01", "W01"))
    number = promised(w.ctx)
    assert w.sync().ok
    central_admin.publish_post_check(central.url, number, CHECK_TRUE, "已核实")
    assert w.sync().ok
    case = case_of(w.ctx, number)
    assert case.state == CaseState.ACCEPTED and case.check_due is None  # 属实: kept as it is
    # A cursor set back (a store restored from before the sync, say) fetches it again.
    with w.ctx.store.write() as s:
        from app.models.schema import Dataset

        row = s.get(Dataset, "post_checks")
        assert row is not None
        row.version = 0
    summary = w.sync()
    assert summary.ok
    pulled = {d.name: d for d in summary.pulled}
    assert (pulled["post_checks"].applied, pulled["post_checks"].skipped) == (0, 1)
    assert len(checks_of(w.ctx, case.id)) == 1
    assert cursor(w.ctx, "post_checks") == pulled["post_checks"].version
    log_verifies(w.ctx, capsys)


def test_a_finding_the_window_cannot_record_is_logged_and_skipped(
    central: CentralDb, make_window, caplog
) -> None:
    """Published twice before the window synced (the second finding meets a check already
    recorded), and for a case recorded at the window in the meantime: skipped, logged, the
    first finding stands."""
    w = ready(make_window("C01", "W01"))
    first, second = promised(w.ctx), promised(w.ctx)
    assert w.sync().ok
    central_admin.publish_post_check(central.url, first, CHECK_FALSE, "承诺不实")
    central_admin.publish_post_check(central.url, first, CHECK_TRUE)
    central_admin.publish_post_check(central.url, second, CHECK_TRUE)
    # Meanwhile the window records the second case's check itself.
    record_check(w.ctx.store, second, CHECK_TRUE, clerk="clerk1", note=None, now=NOW)
    with caplog.at_level("WARNING", logger="app.sync.pull"):
        summary = w.sync()
    assert summary.ok
    pulled = {d.name: d for d in summary.pulled}
    assert (pulled["post_checks"].applied, pulled["post_checks"].skipped) == (1, 2)
    assert case_of(w.ctx, first).state == CaseState.REVOKED  # the first finding stands
    assert case_of(w.ctx, second).state == CaseState.ACCEPTED
    refused = [r.getMessage() for r in caplog.records if "not recorded" in r.getMessage()]
    assert len(refused) == 2 and all("没有待核查的告知承诺" in m for m in refused)
    assert len(checks_of(w.ctx, case_of(w.ctx, first).id)) == 1


def test_refused_at_the_central_nothing_published(central: CentralDb, make_window) -> None:
    w = ready(make_window("C01", "W01"))
    with_promise = promised(w.ctx)
    (without,) = accept(w.ctx)  # all materials handed in: nothing promised
    assert w.sync().ok
    before = central.scalar("SELECT count(*) FROM counter.publications")
    cases = [
        (with_promise, "查无此人", "x", "check.result"),
        (with_promise, CHECK_FALSE, "  ", "check.note"),  # 不属实 needs the finding
        (without, CHECK_TRUE, None, "check.none"),
        ("C01-W01-第一号", CHECK_TRUE, None, "case.number"),
        (with_promise.replace("-0001", "-0077"), CHECK_TRUE, None, "case.unknown"),
    ]
    for number, result, note, code in cases:
        with pytest.raises(CounterError) as err:
            central_admin.publish_post_check(central.url, number, result, note)
        assert err.value.code == code, (number, result, err.value.message)
    with pytest.raises(CounterError) as err:
        central_admin.publish_post_check(central.url, with_promise, CHECK_TRUE, case_id="nope")
    assert err.value.code == "case.unknown"
    assert central.scalar("SELECT count(*) FROM counter.publications") == before


def test_counter_central_case_post_check(central: CentralDb, make_window, capsys) -> None:
    w = ready(make_window("C01", "W01"))
    number = promised(w.ctx)
    assert w.sync().ok
    base = ["central", "case", "post-check", "--db", central.url, number]
    code = main([*base, "不属实"])
    _out, err = capsys.readouterr()
    assert code != 0 and "请写明核查发现的情况" in err
    code = main([*base, "不属实", "--note", "承诺的劳动合同不存在"])
    out, _err = capsys.readouterr()
    assert code == 0 and "post_checks" in out and f"{number} 核查不属实，撤销" in out
    row = central.rows(
        "SELECT centre_code, window_code, body FROM counter.publications "
        "WHERE dataset = 'post_checks'"
    )
    ((centre, window, body),) = row
    assert (centre, window) == ("C01", "W01")
    assert json.loads(body)["case_id"] == case_of(w.ctx, number).id
    assert w.sync().ok
    assert case_of(w.ctx, number).state == CaseState.REVOKED


def test_accepted_at_another_window_of_the_centre_checked_from_there(
    central: CentralDb, make_window
) -> None:
    """The 一次性告知 at W01, the case completed and accepted at W02 a week later: both windows
    hold the check date counted from W02's acceptance, and the back office's 不属实, sent to
    W01 (the window that opened the case), revokes it at both."""
    from datetime import timedelta

    from .centre import supplement

    w1 = ready(make_window("C01", "W01"))
    w2 = ready(make_window("C01", "W02"))
    verdicts = {m: Verdict(OK) for m in ("m2", "m3", "m4")} | {"m5": Verdict(PROMISED)}
    req = IntakeRequest("clerk1", "DEMO-0036", APPLICANT, ANSWERS, verdicts)  # m1 missing
    told = w1.ctx.visits.submit(req, now=NOW, slips=False)
    assert told.state == CaseState.AWAITING_CORRECTION and told.case_no is not None
    number = told.case_no
    assert w1.sync().ok and w2.sync().ok  # W02 now holds the case too

    later = NOW + timedelta(days=7)
    assert supplement(w2, number, later).state == CaseState.ACCEPTED
    due = w2.ctx.calendar.calendar().add_workdays(later.date(), 10)
    assert case_of(w2.ctx, number).check_due == due
    assert w2.sync().ok and w1.sync().ok
    assert case_of(w1.ctx, number).check_due == due  # folded from W02's visit
    rows, _ = case_lists.checks_overdue(w1.ctx.store, LATE)
    assert [r.case_no for r in rows] == [number]

    published = central_admin.publish_post_check(central.url, number, CHECK_FALSE, "承诺不实")
    assert published.audience == "C01/W01"
    assert w1.sync().ok and w2.sync().ok
    for w in (w1, w2):
        case = case_of(w.ctx, number)
        assert (case.state, case.check_due) == (CaseState.REVOKED, None), w.ctx.home.root.name
        assert case_lists.checks_overdue(w.ctx.store, LATE) == ([], 0)
    check_delivery(central, [w1, w2])
