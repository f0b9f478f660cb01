"""Reviews (好差评, one per visit), complaints (办不成事) and rectification tickets (问题整改清单).

A review of 2 or 1 needs a reason and opens a ticket with a deadline in working days
(a setting, default 5); so does every complaint. Tickets go 领单 take -> 整改 fix ->
回访 call back -> 销单 close, each step recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.core import tickets as tk
from app.core.errors import CounterError
from app.models.db import Store
from app.models.schema import Record
from app.services import record_log
from app.services.accounts import AccountService
from app.services.calendar import CalendarService
from app.services.case_queries import CaseQueries
from app.services.tickets import TicketService, open_in

LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
CHANNELS = ("pad", "screen", "dialog", "phone", "web", "sms")
# The command line's old step names (counter ticket taken|fixed|called|closed) -> acts.
TICKET_STEPS = {"taken": "take", "fixed": "fix", "called": "call_back", "closed": "close"}
TICKET_LABELS = tk.STATES
REVIEWABLE = ("intake", "supplement", "consultation", "pickup")


@dataclass(frozen=True)
class ReviewResult:
    record_id: str
    ticket: tk.Ticket | None


class FeedbackService:
    def __init__(
        self,
        store: Store,
        users: AccountService,
        calendar: CalendarService,
        cases: CaseQueries,
        tickets: Callable[[], TicketService],
    ) -> None:
        self.store = store
        self.users = users
        self.calendar = calendar
        self.cases = cases
        self._tickets = tickets  # the rectification list, which the tickets service keeps

    def review(
        self,
        visit_record_id: str,
        level: int,
        reason: str | None,
        channel: str,
        clerk: str,
        now: datetime | None = None,
    ) -> ReviewResult:
        """Record the applicant's review of one visit; 2 or 1 opens a rectification ticket."""
        now = now or datetime.now()
        self.users.require(clerk, "intake")
        if level not in LEVELS:
            raise CounterError("review.level", "评价等级应为 1 到 5", path="level")
        if channel not in CHANNELS:
            raise CounterError("review.channel", f"评价渠道应为 {'、'.join(CHANNELS)} 之一")
        if level <= 2 and not (reason and reason.strip()):
            raise CounterError(
                "review.reason", "“不满意”或“非常不满意”请写明原因，以便整改", path="reason"
            )
        cal = self.calendar.calendar() if level <= 2 else None
        with self.store.write() as s:
            visit = s.get(Record, visit_record_id)
            if visit is None or visit.kind not in REVIEWABLE:
                raise CounterError("review.visit", "找不到要评价的这次办事记录")
            already = s.scalars(
                select(Record.payload).where(
                    Record.kind == "review", Record.case_id == visit.case_id
                )
            )
            if any(json.loads(p).get("visit_record") == visit_record_id for p in already):
                raise CounterError("review.duplicate", "这次办事已经评价过了（一次一评）")
            visit_payload = record_log.payload_of(visit)
            applicant = visit_payload.get("applicant") or visit_payload.get("collector")
            rec = record_log.append(
                s,
                "review",
                {
                    "visit_record": visit_record_id,
                    "level": level,
                    "label": LEVELS[level],
                    "reason": reason,
                    "channel": channel,
                    "clerk": clerk,
                    "case_no": visit_payload.get("case_no"),
                    "item_code": visit_payload.get("item_code"),
                    "real_name": applicant is not None,
                },
                case_id=visit.case_id,
                now=now.astimezone(),
            )
            ticket = None
            if cal is not None:
                ticket = open_in(
                    s,
                    cal,
                    "review",
                    f"{LEVELS[level]}：{reason}",
                    clerk,
                    now,
                    source_record=rec.id,
                    contact=applicant is not None,  # real-name bad reviews are all called back
                    case_id=visit.case_id,
                    case_no=visit_payload.get("case_no"),
                )
        return ReviewResult(rec.id, ticket)

    def complaint(
        self,
        clerk: str,
        text: str,
        *,
        applicant: dict[str, Any] | None = None,
        item_code: str | None = None,
        case_no: str | None = None,
        now: datetime | None = None,
    ) -> tk.Ticket:
        """A complaint at the 办不成事 window: recorded and always ticketed."""
        now = now or datetime.now()
        self.users.require(clerk, "complaint")
        if not text.strip():
            raise CounterError("complaint.text", "请写明反映的问题", path="text")
        case_id = self.cases.case(case_no).id if case_no else None
        cal = self.calendar.calendar()
        with self.store.write() as s:
            rec = record_log.append(
                s,
                "complaint",
                {
                    "clerk": clerk,
                    "text": text.strip(),
                    "applicant": applicant,
                    "item_code": item_code,
                    "case_no": case_no,
                },
                case_id=case_id,
                now=now.astimezone(),
            )
            return open_in(
                s,
                cal,
                "complaint",
                text.strip()[:200],
                clerk,
                now,
                source_record=rec.id,
                contact=bool(applicant and applicant.get("phone")),
                case_id=case_id,
                case_no=case_no,
            )

    def advance(
        self,
        ticket_id: str,
        step: str,
        user: str,
        note: str | None = None,
        now: datetime | None = None,
        *,
        category: str | None = None,
        result: str | None = None,
    ) -> tk.Ticket:
        """A step by its command-line name (taken, fixed, called, closed): core/tickets.py."""
        if step not in TICKET_STEPS:
            raise CounterError("ticket.step", f"步骤应为 {'、'.join(TICKET_STEPS)} 之一")
        act = tk.Act(TICKET_STEPS[step], user, note, result, category)
        return self.rectification.act(ticket_id, act, now)

    @property
    def rectification(self) -> TicketService:
        return self._tickets()

    def tickets(self, open_only: bool = True) -> list[tk.Ticket]:
        return self.rectification.tickets(open_only)
