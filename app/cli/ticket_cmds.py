"""``counter ticket ...``: the rectification list (问题整改清单), core/tickets.py and
services/tickets.py. Each act is done by a named supervisor or administrator who gives their
password (``--user``), like every other act of the window."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.cli.auth import add_password_stdin_option, require_user
from app.cli.output import emit_json
from app.cli.parsing import EXIT_FAILED, EXIT_OK, ArgumentParser
from app.core import tickets as tk
from app.core.errors import CounterError

if TYPE_CHECKING:
    from app.bootstrap import Context

# The command's step names (the first four as before) -> the acts of core/tickets.py.
STEPS = {
    "taken": ("take", "领单"),
    "fixed": ("fix", "整改完成：记录整改措施"),
    "called": ("call_back", "回访：满意则待销单，不满意则重新整改"),
    "closed": ("close", "销单"),
    "classify": ("classify", "归类：18 类问题之一"),
    "appeal": ("appeal", "申诉复核：负责人认为问题不成立"),
    "decide": ("decide", "复核申诉（管理员，非申诉人）"),
}


def _user(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--user",
        required=True,
        help="supervisor or administrator doing this (their password is asked for, or "
        "$COUNTER_PASSWORD)",
    )
    add_password_stdin_option(p)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    t = sub.add_parser(
        "ticket",
        parents=[common],
        help="rectification tickets (问题整改清单)",
        description="Tickets from bad reviews and complaints (opened by themselves), 12345 "
        "referrals, spot checks and the third-party evaluation (entered with `open`). "
        "Each moves take -> fixed (the measure and one of 18 categories) -> called (the "
        "call-back: satisfied, or dissatisfied which reopens it) -> closed; the "
        "responsible person may appeal, an administrator decides. Due dates are in "
        "working days (tickets.due_days); see docs/tickets.md.",
    )
    ts = t.add_subparsers(
        dest="ticket_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    p = ts.add_parser(
        "list",
        parents=[common],
        help="open tickets (all with --all), soonest due first",
        description="List rectification tickets, soonest deadline first, with the deadline's "
        "light (临近 near, 超期 overdue). Exits 1 when one is overdue.",
    )
    p.add_argument("--all", action="store_true", help="closed tickets too")
    p.add_argument("--day", help="count overdue as of YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = ts.add_parser("categories", parents=[common], help="the 18 categories")
    p.set_defaults(func=cmd_categories)

    p = ts.add_parser(
        "show", parents=[common], help="one ticket and every act on it", description="."
    )
    p.add_argument("ticket_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = ts.add_parser(
        "open",
        parents=[common],
        help="enter a 12345 referral, a spot check or an evaluation finding",
        description="Open a ticket by hand. A 12345 referral needs --referral-no and "
        "--reply-by (its due date); the others are due tickets.due_days working days on.",
    )
    p.add_argument("source", choices=tk.ENTERED_SOURCES)
    p.add_argument("summary", help="what the problem is")
    p.add_argument("--category", choices=sorted(tk.CATEGORIES))
    p.add_argument("--case", dest="case_no", help="the case it concerns")
    p.add_argument("--referral-from", help="who referred it (default 12345热线)")
    p.add_argument("--referral-no", help="the referral's number (转办单号)")
    p.add_argument("--reply-by", help="the referral's reply deadline, YYYY-MM-DD")
    p.add_argument("--contact", action="store_true", help="someone is to be called back")
    p.add_argument("--json", action="store_true")
    _user(p)
    p.set_defaults(func=cmd_open)

    for step, (act, label) in STEPS.items():
        p = ts.add_parser(step, parents=[common], help=label, description=label)
        p.add_argument("ticket_id")
        if act in ("fix", "classify"):
            p.add_argument("--category", choices=sorted(tk.CATEGORIES), required=act == "classify")
        if act == "fix":
            p.add_argument("--measure", help="the measure taken (整改措施)")
        if act == "call_back":
            p.add_argument("--result", required=True, choices=sorted(tk.CALLBACK_RESULTS))
        if act == "decide":
            p.add_argument("--result", required=True, choices=sorted(tk.APPEAL_DECISIONS))
        if act == "appeal":
            p.add_argument("--grounds", required=True, help="why the ticket is unfounded")
        p.add_argument("--note")
        _user(p)
        p.set_defaults(func=cmd_act, act=act)


def _line(t: tk.Ticket, light: str | None = None) -> str:
    mark = {"overdue": "【超期】", "near": "【临近】"}.get(light or "", "")
    due = t.due.isoformat() if t.due else "（申诉中）"
    return "\t".join(
        (
            t.id,
            f"{mark}{t.state_label}",
            f"期限 {due}",
            t.source_label,
            t.category_label,
            t.responsible or "",
            t.summary,
        )
    )


def _day(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CounterError("ticket.date", f"{what}应为 YYYY-MM-DD") from exc


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.tickets import TicketService

    today = _day(args.day, "--day") or date.today()
    rows = TicketService(ctx).with_status(today, open_only=not args.all)
    overdue = any(d.status == "overdue" for d in rows)
    if args.json:
        emit_json([{**d.ticket.to_json(), "due_status": d.status} for d in rows])
        return EXIT_FAILED if overdue else EXIT_OK
    if not rows:
        print("没有整改单" if args.all else "没有待处理的整改单（--all 列出已办结的）")
    for d in rows:
        print(_line(d.ticket, d.status))
    return EXIT_FAILED if overdue else EXIT_OK


def cmd_categories(args: argparse.Namespace, ctx: Context) -> int:
    for code, label in tk.CATEGORIES.items():
        print(f"{code}\t{label}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.tickets import TicketService

    service = TicketService(ctx)
    t = service.get(args.ticket_id)
    steps = service.steps(t.id)
    if args.json:
        emit_json({**t.to_json(), "steps": [s.__dict__ for s in steps]})
        return EXIT_OK
    print(_line(t))
    for label, value in (
        (
            "转办",
            f"{t.referral_from} {t.referral_no}，答复期限 {t.reply_by}" if t.referral_no else None,
        ),
        ("办件", t.case_no),
        ("整改措施", t.measure),
        ("回访", tk.CALLBACK_RESULTS.get(t.callback or "")),
        ("申诉", t.appeal),
        ("复核", tk.APPEAL_DECISIONS.get(t.decision or "")),
    ):
        if value:
            print(f"  {label}：{value}")
    for s in steps:
        note = f"　{s.note}" if s.note else ""
        print(f"  {s.at[:16]}  {tk.ACT_LABELS.get(s.act, s.act)}  {s.user}{note}")
    return EXIT_OK


def cmd_open(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.tickets import TicketService

    require_user(ctx, args.user, "tickets", stdin=args.password_stdin)
    t = TicketService(ctx).open(
        args.user,
        args.source,
        args.summary,
        category=args.category,
        contact=args.contact,
        case_no=args.case_no,
        referral_from=args.referral_from,
        referral_no=args.referral_no,
        reply_by=_day(args.reply_by, "--reply-by"),
        now=datetime.now(),
    )
    if args.json:
        emit_json(t.to_json())
    else:
        print(f"整改单 {t.id}：{t.source_label}，期限 {t.due}")
    return EXIT_OK


def cmd_act(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.tickets import TicketService

    require_user(ctx, args.user, tk.ACT_PERMISSION[args.act], stdin=args.password_stdin)
    text = getattr(args, "measure", None) or getattr(args, "grounds", None) or args.note
    act = tk.Act(
        args.act, args.user, text, getattr(args, "result", None), getattr(args, "category", None)
    )
    t = TicketService(ctx).act(args.ticket_id, act)
    due = f"，期限 {t.due}" if t.due and t.state != "closed" else ""
    print(f"整改单 {t.id}：{t.state_label}{due}")
    return EXIT_OK
