"""The window's rectification list (问题整改清单): tickets kept in the ``tickets`` table and every
act on one recorded as a ``ticket`` record (with the ticket as it stands), in the same
transaction, so the central database lists them across windows (sync/central_tickets.py).

The rules (states, acts, due dates, categories) are core/tickets.py; bad reviews and
complaints open their tickets through :func:`open_in` (services/feedback.py).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import tickets as tk
from app.core.errors import CounterError
from app.core.workdays import DueStatus, WorkCalendar
from app.models.schema import Record
from app.models.schema import Ticket as TicketRow
from app.services import record_log
from app.services.settings import Settings

if TYPE_CHECKING:
    from app.bootstrap import Context


@dataclass(frozen=True)
class Step:
    """One act on a ticket, as its record has it."""

    at: str  # ISO 8601 with offset
    act: str
    user: str
    note: str | None
    state: str


@dataclass(frozen=True)
class Due:
    """A running ticket with its deadline's light (for home and the list)."""

    ticket: tk.Ticket
    status: DueStatus | None


def rules_of(s: Session) -> tk.Rules:
    return tk.Rules(Settings.review_due_days.get(s), Settings.near_due_days.get(s))


def _from_row(row: TicketRow) -> tk.Ticket:
    if row.data:
        return tk.Ticket.from_json(row.data)
    # A ticket from before its details were kept: what its columns say.
    return tk.Ticket(
        id=row.id,
        source=row.kind,
        summary=row.summary,
        state=row.state,
        opened_on=row.created_at.date(),
        due=row.due,
        category=row.category,
        responsible=row.responsible,
        case_id=row.case_id,
    )


def _store(row: TicketRow, t: tk.Ticket, now: datetime) -> None:
    row.state, row.responsible, row.category = t.state, t.responsible, t.category
    row.due = t.due or row.due  # an appeal stops the clock: the column keeps the last date
    row.summary, row.data, row.updated_at = t.summary, t.to_json(), now


def _record(
    s: Session, t: tk.Ticket, act: str, user: str, note: str | None, now: datetime
) -> record_log.RecordRef:
    return record_log.append(
        s,
        "ticket",
        {
            "ticket": t.id,
            "step": act,
            "state": t.state,
            "user": user,
            "note": note,
            "snapshot": t.to_json(),
        },
        case_id=t.case_id,
        now=now.astimezone(),
    )


def open_in(
    s: Session,
    cal: WorkCalendar,
    source: str,
    summary: str,
    user: str,
    now: datetime,
    *,
    source_record: str | None = None,
    **details: Any,
) -> tk.Ticket:
    """Open a ticket inside the caller's write transaction: its row and its ``open`` record.
    ``source_record``: the review or complaint that opened it (else its own record)."""
    t = tk.open_ticket(
        str(uuid.uuid4()),
        source,
        summary,
        now.date(),
        cal,
        rules_of(s),
        centre=Settings.centre_code.get(s) or "",
        window=Settings.window_code.get(s) or "",
        **details,
    )
    rec = _record(s, t, "open", user, None, now)
    row = TicketRow(
        id=t.id,
        source_record=source_record or rec.id,
        case_id=t.case_id,
        kind=t.source,
        summary=t.summary,
        state=t.state,
        responsible=None,
        due=t.due,
        created_at=now,
        updated_at=now,
    )
    _store(row, t, now)
    s.add(row)
    return t


class TicketService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.store = ctx.store

    def open(
        self,
        user: str,
        source: str,
        summary: str,
        *,
        category: str | None = None,
        contact: bool = False,
        case_no: str | None = None,
        referral_from: str | None = None,
        referral_no: str | None = None,
        reply_by: date | None = None,
        now: datetime | None = None,
    ) -> tk.Ticket:
        """A ticket the supervisor enters: a 12345 referral, a spot check, the evaluation."""
        now = now or datetime.now()
        self.ctx.users.require(user, "tickets")
        if source not in tk.ENTERED_SOURCES:
            raise CounterError(
                "ticket.source",
                "差评和办不成事由评价和投诉自动开单；这里可登记 12345转办、督查抽查、第三方评估",
            )
        case_id = self.ctx.cases.case(case_no).id if case_no else None
        cal = self.ctx.calendar.calendar()
        with self.store.write() as s:
            if referral_no and self._referral_taken(s, referral_no.strip()):
                raise CounterError(
                    "ticket.referral_duplicate",
                    f"转办单号 {referral_no.strip()} 已登记过整改单；请核对单号",
                    path="referral_no",
                )
            return open_in(
                s,
                cal,
                source,
                summary,
                user,
                now,
                category=category,
                contact=contact,
                case_id=case_id,
                case_no=case_no,
                referral_from=referral_from,
                referral_no=referral_no,
                reply_by=reply_by,
            )

    @staticmethod
    def _referral_taken(s: Session, number: str) -> bool:
        rows = s.scalars(select(TicketRow.data).where(TicketRow.kind == "hotline"))
        return any((d or {}).get("referral_no") == number for d in rows)

    def act(self, ticket_id: str, act: tk.Act, now: datetime | None = None) -> tk.Ticket:
        """Apply one act (core/tickets.apply) and record it; refused acts change nothing."""
        now = now or datetime.now()
        self.ctx.users.require(act.user, tk.ACT_PERMISSION.get(act.name, "tickets"))
        cal = self.ctx.calendar.calendar()
        with self.store.write() as s:
            row = s.get(TicketRow, ticket_id)
            if row is None:
                raise CounterError("ticket.unknown", f"没有整改单 {ticket_id}")
            before = _from_row(row)
            if not before.centre:  # a ticket from before 0007: name its window now
                before = replace(
                    before,
                    centre=Settings.centre_code.get(s) or "",
                    window=Settings.window_code.get(s) or "",
                )
            after = tk.apply(before, act, now.date(), cal, rules_of(s))
            note = act.text
            if act.result:
                labels = {**tk.CALLBACK_RESULTS, **tk.APPEAL_DECISIONS}
                note = f"{labels[act.result]}{'：' + act.text if act.text else ''}"
            _record(s, after, act.name, act.user, note, now)
            _store(row, after, now)
            return after

    def get(self, ticket_id: str) -> tk.Ticket:
        with self.store.read() as s:
            row = s.get(TicketRow, ticket_id)
            if row is None:
                raise CounterError("ticket.unknown", f"没有整改单 {ticket_id}")
            return _from_row(row)

    def tickets(self, open_only: bool = True) -> list[tk.Ticket]:
        with self.store.read() as s:
            q = select(TicketRow)
            if open_only:
                q = q.where(TicketRow.state != "closed")
            return tk.ordered(_from_row(r) for r in s.scalars(q))

    def with_status(self, today: date, open_only: bool = True) -> list[Due]:
        cal = self.ctx.calendar.calendar()
        with self.store.read() as s:
            warn = Settings.near_due_days.get(s)
        out = []
        for t in self.tickets(open_only):
            try:
                light = tk.status(t, today, cal, warn)
            except CounterError:  # a year without a holiday table: home says so
                light = None
            out.append(Due(t, light))
        return out

    def due_soon(self, today: date) -> list[Due]:
        """Running tickets that are overdue or near their due date, most overdue first."""
        return [d for d in self.with_status(today) if d.status in ("overdue", "near")]

    def steps(self, ticket_id: str) -> list[Step]:
        """Every act on the ticket, oldest first, as recorded (the window's ticket records)."""
        with self.store.read() as s:
            rows = s.execute(
                select(Record.created_at, Record.payload)
                .where(Record.kind == "ticket")
                .order_by(Record.epoch, Record.seq)
            ).all()
        out = []
        for at, payload in rows:
            p = json.loads(payload)
            if p.get("ticket") == ticket_id:
                out.append(
                    Step(
                        at,
                        str(p.get("step")),
                        str(p.get("user") or ""),
                        p.get("note"),
                        str(p.get("state") or p.get("step")),
                    )
                )
        return out
