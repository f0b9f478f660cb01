"""告知承诺 post-checks (核查): the case keeps the date, and once it has passed unrecorded the
case is listed on home and in ``counter report``. Fixed dates: accepted on Monday 2026-03-02,
居住证 (DEMO-0036) with the 就业证明 promised, checked within 10 working days: by 2026-03-16."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.core.cases import CaseState, IntakeRequest
from app.core.checklist import OK, PROMISED, Verdict
from app.core.errors import CounterError
from app.models.schema import Case, Record
from app.services import case_lists, record_log
from app.services.post_checks import CHECK_FALSE, CHECK_TRUE, record_check
from app.services.reports import window_report

ACCEPTED = datetime(2026, 3, 2, 9, 30)
DUE = date(2026, 3, 16)
ANSWERS = {"q1": ["a1"], "q2": ["b1"], "q3": ["c2"]}


def intake(ctx, applicant, m5: str):  # type: ignore[no-untyped-def]
    verdicts = {m: Verdict(OK) for m in ("m1", "m2", "m3", "m4")} | {"m5": Verdict(m5)}
    req = IntakeRequest("clerk1", "DEMO-0036", applicant, ANSWERS, verdicts)
    return ctx.visits.submit(req, now=ACCEPTED, slips=False)


def test_the_case_keeps_its_check_date(window, applicant) -> None:
    done = intake(window, applicant, PROMISED)
    with window.store.read() as s:
        assert s.scalar(select(Case.check_due).where(Case.case_no == done.case_no)) == DUE


def test_listed_once_the_date_has_passed(window, applicant) -> None:
    promised = intake(window, applicant, PROMISED)
    intake(window, applicant, OK)  # no promise, nothing to check
    assert case_lists.checks_overdue(window.store, DUE) == ([], 0)  # the due day is in time
    rows, total = case_lists.checks_overdue(window.store, date(2026, 3, 17))
    assert total == 1 and [(r.case_no, r.check_due) for r in rows] == [(promised.case_no, DUE)]
    assert rows[0].item_name.startswith("居住证申领") and rows[0].applicant_name == applicant.name

    assert window_report(window, DUE).overdue_checks == []
    report = window_report(window, date(2026, 3, 17))
    assert report.overdue_checks == [{"case_no": promised.case_no, "check_due": "2026-03-16"}]


def test_a_long_list_is_cut_and_counted(window, applicant) -> None:
    made = [intake(window, applicant, PROMISED).case_no for _ in range(3)]
    rows, total = case_lists.checks_overdue(window.store, date(2026, 4, 1), limit=2)
    assert total == 3 and [r.case_no for r in rows] == sorted(made)[:2]


def test_home_names_the_overdue_checks(window, applicant) -> None:
    from app.ui.home import load_home

    done = intake(window, applicant, PROMISED)
    assert load_home(window, DUE, 2).checks_overdue == ()
    data = load_home(window, date(2026, 3, 17), 2)
    assert data.checks_overdue == ((done.case_no, DUE),) and data.checks_total == 1


def _case(ctx, case_no):  # type: ignore[no-untyped-def]
    with ctx.store.read() as s:
        return s.scalar(select(Case).where(Case.case_no == case_no))


def test_a_false_promise_revokes_the_case_and_the_check_is_done(window, applicant) -> None:
    done = intake(window, applicant, PROMISED)
    at = datetime(2026, 3, 10, 15, 0)
    rid = record_check(
        window.store, done.case_no, CHECK_FALSE, clerk="clerk1", note="社保无参保记录", now=at
    )
    case = _case(window, done.case_no)
    assert case.state == CaseState.REVOKED and case.check_due is None
    assert case_lists.checks_overdue(window.store, date(2026, 4, 1)) == ([], 0)
    with window.store.read() as s:
        payload = record_log.payload_of(s.get(Record, rid))
    assert payload["post_check"] == CHECK_FALSE and payload["check_due"] == "2026-03-16"
    assert payload["state"] == "revoked" and payload["previous"] == "accepted"
    assert payload["note"] == "社保无参保记录"


def test_a_true_promise_leaves_the_case_as_it_is(window, applicant) -> None:
    done = intake(window, applicant, PROMISED)
    record_check(window.store, done.case_no, CHECK_TRUE, clerk="clerk1", note=None, now=ACCEPTED)
    case = _case(window, done.case_no)
    assert case.state == CaseState.ACCEPTED and case.check_due is None


@pytest.mark.parametrize(
    ("m5", "result", "note", "code"),
    [
        (PROMISED, "查无此人", None, "check.result"),
        (PROMISED, CHECK_FALSE, "  ", "check.note"),
        (OK, CHECK_TRUE, None, "check.none"),  # nothing was promised
    ],
)
def test_refused_checks_write_nothing(window, applicant, m5, result, note, code) -> None:  # type: ignore[no-untyped-def]
    done = intake(window, applicant, m5)
    with window.store.read() as s:
        before = s.scalar(select(func.count()).select_from(Record))
    with pytest.raises(CounterError) as exc:
        record_check(window.store, done.case_no, result, clerk="clerk1", note=note, now=ACCEPTED)
    assert exc.value.code == code
    with window.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Record)) == before
    assert _case(window, done.case_no).check_due == (DUE if m5 == PROMISED else None)


# ---- a case accepted at a later visit -------------------------------------------------------

TOLD = datetime(2026, 3, 2, 9, 30)  # first visit: 一次性告知, the 身份证 (m1) missing
RETURNED = datetime(2026, 3, 9, 10, 0)  # the return visit accepts it (a Monday)
DUE_LATER = date(2026, 3, 23)  # 10 working days from the return visit, not from the first


def test_a_case_accepted_at_a_later_visit_is_checked_from_that_acceptance(
    window, applicant
) -> None:
    from app.core.checklist import ACCEPT, CORRECTION, MISSING
    from app.services import promise_letters

    verdicts = {"m1": Verdict(MISSING)} | {m: Verdict(OK) for m in ("m2", "m3", "m4")}
    req = IntakeRequest(
        "clerk1", "DEMO-0036", applicant, ANSWERS, verdicts | {"m5": Verdict(PROMISED)}
    )
    first = window.visits.submit(req, now=TOLD, slips=False)
    assert first.outcome == CORRECTION
    assert _case(window, first.case_no).check_due is None  # not accepted: nothing to check yet
    assert case_lists.checks_overdue(window.store, date(2026, 12, 31)) == ([], 0)

    back = IntakeRequest(
        "clerk1", "DEMO-0036", applicant, verdicts={"m1": Verdict(OK)}, case_no=first.case_no
    )
    done = window.visits.submit(back, now=RETURNED, slips=False)
    assert done.outcome == ACCEPT
    case = _case(window, first.case_no)
    assert case.check_due == DUE_LATER
    with window.store.read() as s:
        payload = record_log.payload_of(s.get(Record, done.record_id))
    assert payload["check_due"] == DUE_LATER.isoformat()  # the visit that started the clock
    # Overdue only after the date counted from the later acceptance.
    assert case_lists.checks_overdue(window.store, DUE_LATER) == ([], 0)
    rows, _ = case_lists.checks_overdue(window.store, date(2026, 3, 24))
    assert [(r.case_no, r.check_due) for r in rows] == [(first.case_no, DUE_LATER)]
    # The commitment letter reprinted now names the check date.
    assert promise_letters.promise_record(window.store, case.id)["check_due"] == "2026-03-23"
    # And the check is recorded against it like any other.
    record_check(window.store, first.case_no, CHECK_TRUE, clerk="clerk1", note=None, now=RETURNED)
    assert _case(window, first.case_no).check_due is None


def test_a_return_visit_of_a_case_without_promise_sets_no_check(window, applicant) -> None:
    from app.core.checklist import MISSING

    verdicts = {"m1": Verdict(MISSING)} | {m: Verdict(OK) for m in ("m2", "m3", "m4", "m5")}
    first = window.visits.submit(
        IntakeRequest("clerk1", "DEMO-0036", applicant, ANSWERS, verdicts), now=TOLD, slips=False
    )
    back = IntakeRequest(
        "clerk1", "DEMO-0036", applicant, verdicts={"m1": Verdict(OK)}, case_no=first.case_no
    )
    done = window.visits.submit(back, now=RETURNED, slips=False)
    assert _case(window, first.case_no).check_due is None
    with window.store.read() as s:
        assert "check_due" not in record_log.payload_of(s.get(Record, done.record_id))


# ---- a revoked case has ended: it is filed --------------------------------------------------


def test_a_revoked_case_is_filed(window, applicant) -> None:
    from app.core import archive_package as ap
    from app.services.archive import ArchiveService

    done = intake(window, applicant, PROMISED)
    svc = ArchiveService(window)
    with pytest.raises(CounterError) as exc:  # accepted, running: not yet
        svc.file_case(done.case_no, "clerk1", svc.rule())
    assert exc.value.code == "archive.not_ended"
    at = datetime(2026, 3, 10, 15, 0)
    record_check(window.store, done.case_no, CHECK_FALSE, clerk="clerk1", note="无参保记录", now=at)
    assert CaseState.REVOKED in ap.ENDED_STATES
    assert set(ap.ENDED_STATES) <= set(CaseState)  # every ended state is a real one
    period = ap_period(at.date())
    assert svc.ended(period) == [done.case_no]
    volume = svc.file_case(done.case_no, "clerk1", svc.rule(), now=at)
    with window.store.read() as s:
        filed = s.scalars(select(Record).where(Record.kind == "archive")).one()
        payload = record_log.payload_of(filed)
    assert payload["case_no"] == done.case_no and payload["state_label"] == "已撤销"
    assert payload["volume_no"] == volume.volume_no
    assert svc.ended(period) == []  # filed once


def ap_period(day: date):  # type: ignore[no-untyped-def]
    from app.core.figures import month_period

    return month_period(day.year, day.month)
