"""``counter init``, ``counter user ...``, ``counter holidays ...``, ``counter log verify``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.auth import add_by_option, require_admin
from app.cli.output import emit_json
from app.cli.parsing import ArgumentParser
from app.cli.passwords import NEW_PASSWORD_ENV, read_password
from app.core.errors import CounterError
from app.core.roles import ROLES

if TYPE_CHECKING:
    from app.bootstrap import Context


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "init",
        parents=[common],
        help="set up this window (centre, window, first administrator)",
        description="Record this window's identity and, on first start, create the first "
        "administrator. Run again to change names and phones; codes are fixed once "
        "cases exist. Passwords are asked for, or read from $COUNTER_PASSWORD.",
    )
    p.add_argument("--centre", required=True, metavar="CODE", help="centre code, A-Z and 0-9")
    p.add_argument("--centre-name", required=True, metavar="NAME", help="centre name for slips")
    p.add_argument("--window", required=True, metavar="CODE", help="window code, A-Z and 0-9")
    p.add_argument(
        "--window-name", metavar="NAME", help="window name for slips (default: 综合受理窗口 CODE)"
    )
    p.add_argument("--organ", metavar="NAME", help="the organ whose seal goes on slips")
    p.add_argument("--complaint-phone", metavar="PHONE", help="complaint and supervision phone")
    p.add_argument("--query-phone", metavar="PHONE", help="phone to query a case")
    p.add_argument("--query-url", metavar="URL", help="web address to query a case")
    p.add_argument(
        "--layout", choices=("a4", "roll80"), help="slip layout of this window's printer"
    )
    p.add_argument("--admin", metavar="USERNAME", help="create the first administrator")
    p.add_argument("--admin-name", metavar="NAME", help="the administrator's full name")
    add_by_option(p)
    p.add_argument(
        "--central",
        metavar="URL",
        help="central database, postgresql://role@host:port/db (password asked for)",
    )
    p.add_argument(
        "--no-central-password",
        action="store_true",
        help="the central database needs no password (certificate or trust login)",
    )
    p.set_defaults(func=cmd_init)

    user = sub.add_parser(
        "user",
        parents=[common],
        help="accounts of this window",
        description="Add, disable and list clerks, supervisors and "
        "administrators. Changing accounts needs an administrator "
        "(--by) and their password.",
    )
    us = user.add_subparsers(
        dest="user_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    p = us.add_parser(
        "add",
        parents=[common],
        help="add an account",
        description="Add an account. The administrator (--by) gives their own "
        "password: asked for, or $COUNTER_PASSWORD. The new "
        "account's password comes from elsewhere: the first line of "
        "stdin with --password-stdin, else $COUNTER_NEW_PASSWORD, "
        "else asked for twice. At least 8 characters of two kinds "
        "(letters, digits, symbols), not a common password.",
    )
    p.add_argument("username")
    p.add_argument("--name", required=True, help="full name as printed on slips")
    p.add_argument("--role", choices=sorted(ROLES), default="clerk")
    p.add_argument("--by", required=True, metavar="ADMIN", help="administrator doing this")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the NEW account's password from the first line of stdin (the "
        "administrator's own comes from $COUNTER_PASSWORD or the prompt)",
    )
    p.add_argument(
        "--practice",
        action="store_true",
        help="a new clerk: the account works in practice mode (练习模式) until an "
        "administrator turns it off with 'user practice NAME off'",
    )
    p.set_defaults(func=cmd_user_add)
    for action, helptext in (("disable", "disable an account"), ("enable", "enable an account")):
        p = us.add_parser(action, parents=[common], help=helptext, description=helptext + ".")
        p.add_argument("username")
        p.add_argument("--by", required=True, metavar="ADMIN", help="administrator doing this")
        p.set_defaults(func=cmd_user_active, active=(action == "enable"))
    p = us.add_parser(
        "passwd",
        parents=[common],
        help="give an account a new password",
        description="A new password for an account (its lock-out ends too). The administrator "
        "(--by) gives their own password: asked for, or $COUNTER_PASSWORD; the new one is the "
        "first line of stdin with --password-stdin, else $COUNTER_NEW_PASSWORD, else asked for "
        "twice. On a window registered with a central, an account the central sent has its "
        "password set centrally (counter central user passwd) and is refused here.",
    )
    p.add_argument("username")
    p.add_argument("--by", required=True, metavar="ADMIN", help="administrator doing this")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the NEW password from the first line of stdin",
    )
    p.set_defaults(func=cmd_user_passwd)
    p = us.add_parser(
        "practice",
        parents=[common],
        help="turn practice mode on or off for an account",
        description="Practice mode (练习模式) for a new clerk: the account logs in as usual, "
        "but works on a separate practice store in the data directory's practice/ folder, "
        "with this window's catalog, holidays and settings; nothing is recorded in the "
        "window's real store or synced, and every slip printed says 练习. Turn it off when "
        "the clerk is ready; the next log-in opens the real records.",
    )
    p.add_argument("username")
    p.add_argument("state", choices=("on", "off"))
    p.add_argument("--by", required=True, metavar="ADMIN", help="administrator doing this")
    p.set_defaults(func=cmd_user_practice)
    p = us.add_parser("list", parents=[common], help="list accounts", description="List accounts.")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_user_list)

    hol = sub.add_parser(
        "holidays",
        parents=[common],
        help="the holiday table for deadlines",
        description="The county's holiday table; it overrides the built-in "
        "calendar day by day and is needed for years the built-in "
        "calendar does not know yet.",
    )
    hs = hol.add_subparsers(
        dest="holidays_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    p = hs.add_parser(
        "import",
        parents=[common],
        help="import a holiday file (CSV or JSON)",
        description="CSV lines `YYYY-MM-DD,1|0,note` (1 = working day, 0 = day "
        "off) with an optional `#years,2027` line naming the years the "
        "file covers completely; or JSON "
        '{"years": [2027], "days": [{"date", "workday", "note"}]}.',
    )
    p.add_argument("path", type=Path)
    add_by_option(p)
    p.set_defaults(func=cmd_holidays_import)
    p = hs.add_parser(
        "set",
        parents=[common],
        help="mark one day as working day or day off",
        description="Mark one day as a working day (work) or a day off (off).",
    )
    p.add_argument("day", type=date.fromisoformat, help="YYYY-MM-DD")
    p.add_argument("kind", choices=("work", "off"))
    p.add_argument("--note")
    add_by_option(p)
    p.set_defaults(func=cmd_holidays_set)
    p = hs.add_parser(
        "list",
        parents=[common],
        help="list the table",
        description="List the holiday table's days and the years it covers.",
    )
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_holidays_list)
    p = hs.add_parser(
        "due",
        parents=[common],
        help="compute a due date",
        description="The N-th working day after DAY (the day itself not counted).",
    )
    p.add_argument("day", type=date.fromisoformat, help="YYYY-MM-DD")
    p.add_argument("days", type=int)
    p.set_defaults(func=cmd_holidays_due)

    st = sub.add_parser(
        "settings",
        parents=[common],
        help="this window's settings",
        description="List or change this window's settings: slip layout, "
        "the bodies and time limits printed on refusals, the "
        "e-seal, the QR option, deadline warnings, the ticket "
        "deadline, and the authorisation depth (授权深度) per item.",
    )
    ss = st.add_subparsers(
        dest="settings_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    p = ss.add_parser(
        "list",
        parents=[common],
        help="every setting with its value",
        description="Every setting: key, value, meaning.",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_settings_list)
    p = ss.add_parser(
        "set",
        parents=[common],
        help="change one setting",
        description="Change one setting. Values: true/false, numbers, text, or "
        "JSON for window.authorisation, e.g. "
        '\'{"*": ["收件","原件核验","一次性告知","受理","结果送达"], '
        '"LOCAL-0009": ["收件","一次性告知"]}\'. window.authorisation applies only to a window '
        "without a post table (岗位职责分工表) from the central: once one is published, each "
        "clerk's depths come from their post (counter post list, docs/posts.md).",
    )
    p.add_argument("key")
    p.add_argument("value")
    add_by_option(p)
    p.set_defaults(func=cmd_settings_set)

    logp = sub.add_parser(
        "log",
        parents=[common],
        help="the record of every interaction",
        description="The service-process record (服务过程全记录).",
    )
    ls = logp.add_subparsers(
        dest="log_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    p = ls.add_parser(
        "verify",
        parents=[common],
        help="check the hash chain, the outbox and the cases",
        description="Walk the records in order and check each one's hash and its "
        "link to the one before; check that what the central database "
        "acknowledged is still there unchanged, that every record not "
        "acknowledged is in the outbox, and that every case is what its "
        "records say. Exit 0 when all is intact; otherwise one line per "
        "finding (kind, where, what differs) and exit 1. Every day this starts "
        "after the last verification that found nothing (the records since, the cases "
        "they touch or that changed); --full walks everything, as an auditor does.",
    )
    p.add_argument(
        "--full", action="store_true", help="check every record and case, not only what is new"
    )
    p.set_defaults(func=cmd_log_verify)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.window import FirstAdmin, WindowSetup, initialise

    setup = WindowSetup(
        args.centre,
        args.centre_name,
        args.window,
        args.window_name,
        args.organ,
        args.complaint_phone,
        args.query_phone,
        args.query_url,
        args.layout,
    )
    admin = None
    require_admin(ctx, args, "settings")  # a re-run changes what every slip prints
    if ctx.users.count() == 0:
        if not args.admin:
            raise CounterError(
                "init.admin", "首次初始化需要创建管理员：请加上 --admin 用户名 --admin-name 姓名"
            )
        password = read_password(f"管理员 {args.admin} 的密码：", confirm=True)
        admin = FirstAdmin(args.admin, args.admin_name or args.admin, password)
    initialise(ctx.store, ctx.users, setup, admin)
    if admin is not None:
        print(f"已创建管理员 {admin.username}")
    if args.central:
        from app.cli.sync_cmds import central_password
        from app.sync.setup import configure_central

        try:
            result = configure_central(
                ctx, args.central, central_password(none=args.no_central_password)
            )
        except CounterError as exc:
            raise CounterError(
                exc.code,
                f"窗口已设置，但中心数据库未设置：{exc.message}"
                "（改正后运行 counter sync configure URL --by 管理员）",
            ) from exc
        print(f"中心数据库已设置：{result.address.display()}")
    print(
        f"窗口已设置：中心 {args.centre.strip().upper()}（{args.centre_name.strip()}），"
        f"窗口 {args.window.strip().upper()}"
    )
    return 0


def _require_admin(ctx: Context, by: str, *, stdin_option: str | None = None) -> None:
    """The password first, the permission after: an unknown name gets the log-in's answer."""
    ctx.users.authenticate(by, read_password(f"管理员 {by} 的密码：", stdin_option=stdin_option))
    ctx.users.require(by, "users")


def cmd_user_add(args: argparse.Namespace, ctx: Context) -> int:
    # Two people, two sources: the administrator's password is $COUNTER_PASSWORD (or asked
    # for); the new account's is stdin, $COUNTER_NEW_PASSWORD, or asked for twice.
    _require_admin(ctx, args.by)
    ctx.users.refuse_local_account(args.username, args.role)  # accounts come from the central
    if args.practice and args.role == "admin":  # refused before anything is added
        raise CounterError(
            "practice.admin",
            "管理员账号不能设为练习模式：请为新人建一个窗口人员账号（--role clerk）",
        )
    password = read_password(
        f"{args.username} 的新密码：", env=NEW_PASSWORD_ENV, confirm=True, stdin=args.password_stdin
    )
    acc = ctx.users.add(args.username, args.name, args.role, password)
    print(f"已添加 {ROLES[acc.role]} {acc.username}（{acc.display_name}）")
    if args.practice:
        _practice(ctx, acc.username, True)
    return 0


def cmd_user_active(args: argparse.Namespace, ctx: Context) -> int:
    _require_admin(ctx, args.by)
    acc = ctx.users.set_active(args.username, args.active)
    print(f"{acc.username} 已{'启用' if acc.active else '停用'}")
    return 0


def cmd_user_passwd(args: argparse.Namespace, ctx: Context) -> int:
    _require_admin(ctx, args.by)
    ctx.users.refuse_central_password(args.username)  # before the new password is asked for
    password = read_password(
        f"{args.username} 的新密码：", env=NEW_PASSWORD_ENV, confirm=True, stdin=args.password_stdin
    )
    ctx.users.set_password(args.username, password)
    print(f"{args.username} 已设新密码（锁定随之解除）")
    return 0


def cmd_user_practice(args: argparse.Namespace, ctx: Context) -> int:
    _require_admin(ctx, args.by)
    _practice(ctx, args.username, args.state == "on")
    return 0


def _practice(ctx: Context, username: str, on: bool) -> None:
    from app.services.practice import set_practice

    acc = set_practice(ctx.store, username, on)
    if on:
        print(
            f"{acc.username}（{acc.display_name}）已进入练习模式：登录后在练习库中办理，"
            "不记入本窗口的正式台账，不同步，单据印有“练习”"
        )
    else:
        print(f"{acc.username}（{acc.display_name}）已结束练习模式：下次登录起正式办理")


def cmd_user_list(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.settings import Settings

    accounts = ctx.users.list()
    with ctx.store.read() as s:
        practising = set(Settings.practice_accounts.get(s))
    if args.json:
        emit_json(
            [
                {
                    "username": a.username,
                    "name": a.display_name,
                    "role": a.role,
                    "active": a.active,
                    "practice": a.username in practising,
                }
                for a in accounts
            ]
        )
        return 0
    for a in accounts:
        state = "在用" if a.active else "停用"
        practice = "\t练习模式" if a.username in practising else ""
        print(f"{a.username}\t{a.display_name}\t{ROLES[a.role]}\t{state}{practice}")
    return 0


def cmd_holidays_import(args: argparse.Namespace, ctx: Context) -> int:
    require_admin(ctx, args, "holidays")
    from app.services.calendar import CalendarService, read_holiday_file

    rows, years = read_holiday_file(args.path)
    changes = CalendarService(ctx.store).replace_years(rows, years)
    print(f"已导入 {len(rows)} 天" + (f"，覆盖年份 {', '.join(map(str, years))}" if years else ""))
    for c in changes:  # recounted with the table: the applicants are to be told
        print(f"承诺办结日期变更：{c.case_no}  {c.previous} → {c.promised_date}")
    return 0


def cmd_holidays_set(args: argparse.Namespace, ctx: Context) -> int:
    require_admin(ctx, args, "holidays")
    from app.services.calendar import CalendarService

    CalendarService(ctx.store).set_day(args.day, args.kind == "work", args.note)
    print(f"{args.day} 设为{'工作日' if args.kind == 'work' else '休息日'}")
    return 0


def cmd_holidays_list(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.calendar import CalendarService

    svc = CalendarService(ctx.store)
    print("完整覆盖的年份：" + (", ".join(map(str, svc.covered_years())) or "无"))
    for r in svc.rows(args.year):
        print(f"{r.day}\t{'上班' if r.workday else '休息'}\t{r.note or ''}")
    return 0


def cmd_holidays_due(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.calendar import CalendarService

    if args.days < 0:
        raise CounterError("holidays.days", "工作日数不能为负数")
    print(CalendarService(ctx.store).calendar().add_workdays(args.day, args.days).isoformat())
    return 0


def cmd_log_verify(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import datetime

    from sqlalchemy import func, select

    from app.models.schema import Record
    from app.services.log_audit import findings, save_checkpoint, scope
    from app.services.record_log import purged_count
    from app.services.sync_state import SyncState

    with ctx.store.read() as s:
        where = scope(s, full=args.full)
        found = list(findings(s, where))
        total = s.scalar(select(func.count()).select_from(Record))
        purged = purged_count(s)
        unmarked = SyncState.acknowledged.get(s) is None and (
            SyncState.central_id.get(s) is not None or SyncState.last_attempt_at.get(s) is not None
        )
    if not found:
        with ctx.store.write() as s:
            save_checkpoint(s, datetime.now())
        print(
            f"记录链完整：共 {total} 条记录，办件与记录一致"
            + (
                ""
                if where.full
                else f"（自第 {where.since.seq} 号记录起增量核验；"  # type: ignore[union-attr]
                "完整核验请加 --full）"
            )
            + ("；本机尚无中心确认标记，下次同步后再核对发件箱" if unmarked else "")
        )
        if purged:
            print(f"其中 {purged} 条记录的个人信息已按保存年限清除，与清除记录相符（不是篡改）")
        return 0
    for f in found:
        print(f"counter: [{f.kind}] {f.where}：{f.what}", file=sys.stderr)
    print(
        f"counter: 共 {total} 条记录，{len(found)} 处问题；请保留数据库文件并报告管理员，"
        "不要修改或删除记录",
        file=sys.stderr,
    )
    return 1


def cmd_settings_list(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.settings import Settings

    with ctx.store.read() as s:
        rows = [(v.key, v.get(s), v.doc) for v in Settings.all().values()]
    if args.json:
        emit_json({k: value for k, value, _ in rows})
        return 0
    import json

    for key, value, doc in rows:
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
        print(f"{key}\t{shown}\t{doc}")
    return 0


def cmd_settings_set(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.settings import Settings, parse_value

    var = next((v for v in Settings.all().values() if v.key == args.key), None)
    if var is None:
        raise CounterError(
            "settings.unknown", f"没有设置项 {args.key}；用 counter settings list 查看全部"
        )
    value = parse_value(var, args.value)
    require_admin(ctx, args, "settings")
    with ctx.store.write() as s:
        var.set(s, value)
    print(f"{var.key} = {args.value}")
    return 0
