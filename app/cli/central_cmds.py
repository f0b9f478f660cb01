"""``counter central ...``: the county administrator's commands on the central database.

They need no window data directory. ``--db`` (or $COUNTER_CENTRAL_DB) is the administrator's
own connection (a role that owns the database and may create roles); its password comes from
the URL, $PGPASSWORD or ~/.pgpass as for any PostgreSQL tool.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.output import emit_json
from app.cli.parsing import EXIT_OK, ArgumentParser
from app.cli.passwords import read_password
from app.core.cases import BACK_OFFICE_STATES
from app.core.errors import CounterError
from app.core.roles import ROLES

if TYPE_CHECKING:
    from types import ModuleType

    from app.sync.central_admin import Published

DB_ENV = "COUNTER_CENTRAL_DB"
NEW_PASSWORD_ENV = "COUNTER_NEW_PASSWORD"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        metavar="URL",
        default=os.environ.get(DB_ENV),
        help=f"the central database as its administrator, postgresql://ADMIN@HOST/DB "
        f"(default ${DB_ENV})",
    )
    parents = [common, db]
    c = sub.add_parser(
        "central",
        parents=[common],
        help="administer the county's central database",
        description="Create the central database, register windows, publish "
        "the catalog, holidays, accounts and case decisions, and "
        "report what the windows sent. See docs/central.md.",
    )
    cs = c.add_subparsers(
        dest="central_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )

    p = cs.add_parser(
        "init",
        parents=parents,
        help="create or upgrade the central schema",
        description="Create the schema (first run) or upgrade it to this "
        "version's (later runs); safe to run again.",
    )
    p.add_argument(
        "--role-prefix",
        metavar="PREFIX",
        help="prefix of this database's roles (default: from the database name); fixed at creation",
    )
    p.set_defaults(func=cmd_init, needs_context=False)

    p = cs.add_parser(
        "add-window",
        parents=parents,
        help="register a window: its own login role",
        description="Create the window's login role (row-level security: it "
        "writes only its own records and reads what is published to "
        "it) and print what the window needs to connect. The "
        "password is shown once.",
    )
    p.add_argument("--centre", required=True, metavar="CODE")
    p.add_argument("--window", required=True, metavar="CODE")
    p.add_argument("--centre-name", metavar="NAME")
    p.add_argument(
        "--public-host", metavar="HOST", help="host name the windows use (default: the one in --db)"
    )
    p.add_argument("--public-port", type=int, metavar="PORT")
    p.add_argument(
        "--sslmode",
        default="verify-full",
        choices=("verify-full", "verify-ca", "require"),
        help="TLS mode written into the window's address (default verify-full)",
    )
    p.add_argument(
        "--reset-password",
        action="store_true",
        help="the window exists: give its role a new password",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_add_window, needs_context=False)

    p = cs.add_parser(
        "publish-catalog",
        parents=parents,
        help="publish a catalog to every window",
        description="Validate a catalog file (counter-catalog/1 JSON or the Excel "
        "template) and publish it; windows apply it at their next sync "
        "as a new catalog version (records naming older versions keep "
        "their meaning).",
    )
    p.add_argument("path", type=Path)
    p.set_defaults(func=cmd_publish_catalog, needs_context=False)

    p = cs.add_parser(
        "publish-holidays",
        parents=parents,
        help="publish the holiday table",
        description="CSV `date,workday,note` (workday 1 or 0) with an optional "
        "`#years,2027` line, or JSON "
        '{"years": [2027], "days": [{"date", "workday", "note"}]}. '
        "Windows replace the covered years completely.",
    )
    p.add_argument("path", type=Path)
    p.add_argument("--years", metavar="Y[,Y]", help="years the file covers completely")
    p.set_defaults(func=cmd_publish_holidays, needs_context=False)

    p = cs.add_parser(
        "publish-version",
        parents=parents,
        help="publish the Counter version windows should run",
        description="Windows older than --current say so on their home page and in "
        "`counter sync status`; windows older than --minimum still send every record but "
        "refuse new intakes until the current version is installed.",
    )
    p.add_argument("--current", required=True, metavar="X.Y.Z", help="the version to install")
    p.add_argument("--minimum", required=True, metavar="X.Y.Z", help="the oldest allowed")
    p.set_defaults(func=cmd_publish_version, needs_context=False)

    u = cs.add_parser(
        "user",
        parents=[common],
        help="accounts published to windows",
        description="Accounts for the windows of one centre.",
    )
    us = u.add_subparsers(
        dest="user_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    p = us.add_parser(
        "add",
        parents=parents,
        help="add an account",
        description="Add an account; the password (argon2-hashed before it "
        "leaves this machine) is asked for twice, read from stdin "
        f"with --password-stdin, or taken from ${NEW_PASSWORD_ENV}.",
    )
    p.add_argument("username")
    p.add_argument("--name", required=True, help="full name")
    p.add_argument("--role", choices=sorted(ROLES), default="clerk")
    p.add_argument(
        "--centre",
        required=True,
        metavar="CODE",
        help="the centre whose windows the account logs in at; no other window "
        "receives its password hash",
    )
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_user_add, needs_context=False)
    for action in ("disable", "enable"):
        p = us.add_parser(
            action,
            parents=parents,
            help=f"{action} an account",
            description=f"{action.capitalize()} an account at every window.",
        )
        p.add_argument("username")
        p.set_defaults(func=cmd_user_active, needs_context=False, active=action == "enable")
    p = us.add_parser(
        "passwd",
        parents=parents,
        help="give an account a new password",
        description="A new password for an account of a centre, published to that centre's "
        "windows (they take it, and end a lock-out, at their next sync). Asked for twice, "
        f"read from stdin with --password-stdin, or taken from ${NEW_PASSWORD_ENV}.",
    )
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_user_passwd, needs_context=False)

    k = cs.add_parser("case", parents=[common], help="the back office's decisions on cases")
    ks = k.add_subparsers(
        dest="case_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    p = ks.add_parser(
        "status",
        parents=parents,
        help="send a case's new state to its window",
        description="States: " + ", ".join(f"{k} ({v})" for k, v in BACK_OFFICE_STATES.items()),
    )
    p.add_argument("case_no")
    p.add_argument("state", choices=sorted(BACK_OFFICE_STATES))
    p.add_argument("--note", help="a note for the window")
    p.add_argument(
        "--case-id",
        metavar="ID",
        help="the case's identity, needed when two cases share the number "
        "(see `counter central duplicates`)",
    )
    p.set_defaults(func=cmd_case_status, needs_context=False)
    p = ks.add_parser(
        "post-check",
        parents=parents,
        help="send the post-check of a case's 告知承诺 to its window",
        description="The back office's post-check (核查) of the materials a 告知承诺 replaced, "
        "sent to the window that holds the case and recorded there like `counter case "
        "post-check`: 属实 (true) keeps the case as it is; 不属实 (false) revokes it (已撤销) "
        "and needs --note with what the check found. Refused, nothing published: a case the "
        "central has not received, one without a 告知承诺, one whose check is recorded.",
    )
    p.add_argument("case_no")
    p.add_argument("result", choices=["属实", "不属实"])
    p.add_argument("--note", help="what the check found (required for 不属实)")
    p.add_argument(
        "--case-id",
        metavar="ID",
        help="the case's identity, needed when two cases share the number "
        "(see `counter central duplicates`)",
    )
    p.set_defaults(func=cmd_post_check, needs_context=False)

    p = cs.add_parser(
        "duplicates",
        parents=parents,
        help="case numbers held by more than one case",
        description="Every case number the central database holds for more than "
        "one case: the case that keeps it (held), cases that took it "
        "before numbers were registered (shared), and intakes refused "
        "at push because the number was taken (refused). Exit code 0 "
        "when there are none, 1 when some are listed.",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_duplicates, needs_context=False)

    p = cs.add_parser(
        "conflicts",
        parents=parents,
        help="conflicting acts on cases several windows served",
        description="Acts on one case recorded at several windows that conflict (two pickups, "
        "a supplement after a refusal, a 容缺 completed after its deadline ...), each with the "
        "written rule that resolved it (docs/any-window.md). Exit code 0 when there are none, "
        "1 when some are listed.",
    )
    p.add_argument("--centre", help="only this centre")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_conflicts, needs_context=False)

    p = cs.add_parser(
        "tickets",
        parents=parents,
        help="the rectification list (问题整改清单) of every window",
        description="Every window's rectification tickets as their records tell them: "
        "source, category, state, due date and its light (临近 near, 超期 overdue), "
        "soonest due first. Exit code 1 when one is overdue (so a county can alert on it).",
    )
    p.add_argument("--centre", help="only this centre")
    p.add_argument("--all", action="store_true", help="closed tickets too")
    p.add_argument("--day", help="count overdue as of YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tickets, needs_context=False)

    ar = cs.add_parser(
        "archive",
        parents=[common],
        help="the county's archive: packages the windows handed over",
        description="Archive packages (档案) the windows handed over with `counter archive "
        "handover`: list them, and verify the stored files against their checksums. See "
        "docs/archive.md.",
    )
    ars = ar.add_subparsers(
        dest="central_archive_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    p = ars.add_parser(
        "list",
        parents=parents,
        help="the packages held, per centre and window",
        description="Every package held: centre, window, volume number, case, filing day, "
        "files, size and when it arrived.",
    )
    p.add_argument("--centre", help="only this centre")
    p.add_argument("--window", help="only this window code")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_archive_list, needs_context=False)
    p = ars.add_parser(
        "verify",
        parents=parents,
        help="check stored packages against their checksums",
        description="Read every file of the package again and compare it with the package's "
        "checksum list, and the list with the digest the window's handover record carries. "
        "Without VOLUME every package is checked. Exit 0 when intact, 1 otherwise.",
    )
    p.add_argument("volume", nargs="?", metavar="档号")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_archive_verify, needs_context=False)
    p = ars.add_parser(
        "rule",
        parents=parents,
        help="publish the county's volume-number rule (档号规则) to windows",
        description="The volume number (档号) template, checked as `counter archive rule` "
        "checks it: {fonds} 全宗号 (--fonds, default the centre code), {year}, {retention} "
        "(Y, D30, D10), {centre}, {window}, {seq}. A rule for the whole county must name the "
        "centre ({centre}, or {fonds} without --fonds), as window codes are unique only within "
        "a centre. Windows number the volumes they file after their next sync by it; volumes "
        "filed before keep their numbers, and the windows can no longer set their own rule.",
    )
    p.add_argument("--template", required=True)
    p.add_argument("--fonds", metavar="全宗号")
    p.add_argument("--retention", choices=("Y", "D30", "D10"), default="D30")
    p.add_argument("--centre", metavar="CODE", help="only the windows of this centre")
    p.set_defaults(func=cmd_archive_rule, needs_context=False)

    p = cs.add_parser(
        "report",
        parents=parents,
        help="records, last sync, day close per window",
        description="Per centre and window: devices, records received, "
        "quarantined and conflicting records, what was still waiting "
        "at the last sync, the last complete sync, the last day-close "
        "and its verdict, and the window clock's offset.",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report, needs_context=False)

    p = cs.add_parser(
        "partitions",
        parents=parents,
        help="the records' partitions by year; make the coming years'",
        description="List the partitions of counter.records (one a year and a default one "
        "for days no year covers) with their rows. --ensure-until makes the missing years "
        "from this year to YEAR first, moving in what the default partition held for them "
        "(central init makes this year's and next year's). Exit code 1 when next year has no "
        "partition or the default partition holds rows, so a yearly job can alert.",
    )
    p.add_argument("--ensure-until", type=int, metavar="YEAR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_partitions, needs_context=False)

    p = cs.add_parser(
        "detach-year",
        parents=parents,
        help="detach a year of records that is over, to archive it",
        description="Detach the partition of YEAR (two years back or more) from counter.records: "
        "its table stays in the database, out of the windows' reach, to be exported with "
        "pg_dump and dropped. The keys of its records stay, so replays are still answered "
        "duplicate and the chains still link. This year and last year are refused.",
    )
    p.add_argument("year", type=int, metavar="YEAR")
    p.set_defaults(func=cmd_detach_year, needs_context=False)


# The county's side of the sync (psycopg, alembic) loads when a central command runs, not to
# build `counter --help`.
def _admin() -> ModuleType:
    from app.sync import central_admin

    return central_admin


def _schema() -> ModuleType:
    from app.sync import central_schema

    return central_schema


def _partitions() -> ModuleType:
    from app.sync import central_partitions

    return central_partitions


def _db(args: argparse.Namespace) -> str:
    if not args.db:
        raise CounterError("central.db", f"请用 --db 指定中心数据库（或设置 ${DB_ENV}）")
    return str(args.db)


def cmd_init(args: argparse.Namespace) -> int:
    result = _schema().init_central(_db(args), args.role_prefix)
    if result.before is None:
        print(f"中心数据库已创建（结构版本 {result.after}），窗口组角色 {result.windows_role}")
    elif result.changed:
        print(f"中心数据库已从 {result.before} 升级到 {result.after}")
    else:
        print(f"中心数据库已是最新结构（{result.after}）")
    return EXIT_OK


def cmd_add_window(args: argparse.Namespace) -> int:
    creds = _schema().add_window(
        _db(args),
        args.centre,
        args.window,
        centre_name=args.centre_name,
        reset_password=args.reset_password,
        public_host=args.public_host,
        public_port=args.public_port,
        sslmode=args.sslmode,
    )
    if args.json:
        emit_json(dataclasses.asdict(creds))
        return EXIT_OK
    done = "已登记" if creds.created else "已重设密码"
    print(f"窗口 {creds.centre}/{creds.window} {done}。")
    print(f"  数据库角色：{creds.role}")
    print(f"  密码（只显示这一次）：{creds.password}")
    print(f"  连接地址：{creds.url}")
    print("在该窗口上由管理员执行（密码存入系统密钥库，不写入任何文件）：")
    print(f"  counter sync configure '{creds.url}'")
    return EXIT_OK


def cmd_publish_catalog(args: argparse.Namespace) -> int:
    return _published(_admin().publish_catalog(_db(args), args.path))


def cmd_publish_holidays(args: argparse.Namespace) -> int:
    years = None
    if args.years:
        try:
            years = [int(y) for y in args.years.split(",") if y.strip()]
        except ValueError as exc:
            raise CounterError(
                "holidays.years", "--years 应为逗号分隔的年份，如 2026,2027"
            ) from exc
    return _published(_admin().publish_holidays(_db(args), args.path, years))


def cmd_publish_version(args: argparse.Namespace) -> int:
    return _published(_admin().publish_app_version(_db(args), args.current, args.minimum))


def cmd_user_add(args: argparse.Namespace) -> int:
    db = _db(args)
    password = read_password(
        "新密码：", env=NEW_PASSWORD_ENV, confirm=True, stdin=args.password_stdin
    )
    return _published(
        _admin().add_account(db, args.username, args.name, args.role, password, args.centre)
    )


def cmd_user_active(args: argparse.Namespace) -> int:
    return _published(_admin().set_account_active(_db(args), args.username, args.active))


def cmd_user_passwd(args: argparse.Namespace) -> int:
    db = _db(args)
    password = read_password(
        f"{args.username} 的新密码：", env=NEW_PASSWORD_ENV, confirm=True, stdin=args.password_stdin
    )
    return _published(_admin().set_account_password(db, args.username, password))


def cmd_case_status(args: argparse.Namespace) -> int:
    return _published(
        _admin().publish_case_status(_db(args), args.case_no, args.state, args.note, args.case_id)
    )


def cmd_post_check(args: argparse.Namespace) -> int:
    return _published(
        _admin().publish_post_check(_db(args), args.case_no, args.result, args.note, args.case_id)
    )


DUPLICATE_STATUS = {"held": "保留编号", "shared": "重号（已收下）", "refused": "重号（已拒收）"}


def cmd_conflicts(args: argparse.Namespace) -> int:
    rows = _admin().case_conflicts(_db(args), args.centre)
    if args.json:
        emit_json([dataclasses.asdict(r) for r in rows])
    elif not rows:
        print("没有冲突的办理行为")
    else:
        _print_table(
            ("办件编号", "冲突", "窗口", "登记时间", "处理规则"),
            [(r.case_no, r.kind, r.window, r.at[:16], r.rule) for r in rows],
        )
    return 1 if rows else EXIT_OK


def cmd_tickets(args: argparse.Namespace) -> int:
    from datetime import date

    from app.sync.central_tickets import tickets

    try:
        today = date.fromisoformat(args.day) if args.day else date.today()
    except ValueError as exc:
        raise CounterError("central.day", "--day 应为 YYYY-MM-DD") from exc
    rows = tickets(_db(args), today, args.centre, open_only=not args.all)
    overdue = any(r.status == "overdue" for r in rows)
    if args.json:
        emit_json([{**r.ticket.to_json(), "due_status": r.status} for r in rows])
    elif not rows:
        print("没有整改单" if args.all else "没有待处理的整改单")
    else:
        mark = {"overdue": "超期", "near": "临近"}
        _print_table(
            ("中心/窗口", "来源", "类别", "状态", "期限", "", "负责人", "问题"),
            [
                (
                    f"{r.ticket.centre}/{r.ticket.window}",
                    r.ticket.source_label,
                    r.ticket.category_label,
                    r.ticket.state_label,
                    r.ticket.due.isoformat() if r.ticket.due else "申诉中",
                    mark.get(r.status or "", ""),
                    r.ticket.responsible or "—",
                    r.ticket.summary[:40],
                )
                for r in rows
            ],
        )
    return 1 if overdue else EXIT_OK


def cmd_archive_list(args: argparse.Namespace) -> int:
    from app.sync.central_archive import packages

    rows = packages(_db(args), args.centre, args.window)
    if args.json:
        emit_json([dataclasses.asdict(r) for r in rows])
    elif not rows:
        print("中心档案库中没有移交的卷")
    else:
        _print_table(
            ("中心", "窗口", "档号", "办件编号", "归档日期", "文件", "大小", "接收时间"),
            [
                (
                    r.centre,
                    r.window,
                    r.volume_no,
                    r.case_no,
                    r.filed_day.isoformat(),
                    str(r.files),
                    f"{r.bytes / 1024:.0f} KB",
                    f"{r.received_at:%Y-%m-%d %H:%M}",
                )
                for r in rows
            ],
        )
        print(f"共 {len(rows)} 卷")
    return EXIT_OK


def cmd_archive_verify(args: argparse.Namespace) -> int:
    from app.sync.central_archive import verify

    verdicts = verify(_db(args), args.volume)
    bad = [v for v in verdicts if not v.ok]
    if args.json:
        emit_json([{**dataclasses.asdict(v), "ok": v.ok} for v in verdicts])
    else:
        for v in bad:
            for problem in v.problems:
                print(f"{v.volume.centre}/{v.volume.window} {v.volume.volume_no}：{problem}")
        print(
            f"{len(bad)} 卷有问题（共 {len(verdicts)} 卷）"
            if bad
            else f"全部 {len(verdicts)} 卷完好"
        )
    return 1 if bad else EXIT_OK


def cmd_archive_rule(args: argparse.Namespace) -> int:
    from app.core.archive_package import VolumeRule
    from app.sync.central_archive_rule import publish_archive_rule

    rule = VolumeRule(template=args.template, fonds=args.fonds or None, retention=args.retention)
    return _published(publish_archive_rule(_db(args), rule, args.centre))


def cmd_duplicates(args: argparse.Namespace) -> int:
    rows = _admin().duplicates(_db(args))
    if args.json:
        emit_json([dataclasses.asdict(r) for r in rows])
    elif not rows:
        print("没有重复的办件编号")
    else:
        head = ("办件编号", "办件标识", "中心", "窗口", "设备", "收到时间", "状态")
        _print_table(
            head,
            [
                (
                    r.case_no,
                    r.case_id or "—",
                    r.centre,
                    r.window,
                    r.device_id[:8],
                    f"{r.received_at:%Y-%m-%d %H:%M}",
                    DUPLICATE_STATUS[r.status],
                )
                for r in rows
            ],
        )
    return 1 if rows else EXIT_OK


def _published(p: Published) -> int:
    print(f"已发布 {p.dataset} 第 {p.version} 版（{p.audience}）：{p.summary}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    rows = _admin().report(_db(args))
    if args.json:
        emit_json([dataclasses.asdict(r) for r in rows])
        return EXIT_OK
    head = (
        "中心",
        "窗口",
        "设备",
        "记录",
        "隔离",
        "重号",
        "断链",
        "篡改",
        "冲突",
        "待传",
        "上次完整同步",
        "最近日结",
        "时钟偏差",
    )
    table = []
    for r in rows:
        day = f"{r.day_closed} {r.day_status}" if r.day_closed else "—"
        skew = "—" if r.clock_skew_seconds is None else f"{round(r.clock_skew_seconds):+d}s"
        last = f"{r.last_sync_at:%Y-%m-%d %H:%M}" if r.last_sync_at else "—"
        table.append(
            (
                r.centre,
                r.window,
                str(r.devices),
                str(r.records),
                str(r.quarantined),
                str(r.case_no_refused),
                str(r.chain_breaks),
                str(r.tamper_found),
                str(r.conflicts),
                "—" if r.waiting is None else str(r.waiting),
                last,
                day,
                skew,
            )
        )
    _print_table(head, table)
    for r in rows:
        if r.chain_breaks or r.tamper_found:
            print(
                f"{r.centre}/{r.window}：断链拒收 {r.chain_breaks} 条，窗口自报篡改 {r.tamper_found} 次"
                + (f"，最近一次：{r.last_tamper}" if r.last_tamper else "")
            )
    return EXIT_OK


def cmd_partitions(args: argparse.Namespace) -> int:
    from datetime import date

    today = date.today()
    db = _db(args)
    made: list[str] = []
    if args.ensure_until is not None:
        made = _partitions().ensure_until(db, args.ensure_until, today)
    parts = _partitions().partitions(db)
    years = {p.year for p in parts}
    default_rows = sum(p.rows for p in parts if p.year is None)
    behind = today.year + 1 not in years or default_rows > 0
    if args.json:
        emit_json({"made": made, "partitions": [dataclasses.asdict(p) for p in parts]})
        return 1 if behind else EXIT_OK
    for name in made:
        print(f"已建分区 {name}")
    _print_table(
        ("分区", "年份", "记录（约）"),
        [(p.table, "默认" if p.year is None else str(p.year), f"{p.rows:,}") for p in parts],
    )
    if today.year + 1 not in years:
        print(
            f"明年（{today.year + 1}）还没有分区：请运行 counter central partitions "
            f"--ensure-until {today.year + 1}"
        )
    if default_rows:
        print(
            f"默认分区有 {default_rows:,} 条记录（日期不在任何年份分区内，多为窗口时钟错误）："
            "用 --ensure-until 建好相应年份后它们会移入该年分区；远离今天的日期请查对窗口时钟"
        )
    return 1 if behind else EXIT_OK


def cmd_detach_year(args: argparse.Namespace) -> int:
    from datetime import date

    done = _partitions().detach_year(_db(args), args.year, date.today())
    table = done.table
    print(
        f"已分离 {done.year} 年的记录：表 {table}（{done.rows:,} 条），不再属于 counter.records。"
    )
    print(
        "这些记录的编号、序号和链哈希仍在 counter.record_keys：窗口重发仍答“重复”，链条照常核对；"
        "中心的报表、办件查询和日结核对不再读到它们。"
    )
    print("归档（在数据库服务器或管理员电脑上）：")
    print(f"  pg_dump --format=custom --table={table} --file=records_{done.year}.dump 数据库地址")
    print(f"核对归档可以恢复（pg_restore --list records_{done.year}.dump）后删除：")
    print(f"  DROP TABLE {table};")
    print("需要时挂回：")
    print(f"  {done.attach_again}")
    return EXIT_OK


def _print_table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = [head, *rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        print(
            "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True))
        )


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
