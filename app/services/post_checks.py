"""告知承诺 post-checks (核查): which materials a case's signed promise replaced, and the date by
which the department must have verified them.

The intake record carries both (``promised``, ``check_due``), so a case's history says what was
promised without reading the catalog again, and the lists of overdue checks read the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.cases import CaseState
from app.core.checklist import Evaluation
from app.core.errors import CounterError
from app.core.workdays import WorkCalendar
from app.models.db import Store
from app.models.schema import Case
from app.services.case_state import change_state
from app.services.record_log import RecordRef


def check_due(ev: Evaluation, cal: WorkCalendar, accepted: date) -> date | None:
    """The acceptance date plus the longest check period of the promised materials (working
    days); None when nothing was promised."""
    days = [m.commitment.check_days or 0 for m in ev.promised if m.commitment is not None]
    return cal.add_workdays(accepted, max(days)) if days else None


def promise_payload(ev: Evaluation, cal: WorkCalendar, accepted: date | None) -> dict[str, Any]:
    """What a first visit's record adds when a 告知承诺 replaced materials; nothing otherwise,
    so records without promises read as before. A case not accepted on this visit has no
    check date yet: the check runs from acceptance."""
    if not ev.promised:
        return {}
    due = check_due(ev, cal, accepted) if accepted is not None else None
    return {"promised": [m.id for m in ev.promised], "check_due": due}


# The back office's finding on a 告知承诺 (核查结果).
CHECK_TRUE = "属实"
CHECK_FALSE = "不属实"  # the promise was false: the acceptance (or decision) is revoked (撤销)
CHECK_RESULTS = (CHECK_TRUE, CHECK_FALSE)


def check_finding(result: str, note: str | None) -> str | None:
    """A post-check finding as it may be recorded: the result one of ``CHECK_RESULTS`` and, for
    不属实, the finding that revokes the case; returns the note stripped (None when empty).
    The window and the central (``counter central case post-check``) refuse the same way."""
    if result not in CHECK_RESULTS:
        raise CounterError("check.result", "核查结果应为“属实”或“不属实”", path="result")
    note = (note or "").strip() or None
    if result == CHECK_FALSE and note is None:
        raise CounterError(
            "check.note", "核查不属实的，请写明核查发现的情况（撤销的理由）", path="note"
        )
    return note


def apply_check(
    s: Session,
    case: Case,
    result: str,
    *,
    clerk: str,
    note: str | None,
    now: datetime,
    origin: str,
    extra: Mapping[str, Any] | None = None,
) -> RecordRef:
    """Record the post-check of ``case`` inside the caller's write transaction: THE one place a
    finding is written, for the window's own (``record_check``) and for the back office's
    pulled from the central database (sync/pull.py). 属实 leaves the case where it is; 不属实
    revokes it (``CaseState.REVOKED``). Either way the check is no longer due. Everything is
    checked before anything changes: a refusal leaves the case as it was."""
    note = check_finding(result, note)
    if case.check_due is None:
        raise CounterError(
            "check.none", f"办件 {case.case_no} 没有待核查的告知承诺（或已记录核查结果）"
        )
    payload = {"post_check": result, "check_due": case.check_due, **(extra or {})}
    state = CaseState.REVOKED if result == CHECK_FALSE else CaseState(case.state)
    case.check_due = None
    return change_state(
        s, case, state, clerk=clerk, note=note, origin=origin, now=now, extra=payload
    )


def record_check(
    store: Store,
    case_no: str,
    result: str,
    *,
    clerk: str,
    note: str | None,
    now: datetime,
    origin: str = "window",
) -> str:
    """Record the post-check of a case's 告知承诺 in one transaction (``apply_check``); returns
    the record id. Refused, nothing written: an unknown result, 不属实 without the finding, a
    case without a check due."""
    check_finding(result, note)
    with store.write() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no.strip()))
        if case is None:
            raise CounterError("case.unknown", f"没有找到办件 {case_no}，请核对办件编号")
        return apply_check(s, case, result, clerk=clerk, note=note, now=now, origin=origin).id
