"""The rectification list across windows (问题整改清单, county view): every ticket as the
latest of its ``ticket`` records tells it (core/tickets.fold), with its deadline's light.

Tickets live at the window that opened them; each act there is pushed as a record carrying the
ticket as it stands, so the central database needs no table of its own. The records of kind
``ticket`` are read through the partial index ``records_ticket_acts`` (central revision c0009), in
each device's record order: acts of one ticket stamped with the same time fold in the order they
were made, whatever order the partitions of ``records`` (c0013) hand the rows in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from app.core import tickets as tk
from app.core.errors import CounterError
from app.core.workdays import DueStatus
from app.sync.central_reports import _calendar
from app.sync.central_schema import admin_connection, normalise_code

_TICKET_RECORDS = """
SELECT r.created_at, r.payload, d.centre_code, d.window_code
  FROM counter.records r JOIN counter.devices d ON d.device_id = r.device_id
 WHERE r.kind = 'ticket' AND (%(centre)s::text IS NULL OR d.centre_code = %(centre)s)
 ORDER BY r.device_id, r.epoch, r.seq"""


@dataclass(frozen=True)
class CentralTicket:
    ticket: tk.Ticket
    status: DueStatus | None  # ok | near | overdue; None when closed or appealed


def tickets(
    db_url: str,
    today: date,
    centre: str | None = None,
    open_only: bool = True,
    warn_days: int = 2,
) -> list[CentralTicket]:
    code = normalise_code(centre, "centre") if centre else None
    with admin_connection(db_url) as conn:
        rows = conn.execute(_TICKET_RECORDS, {"centre": code}).fetchall()
        cal = _calendar(conn)
    seen = []
    where: dict[str, tuple[str, str]] = {}
    for created_at, payload, centre_code, window_code in rows:
        try:
            body = json.loads(payload)
        except ValueError:
            continue
        seen.append((created_at, body))
        snap = body.get("snapshot") if isinstance(body, dict) else None
        if isinstance(snap, dict) and snap.get("id"):
            where[str(snap["id"])] = (centre_code, window_code)
    out = []
    for t in tk.ordered(tk.fold(seen).values()):
        if open_only and t.state == "closed":
            continue
        centre_code, window_code = where.get(t.id, (t.centre, t.window))
        t = tk.Ticket.from_json({**t.to_json(), "centre": centre_code, "window": window_code})
        try:
            light = tk.status(t, today, cal, warn_days)
        except CounterError:
            light = None
        out.append(CentralTicket(t, light))
    return out
