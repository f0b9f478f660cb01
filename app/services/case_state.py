"""A case's state changes after its visits (材料流转, 待领取, 办结, a back-office refusal): ONE
function writes the change and its record, for the window's own steps (``IntakeService.
set_state``) and for a back-office decision pulled from the central database (sync/pull.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.core.cases import CaseState
from app.models.schema import Case, Record
from app.services import record_log


def change_state(
    s: Session,
    case: Case,
    state: str,
    *,
    clerk: str,
    note: str | None,
    origin: str,
    now: datetime,
    extra: Mapping[str, Any] | None = None,
) -> Record:
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
            "state": str(state),
            "previous": previous,
            "note": note,
            "origin": origin,
            "item_code": case.item_code,
            **(extra or {}),
        },
        case_id=case.id,
        now=now.astimezone(),
    )
