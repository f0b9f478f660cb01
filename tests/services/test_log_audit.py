"""`counter log verify` beyond the hash chain: cases against their records, forged appends,
dropped outbox entries; and no finding for a store the application wrote itself."""

from __future__ import annotations

from datetime import datetime

from app.core.cases import IntakeRequest
from app.core.checklist import Verdict
from app.core.parties import Party
from app.services import record_log
from app.services.log_audit import findings
from tests.conftest import publish_coming_years
from tests.stores import connect_store


def _audit(ctx) -> list:  # type: ignore[no-untyped-def]
    with ctx.store.read() as s:
        return list(findings(s))


def _accept(ctx, applicant: Party) -> str:  # type: ignore[no-untyped-def]
    answers = {"s": ["s2"]}
    pv = ctx.visits.preview("LOCAL-0001", answers, {})
    verdicts = {m.id: Verdict("ok") for m in pv.evaluation.applicable}
    return ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, verdicts),
        now=datetime.now(),
        slips=False,
    ).case_no


def _correct_then_supplement(ctx, applicant: Party) -> str:  # type: ignore[no-untyped-def]
    answers = {"s": ["s2", "s3"]}
    pv = ctx.visits.preview("LOCAL-0001", answers, {})
    ids = [m.id for m in pv.evaluation.applicable]
    first = {ids[0]: Verdict("ok"), ids[1]: Verdict("defective", "复印件不清晰")}
    res = ctx.visits.submit(
        IntakeRequest("clerk1", "LOCAL-0001", applicant, answers, first),
        now=datetime.now(),
        slips=False,
    )
    ctx.visits.submit(
        IntakeRequest(
            "clerk1", "", None, verdicts={m: Verdict("ok") for m in ids[1:]}, case_no=res.case_no
        ),
        now=datetime.now(),
        slips=False,
    )
    return res.case_no


def test_a_store_the_application_wrote_has_no_finding(window, applicant) -> None:
    publish_coming_years(window)
    accepted = _accept(window, applicant)
    _correct_then_supplement(window, applicant)
    window.case_state.set_state(accepted, "result_ready", "clerk1")
    window.visits.pickup(accepted, "clerk1", applicant, by_agent=False)
    window.case_state.set_state(accepted, "closed", "clerk1")
    assert _audit(window) == []


def test_cases_edited_alone_are_named(window, applicant, cli) -> None:
    publish_coming_years(window)
    edited = _accept(window, applicant)
    kept = _accept(window, applicant)
    assert _audit(window) == []
    con = connect_store(window.home.db)
    con.execute("UPDATE cases SET state = 'closed', visits = 3 WHERE case_no = ?", (edited,))
    con.commit()
    con.close()

    code, _out, err = cli("log", "verify")
    assert code == 1
    lines = [line for line in err.splitlines() if "[case-differs]" in line]
    assert len(lines) == 1 and edited in lines[0] and kept not in err
    assert "状态为 closed，记录为 accepted" in lines[0] and "来办次数为 3，记录为 1" in lines[0]
    # The chain itself is intact: only the projection finds it.
    with window.store.read() as s:
        assert record_log.verify_chain(s) is None


def test_a_forged_append_with_a_consistent_chain_is_found_by_its_case(
    window, applicant, cli
) -> None:
    publish_coming_years(window)
    case_no = _accept(window, applicant)
    view = window.cases.case(case_no)
    # Someone with the disk appends a record the way the application would (chain, outbox,
    # counter all consistent), closing the case, but leaves the cases table as it was.
    with window.store.write() as s:
        record_log.append(
            s,
            "case_status",
            {
                "clerk": "clerk1",
                "case_no": case_no,
                "case_id": view.id,
                "state": "closed",
                "previous": view.state,
                "note": None,
                "origin": "window",
                "item_code": view.item_code,
            },
            case_id=view.id,
        )
    with window.store.read() as s:
        assert record_log.verify_chain(s) is None  # what verify checked until now
    code, _out, err = cli("log", "verify")
    assert code == 1
    assert f"[case-differs] 办件 {case_no}" in err and "记录为 closed" in err


def test_a_dropped_outbox_entry_is_named(window, applicant, cli) -> None:
    publish_coming_years(window)
    _accept(window, applicant)
    _accept(window, applicant)
    con = connect_store(window.home.db)
    rid, seq = con.execute("SELECT id, seq FROM records ORDER BY seq LIMIT 1 OFFSET 1").fetchone()
    con.execute("DELETE FROM outbox WHERE record_id = ?", (rid,))
    con.commit()
    con.close()

    code, _out, err = cli("log", "verify")
    assert code == 1
    (line,) = [line for line in err.splitlines() if line.startswith("counter: [")]
    assert line.startswith("counter: [outbox-missing]") and rid in line and f"序号 {seq}" in line
