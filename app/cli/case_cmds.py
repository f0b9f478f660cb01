"""``counter intake``, ``counter case ...``, ``counter pickup``: the work of the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.auth import add_password_stdin_option, require_user
from app.cli.output import emit_json
from app.cli.parsing import EXIT_NO_SLIP, ArgumentParser
from app.core.cases import STATES, TRANSITIONS, CaseState, state_label
from app.core.errors import CounterError
from app.core.parties import party_from_dict

if TYPE_CHECKING:
    from app.bootstrap import Context


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "intake",
        parents=[common],
        help="perform an intake from an application file",
        description="Perform one intake exactly as the wizard would, from a counter-application/1 "
        "JSON file (see README). Materials not listed count as missing; outcome null "
        "takes the suggested outcome. Any problem is reported with its JSON path, "
        "and nothing is written. The clerk the file names gives their password: "
        "asked for, $COUNTER_PASSWORD, or the first line of stdin with "
        "--password-stdin.",
    )
    p.add_argument("file", type=Path, help="the application file")
    add_password_stdin_option(p)
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"case_no", "outcome", "promised_date", "missing", "documents"}',
    )
    p.set_defaults(func=cmd_intake)

    case = sub.add_parser(
        "case", parents=[common], help="look up and move cases", description="Cases of this window."
    )
    cs = case.add_subparsers(
        dest="case_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    p = cs.add_parser(
        "show",
        parents=[common],
        help="show one case",
        description="Show a case by number (what a barcode scanner types works).",
    )
    p.add_argument("case_no")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_case_show)
    p = cs.add_parser(
        "state",
        parents=[common],
        help="record a back-office step",
        description="Record a back-office step for a case: "
        + ", ".join(f"{k} ({STATES[k]})" for k in TRANSITIONS)
        + ".",
    )
    p.add_argument("case_no")
    p.add_argument("state", choices=sorted(TRANSITIONS))
    p.add_argument(
        "--clerk",
        required=True,
        help="the clerk recording it (their password is asked for, or $COUNTER_PASSWORD)",
    )
    p.add_argument("--note")
    add_password_stdin_option(p)
    p.set_defaults(func=cmd_case_state)
    p = cs.add_parser(
        "post-check",
        parents=[common],
        help="record the post-check of a 告知承诺",
        description="Record the back office's post-check (核查) of the materials a 告知承诺 "
        "replaced: 属实 (true) keeps the case as it is; 不属实 (false) revokes it (已撤销) and "
        "needs --note with what the check found.",
    )
    p.add_argument("case_no")
    p.add_argument("result", choices=["属实", "不属实"])
    p.add_argument("--clerk", required=True, help="the clerk recording it")
    p.add_argument("--note", help="what the check found (required for 不属实)")
    add_password_stdin_option(p)
    p.set_defaults(func=cmd_case_post_check)
    p = cs.add_parser(
        "list",
        parents=[common],
        help="today's cases",
        description="Cases created or changed on a day (default today).",
    )
    p.add_argument("--day", help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_case_list)
    p = cs.add_parser(
        "open-slip",
        parents=[common],
        help="open a case from a return slip's QR",
        description="Open the case a return slip's QR describes (what the scanner types), "
        "without the network: the slip must be signed by a window of this centre. A case "
        "opened at another window is then continued here as usual.",
    )
    p.add_argument("qrtext")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_case_open_slip)
    p = cs.add_parser(
        "conflicts",
        parents=[common],
        help="conflicting acts of several windows",
        description="Acts on this centre's cases recorded at several windows that conflict, "
        "each with the rule that resolved it (docs/any-window.md).",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_case_conflicts)

    p = sub.add_parser(
        "pickup",
        parents=[common],
        help="hand over a result (结果送达)",
        description="Record who collected a case's result: the applicant, or an "
        "agent with their ID (--agent).",
    )
    p.add_argument("case_no")
    p.add_argument(
        "--clerk",
        required=True,
        help="the clerk handing over (their password is asked for, or $COUNTER_PASSWORD)",
    )
    p.add_argument("--name", required=True, help="collector's name")
    p.add_argument("--id-type", default="resident_id")
    p.add_argument("--id-number", required=True)
    p.add_argument("--phone")
    p.add_argument("--agent", action="store_true", help="collected by an agent (代领)")
    p.add_argument("--json", action="store_true")
    add_password_stdin_option(p)
    p.set_defaults(func=cmd_pickup)
    register_print(sub, common)

    p = sub.add_parser(
        "report",
        parents=[common],
        help="a day's numbers for the supervisor",
        description="A day's visits by outcome, the share of cases done in one "
        "visit (跑一次率), satisfaction (满意率), open rectification "
        "tickets, and cases near or past their promised date.",
    )
    p.add_argument("--day", help="YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report)


def cmd_intake(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.application_file import (
        collect_problems,
        error_path,
        parse_application,
        read_application,
    )
    from app.services.bundle_application import is_bundle_application

    doc = read_application(args.file)
    clerk = doc.get("clerk")
    if isinstance(clerk, str) and clerk:
        # Before anything is looked up: an unknown clerk gets the answer of a wrong password.
        # (A clerk that is not a name at all is one of the file's problems, listed below.)
        require_user(ctx, clerk, "intake", stdin=args.password_stdin)
    if is_bundle_application(doc):
        return _bundle_intake(args, ctx, doc)
    problems = collect_problems(ctx, doc)
    for exc in problems:
        print(f"counter: {exc.path}: {exc.message}", file=sys.stderr)
    if problems:
        return 1
    try:
        req = parse_application(doc)
        result = ctx.visits.submit(req)
    except CounterError as exc:
        print(f"counter: {error_path(exc)}: {exc.message}", file=sys.stderr)
        return 1
    if args.json:
        emit_json(result.to_json())
        return _slip_failed(result)
    from app.core.checklist import OUTCOME_LABELS

    label = OUTCOME_LABELS.get(result.outcome, result.outcome)
    print(f"{label}" + (f"：办件编号 {result.case_no}" if result.case_no else ""))
    if result.promised_date:
        print(f"承诺办结日期：{result.promised_date}{_provisional(result)}")
    for name in result.missing:
        print(f"  尚缺：{name}")
    for d in result.documents:
        print(f"  文书：{d}")
    return _slip_failed(result)


def _bundle_intake(args: argparse.Namespace, ctx: Context, doc: dict) -> int:  # type: ignore[type-arg]
    """A bundle file: its shape first (with the JSON path), then the bundle's rules."""
    from app.core.checklist import OUTCOME_LABELS
    from app.services.application_file import error_path
    from app.services.bundle_application import parse_bundle_application

    try:
        result = ctx.bundles.submit(parse_bundle_application(doc))
    except CounterError as exc:
        print(f"counter: {error_path(exc)}: {exc.message}", file=sys.stderr)
        return 1
    if args.json:
        emit_json(result.to_json())
        return _slip_failed(result)
    print(f"一件事：{result.bundle_name}（{result.bundle_code}）")
    if result.promised_date:
        print(f"联办承诺日期：{result.promised_date}")
    for m in result.members:
        r = m.result
        label = OUTCOME_LABELS.get(r.outcome, r.outcome)
        print(f"  {m.item_name}：{label}，办件编号 {r.case_no}")
        if r.promised_date:
            print(f"    承诺办结日期：{r.promised_date}{_provisional(r)}")
        for name in r.missing:
            print(f"    尚缺：{name}")
    for d in result.documents:
        print(f"  文书：{d}")
    return _slip_failed(result)


def _slip_failed(result) -> int:  # type: ignore[no-untyped-def]
    """Exit 0 only when the visit's slips were written; else say so (the record is kept)."""
    if not result.slip_error:
        return 0
    sys.stdout.flush()
    print(f"counter: {result.slip_error}", file=sys.stderr)
    return EXIT_NO_SLIP


def cmd_case_show(args: argparse.Namespace, ctx: Context) -> int:
    view = ctx.cases.case(args.case_no)
    data = view.to_json()
    purged = _purged(ctx, view.case_no)
    if purged:
        data["personal_data_purged_on"] = purged
    if args.json:
        emit_json(data)
        return 0
    print(f"{view.case_no}  {view.item_name}")
    print(f"  状态：{data['state_label']}    来办次数：{view.visits}")
    if purged:
        print(f"  申请人、代办人的个人信息已于 {purged} 按保存年限清除")
    else:
        print(f"  申请人：{view.applicant.name}（{data['applicant']['id_number_masked']}）")
    if view.promised_date:
        print(f"  承诺办结日期：{view.promised_date}{_provisional(view)}")
    bundle = next((h["bundle"] for h in view.history if h.get("bundle")), None)
    if bundle:
        print(
            f"  一件事：{bundle['name']}（{bundle['code']}，编号 {bundle['id'][:8]}），"
            f"同时办理 {'、'.join(bundle['members'])}"
        )
    for mid in view.outstanding:
        item = ctx.catalog.item(view.item_code, view.catalog_version)
        m = item.material(mid)
        print(f"  尚缺：{m.name if m else mid}")
    for h in view.history:
        print(f"  {h['at']}  {h['kind']}  {h.get('outcome') or h.get('state') or ''}")
    return 0


def _purged(ctx: Context, case_no: str) -> str | None:
    """The day a retention purge removed this case's personal data (services/record_purge.py)."""
    from app.services.record_purge import purged_date

    with ctx.store.read() as s:
        return purged_date(s, case_no)


def cmd_case_open_slip(args: argparse.Namespace, ctx: Context) -> int:
    from app.services import centre_cases

    args.case_no = centre_cases.open_ticket(ctx, args.qrtext)
    return cmd_case_show(args, ctx)


def cmd_case_conflicts(args: argparse.Namespace, ctx: Context) -> int:
    from app.services import centre_cases

    rows = centre_cases.conflicts(ctx)
    if args.json:
        emit_json(rows)
    elif not rows:
        print("没有冲突的办理行为")
    for r in [] if args.json else rows:
        print(f"{r['case_no']}  {r['kind']}  {r['window']}  {r['at'][:16]}  {r['rule']}")
    return 1 if rows else 0


def _provisional(case: object) -> str:
    """The caveat of a promised date counted over a year without its holiday schedule."""
    due = getattr(case, "promised_date", None)
    if due is None or not getattr(case, "promised_provisional", False):
        return ""
    return f"（暂定，以国务院公布的{due.year}年节假日安排为准）"


def cmd_case_state(args: argparse.Namespace, ctx: Context) -> int:
    require_user(ctx, args.clerk, "intake", stdin=args.password_stdin)
    state = CaseState(args.state)  # argparse let through only the states a window may set
    ctx.case_state.set_state(args.case_no, state, args.clerk, args.note)
    print(f"{args.case_no.strip().upper()} → {STATES[state]}")
    return 0


def cmd_case_post_check(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import datetime

    from app.core.cases import CaseState
    from app.services.post_checks import CHECK_FALSE, record_check

    require_user(ctx, args.clerk, "intake", stdin=args.password_stdin)
    record_check(
        ctx.store, args.case_no, args.result, clerk=args.clerk, note=args.note, now=datetime.now()
    )
    revoked = f" → {STATES[CaseState.REVOKED]}" if args.result == CHECK_FALSE else ""
    print(f"{args.case_no.strip()} 核查{args.result}{revoked}")
    return 0


def cmd_case_list(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import date

    try:
        day = date.fromisoformat(args.day) if args.day else date.today()
    except ValueError as exc:
        raise CounterError("case.day", "日期应为 YYYY-MM-DD") from exc
    cases = ctx.cases.cases_on(day)
    if args.json:
        emit_json(
            [
                {
                    "case_no": c.case_no,
                    "item": c.item_name,
                    "state": c.state,
                    "promised_date": c.promised_date,
                }
                for c in cases
            ]
        )
        return 0
    for c in cases:
        print(
            f"{c.case_no}\t{state_label(c.state, c.outcome)}\t{c.item_name}\t{c.promised_date or ''}"
        )
    return 0


def cmd_pickup(args: argparse.Namespace, ctx: Context) -> int:
    collector = party_from_dict(
        {
            "kind": "person",
            "name": args.name,
            "id_type": args.id_type,
            "id_number": args.id_number,
            "phone": args.phone,
        },
        "collector",
    )
    require_user(ctx, args.clerk, "pickup", stdin=args.password_stdin)
    result = ctx.visits.pickup(args.case_no, args.clerk, collector, args.agent)
    if args.json:
        emit_json(result.to_json())
    else:
        print(f"{result.case_no} 已送达")
    return _slip_failed(result)


def register_print(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from app.core.documents import CASE_DOCS

    p = sub.add_parser(
        "print",
        parents=[common],
        help="reprint a slip of a case, or an item's guide",
        description="Reprint a case's document exactly as it was first printed (the PDF kept in "
        "the case's folder), or make it if it was never printed. Documents: "
        + ", ".join(CASE_DOCS)
        + "; with --item instead of a case number, the "
        "item's guide (办事指南).",
    )
    p.add_argument("case_no", nargs="?", help="case number (omit with --item)")
    p.add_argument("--doc", choices=CASE_DOCS, help="which document (default: the visit's slip)")
    p.add_argument("--item", metavar="CODE", help="print the guide of this item instead")
    p.add_argument(
        "--answer",
        metavar="Q=OPT[,OPT]",
        action="append",
        default=[],
        help="with --item: only the materials of this situation",
    )
    p.add_argument(
        "--out",
        type=Path,
        help="where to write a copy of the PDF (default: only make or find the kept "
        "PDF and print its path); never the store, a backup or a kept slip",
    )
    p.set_defaults(func=cmd_print)


def cmd_print(args: argparse.Namespace, ctx: Context) -> int:
    from app.core.catalog import AnswerError, parse_answer_spec
    from app.files import copy_file, user_target

    out = user_target(args.out, ctx.home) if args.out is not None else None  # refuse first
    if args.item:
        try:
            chosen = [
                o for spec in args.answer for v in parse_answer_spec(spec).values() for o in v
            ]
        except AnswerError as exc:
            raise CounterError("print.answer", exc.reason, path=exc.path) from exc
        src = ctx.slips.guide(args.item, chosen or None)
    else:
        if not args.case_no:
            raise CounterError("print.args", "请给出办件编号，或用 --item 打印事项的办事指南")
        from app.services.record_purge import refuse_if_purged

        refuse_if_purged(ctx.store, args.case_no)  # before the document is chosen
        src = ctx.slips.reprint(args.case_no, args.doc or ctx.slips.visit_doc(args.case_no))
    if out is None:
        print(f"留存件：{src}")
        return 0
    copy_file(src, out, home=ctx.home, user_named=True)
    print(f"已输出 {out}（留存件：{src}）")
    return 0


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import asdict
    from datetime import date

    from app.core.checklist import OUTCOME_LABELS
    from app.services.reports import window_report

    try:
        day = date.fromisoformat(args.day) if args.day else date.today()
    except ValueError as exc:
        raise CounterError("report.day", "日期应为 YYYY-MM-DD") from exc
    r = window_report(ctx, day)
    if args.json:
        emit_json(asdict(r))
        return 0

    def pct(x: float | None) -> str:
        return "—" if x is None else f"{x:.1%}"

    print(f"{day}  办件 {r.cases} 件")
    print("  " + "  ".join(f"{OUTCOME_LABELS[k]} {v}" for k, v in r.outcomes.items()))
    print(
        f"  跑一次率（全部办件）：{pct(r.once_rate)}    满意率（当日评价）：{pct(r.satisfaction)}"
    )
    print(f"  待处理整改单：{r.open_tickets}")
    for label, nos, total in (
        ("已超期", r.overdue_cases, r.overdue_total),
        ("临近期限", r.near_cases, r.near_total),
    ):
        if total > len(nos):
            print(
                f"  {label}（共 {total} 件，列出承诺办结日期最近的 {len(nos)} 件）：{'、'.join(nos)}"
            )
        elif nos:
            print(f"  {label}：{'、'.join(nos)}")
    if r.promise_changes:  # a holiday table arrived and moved these: tell the applicants
        print(f"  节假日安排变更了承诺办结日期（{len(r.promise_changes)} 件，请告知申请人）：")
        for c in r.promise_changes:
            still = "（仍为暂定）" if c["provisional"] else ""
            print(f"    {c['case_no']}  {c['previous']} → {c['promised_date']}{still}")
    if r.provisional_cases:
        print(f"  承诺办结日期暂定（待国务院公布节假日安排）：{'、'.join(r.provisional_cases)}")
    if r.overdue_checks:  # 告知承诺 whose check the back office has not reported by its date
        print(f"  告知承诺核查逾期（{len(r.overdue_checks)} 件）：")
        for c in r.overdue_checks:
            print(f"    {c['case_no']}  核查期限 {c['check_due']}")
    return 0
