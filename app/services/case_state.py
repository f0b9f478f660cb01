"""A case's state changes after its visits (材料流转, 待领取, 办结, a back-office refusal): ONE
function writes the change and its record, for the window's own steps (``CaseStateService.
set_state``) and for a back-office decision pulled from the central database (sync/pull.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.cases import STATES, TRANSITIONS, CaseState, state_among
from app.core.errors import CounterError
from app.models.db import Store
from app.models.schema import Case
from app.services import record_log
from app.services.accounts import AccountService
from app.services.case_queries import CaseQueries
from app.services.record_log import RecordRef
from app.services.slips import SlipService, slip_failure


def change_state(
    s: Session,
    case: Case,
    state: CaseState,
    *,
    clerk: str,
    note: str | None,
    origin: str,
    now: datetime,
    extra: Mapping[str, Any] | None = None,
) -> RecordRef:
    """Set ``case`` to ``state`` inside the caller's write transaction and record the change
    (``transfer`` for 材料流转, else ``case_status``); ``extra`` adds payload keys (a central
    decision's version and time). Checking the transition is the caller's: a back-office
    decision is authoritative and applied whatever the local state."""
    previous = case.state
    case.state, case.updated_at = state, now
    return record_log.append(
        s,
        "transfer" if state == CaseState.TRANSFERRED else "case_status",
        {
            "clerk": clerk,
            "case_no": case.case_no,
            "case_id": case.id,
            "state": state,
            "previous": previous,
            "note": note,
            "origin": origin,
            "item_code": case.item_code,
            **(extra or {}),
        },
        case_id=case.id,
        now=now.astimezone(),
    )


class CaseStateService:
    """The window's own back-office steps on a case: 材料流转, 待领取, 办结."""

    def __init__(
        self, store: Store, users: AccountService, cases: CaseQueries, slips: SlipService
    ) -> None:
        self.store = store
        self.users = users
        self.cases = cases
        self.slips = slips

    def set_state(
        self,
        case_no: str,
        state: CaseState,
        clerk: str,
        note: str | None = None,
        origin: str = "window",
        now: datetime | None = None,
    ) -> str:
        """Move a case on (transferred, result ready, closed); returns the record id. The
        材料流转单 is printed after the commit."""
        now = now or datetime.now()
        if origin == "window":  # a back-office decision arriving through sync has no clerk
            self.users.require(clerk, "intake")
        state = state_among(state, TRANSITIONS)  # a state the window may set itself
        case = self.cases.case(case_no)
        if case.state not in TRANSITIONS[state]:
            raise CounterError(
                "case.transition",
                f"办件 {case_no} 当前为“{STATES[case.state]}”，不能改为“{STATES[state]}”",
            )
        with self.store.write() as s:
            row = s.scalar(select(Case).where(Case.case_no == case.case_no))
            assert row is not None  # read a moment ago; cases are never deleted
            rec = change_state(s, row, state, clerk=clerk, note=note, origin=origin, now=now)
        if state == CaseState.TRANSFERRED:  # the 材料流转单 goes with the paper
            try:
                self.slips.render_case(self.cases.case(case_no), "transfer")
            except Exception as exc:  # the change is recorded; the slip can be reprinted
                slip_failure(case_no, exc)
        return rec.id
