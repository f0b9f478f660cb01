"""告知承诺 post-checks (核查): which materials a case's signed promise replaced, and the date by
which the department must have verified them.

The intake record carries both (``promised``, ``check_due``), so a case's history says what was
promised without reading the catalog again, and the lists of overdue checks read the record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.core.checklist import Evaluation
from app.core.workdays import WorkCalendar


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
