"""Reviews (好差评, one per visit), complaints (办不成事) and rectification tickets (问题整改清单).

A review of 2 or 1 needs a reason and opens a ticket with a deadline in working days
(a setting, default 5); so does every complaint. Tickets go 领单 take -> 整改 fix ->
回访 call back -> 销单 close, each step recorded.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.core.errors import CounterError
from app.models.schema import Record, Ticket
from app.services import record_log
from app.services.settings import Settings

if TYPE_CHECKING:
    from app.bootstrap import Context

LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
CHANNELS = ("pad", "screen", "dialog", "phone", "web", "sms")
TICKET_STEPS = {
    "taken": ("open",),
    "fixed": ("taken",),
    "called": ("fixed",),
    "closed": ("called",),
}
TICKET_LABELS = {
    "open": "待领单",
    "taken": "整改中",
    "fixed": "待回访",
    "called": "待销单",
    "closed": "已销单",
}
REVIEWABLE = ("intake", "supplement", "consultation", "pickup")


@dataclass(frozen=True)
class TicketView:
    id: str
    kind: str
    summary: str
    state: str
    responsible: str | None
    due: date
    case_id: str | None
    created_at: datetime


@dataclass(frozen=True)
class ReviewResult:
    record_id: str
    ticket: TicketView | None


def _view(t: Ticket) -> TicketView:
    return TicketView(
        t.id, t.kind, t.summary, t.state, t.responsible, t.due, t.case_id, t.created_at
    )


class FeedbackService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.store = ctx.store

    def _due(self, start: date) -> date:
        with self.store.read() as s:
            days = Settings.review_due_days.get(s)
        return self.ctx.calendar.calendar().add_workdays(start, days)

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
        self.ctx.users.require(clerk, "intake")
        if level not in LEVELS:
            raise CounterError("review.level", "评价等级应为 1 到 5", path="level")
        if channel not in CHANNELS:
            raise CounterError("review.channel", f"评价渠道应为 {'、'.join(CHANNELS)} 之一")
        if level <= 2 and not (reason and reason.strip()):
            raise CounterError(
                "review.reason", "“不满意”或“非常不满意”请写明原因，以便整改", path="reason"
            )
        due = self._due(now.date()) if level <= 2 else None
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
            if due is not None:
                ticket = Ticket(
                    id=str(uuid.uuid4()),
                    source_record=rec.id,
                    case_id=visit.case_id,
                    kind="review",
                    summary=f"{LEVELS[level]}：{reason}",
                    state="open",
                    responsible=None,
                    due=due,
                    created_at=now,
                    updated_at=now,
                )
                s.add(ticket)
        return ReviewResult(rec.id, _view(ticket) if ticket else None)

    def complaint(
        self,
        clerk: str,
        text: str,
        *,
        applicant: dict[str, Any] | None = None,
        item_code: str | None = None,
        case_no: str | None = None,
        now: datetime | None = None,
    ) -> TicketView:
        """A complaint at the 办不成事 window: recorded and always ticketed."""
        now = now or datetime.now()
        self.ctx.users.require(clerk, "complaint")
        if not text.strip():
            raise CounterError("complaint.text", "请写明反映的问题", path="text")
        case_id = self.ctx.intake.case(case_no).id if case_no else None
        due = self._due(now.date())
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
            t = Ticket(
                id=str(uuid.uuid4()),
                source_record=rec.id,
                case_id=case_id,
                kind="complaint",
                summary=text.strip()[:200],
                state="open",
                responsible=None,
                due=due,
                created_at=now,
                updated_at=now,
            )
            s.add(t)
        return _view(t)

    def advance(
        self,
        ticket_id: str,
        step: str,
        user: str,
        note: str | None = None,
        now: datetime | None = None,
    ) -> TicketView:
        now = now or datetime.now()
        if step not in TICKET_STEPS:
            raise CounterError("ticket.step", f"步骤应为 {'、'.join(TICKET_STEPS)} 之一")
        self.ctx.users.require(user, "tickets")
        with self.store.write() as s:
            t = s.get(Ticket, ticket_id)
            if t is None:
                raise CounterError("ticket.unknown", f"没有整改单 {ticket_id}")
            if t.state not in TICKET_STEPS[step]:
                raise CounterError(
                    "ticket.transition", f"整改单当前为“{TICKET_LABELS[t.state]}”，不能执行此步骤"
                )
            t.state, t.updated_at = step, now
            if step == "taken":
                t.responsible = user
            record_log.append(
                s,
                "ticket",
                {
                    "ticket": t.id,
                    "step": step,
                    "user": user,
                    "note": note,
                },
                case_id=t.case_id,
                now=now.astimezone(),
            )
            return _view(t)

    def tickets(self, open_only: bool = True) -> list[TicketView]:
        with self.store.read() as s:
            q = select(Ticket).order_by(Ticket.due)
            if open_only:
                q = q.where(Ticket.state != "closed")
            return [_view(t) for t in s.scalars(q)]
