"""``counter archive ...``: 档案立卷归档 of ended cases (services/archive.py, docs/archive.md)."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.auth import add_password_stdin_option, require_user
from app.cli.output import emit_json
from app.cli.parsing import EXIT_FAILED, EXIT_OK, ArgumentParser
from app.core.errors import CounterError

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.core.archive_package import Volume


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    a = sub.add_parser(
        "archive",
        parents=[common],
        help="file ended cases as archive volumes (档案立卷归档)",
        description="One ended case (delivered, refused, closed, revoked), one volume, one "
        "number: its package holds every slip kept for the case, its records with their "
        "chain hashes, a contents list and checksums. See docs/archive.md.",
    )
    acts = a.add_subparsers(
        dest="archive_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )

    def period(p: argparse.ArgumentParser, required: bool) -> None:
        g = p.add_mutually_exclusive_group(required=required)
        g.add_argument("--day", dest="archive_day", metavar="YYYY-MM-DD")
        g.add_argument("--month", dest="archive_month", metavar="YYYY-MM")

    def by(p: argparse.ArgumentParser, who: str = "SUPERVISOR") -> None:
        p.add_argument(
            "--by",
            required=True,
            metavar=who,
            help="who does this (a supervisor or administrator; password asked for, or "
            "$COUNTER_PASSWORD)",
        )
        add_password_stdin_option(p)

    p = acts.add_parser(
        "file",
        parents=[common],
        help="file the cases that ended on a day or in a month",
        description="File every case that ended (its last change) on the day or in the "
        "month and is not filed yet: a volume number by the county's rule, and its package.",
    )
    period(p, True)
    by(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_file)

    p = acts.add_parser(
        "list",
        parents=[common],
        help="the 归档清单 of a day or a month",
        description="The volumes filed on a day or in a month (all without --day/--month); "
        "--out FILE.pdf or FILE.xlsx writes the 归档清单.",
    )
    period(p, False)
    by(p)
    p.add_argument("--out", dest="archive_out", action="append", type=Path, default=[])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = acts.add_parser(
        "search",
        parents=[common],
        help="find volumes by volume number, case number or applicant ID",
        description="The applicant's ID number is checked against the keyed hash kept at "
        "filing; results show it masked (in full only to an administrator).",
    )
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--volume", metavar="档号")
    g.add_argument("--case", metavar="CASE_NO")
    g.add_argument("--id-number", metavar="NUMBER")
    p.add_argument("--id-type", default="resident_id")
    by(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = acts.add_parser(
        "verify",
        parents=[common],
        help="check every package against its checksums and its filing record",
        description="Recompute every file's SHA-256, compare with the package's checksums "
        "and the digest recorded at filing, and check its records' chain hashes. Exit 0 "
        "when every package is intact, 1 when one is not (each problem named).",
    )
    p.add_argument("--volume", metavar="档号")
    period(p, False)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    p = acts.add_parser(
        "export",
        parents=[common],
        help="hand a volume over as plain files (移交)",
        description="Verify a volume's package and write it, unsealed, as a folder named by "
        "its volume number inside DIR (outside the data directory), with checksums.sha256 "
        "of the plain files.",
    )
    p.add_argument("volume", metavar="档号")
    p.add_argument("--out", dest="archive_dir", type=Path, required=True, metavar="DIR")
    by(p)
    p.set_defaults(func=cmd_export)

    p = acts.add_parser(
        "handover",
        parents=[common],
        help="hand filed volumes over to the central archive (移交)",
        description="Send filed volumes to the county's central database: each package is "
        "verified here, sent as its plain files with their checksums, and checked again on "
        "arrival. Sending again adds nothing; a volume the central holds with another "
        "content is refused, never overwritten. Pending records are pushed first. Exit 0 when "
        "the central holds every volume sent, 1 otherwise (each refusal named).",
    )
    p.add_argument(
        "--all", dest="handover_all", action="store_true", help="every volume not handed over yet"
    )
    p.add_argument("volumes", nargs="*", default=[], metavar="档号")
    by(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_handover)

    p = acts.add_parser(
        "rule",
        parents=[common],
        help="show or set the county's volume-number rule",
        description="The volume number (档号) template, e.g. "
        "'{fonds}-{year}-{retention}-{window}-{seq:05d}': {fonds} 全宗号 (--fonds, default "
        "the centre code), {year} the year the case ended, {retention} 保管期限 "
        "(Y, D30, D10), {centre}, {window}, {seq} the window's sequence in the year.",
    )
    p.add_argument("--template")
    p.add_argument("--fonds", metavar="全宗号")
    p.add_argument("--retention", choices=("Y", "D30", "D10"))
    p.add_argument("--by", metavar="ADMIN", help="the administrator (needed to change it)")
    add_password_stdin_option(p)
    p.set_defaults(func=cmd_rule)


def _service(ctx: Context):  # type: ignore[no-untyped-def]
    from app.services.archive import ArchiveService

    return ArchiveService(ctx)


def _period(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.cli.period_report_cmds import _day, _month
    from app.services.archive import volume_period

    day = _day(args.archive_day) if args.archive_day else None
    month = _month(args.archive_month) if args.archive_month else None
    return volume_period(day, month)


def _print(volumes: list[Volume]) -> None:
    for v in volumes:
        print(
            f"{v.volume_no}\t{v.case_no}\t{v.applicant} {v.id_number or v.id_masked}\t"
            f"{v.item_name}\t{v.state_label} {v.ended_on}\t{v.files} 份 {v.pages} 页"
            + (f"\t已移交 {v.handed_over[:10]}" if v.handed_over else "")
        )


def cmd_file(args: argparse.Namespace, ctx: Context) -> int:
    user = require_user(ctx, args.by, "reports", stdin=args.password_stdin)
    period = _period(args)
    filed = _service(ctx).file_period(period, user)
    if args.json:
        emit_json([dataclasses.asdict(v) for v in filed])
        return EXIT_OK
    _print(filed)
    print(
        f"{period.label}：已归档 {len(filed)} 卷" if filed else f"{period.label}：没有待归档的办件"
    )
    return EXIT_OK


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from app.files import write_file
    from app.printing.archive_list import render_archive_list, write_archive_xlsx

    require_user(ctx, args.by, "reports", stdin=args.password_stdin)
    for out in args.archive_out:
        if out.suffix.lower() not in (".pdf", ".xlsx"):
            raise CounterError("archive.format", f"{out} 的扩展名应为 .pdf 或 .xlsx")
    period = _period(args) if (args.archive_day or args.archive_month) else None
    volumes = _service(ctx).volumes(period)
    if args.json:
        emit_json([dataclasses.asdict(v) for v in volumes])
    else:
        _print(volumes)
        print(f"共 {len(volumes)} 卷")
    w = ctx.window()
    title = f"{w.centre_name or w.centre_code or ''} {w.window_name or ''} " + (
        f"{period.label} 档案归档清单" if period else "档案归档清单（全部）"
    )
    for out in args.archive_out:
        if out.suffix.lower() == ".pdf":
            write_file(
                out,
                lambda f: render_archive_list(title, volumes, f, datetime.now()),
                home=ctx.home,
                user_named=True,
            )
        else:
            write_file(
                out, lambda f: write_archive_xlsx(title, volumes, f), home=ctx.home, user_named=True
            )
        print(f"已写入 {out}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    user = require_user(ctx, args.by, "reports", stdin=args.password_stdin)
    found = _service(ctx).search(
        volume_no=args.volume,
        case_no=args.case,
        id_type=args.id_type,
        id_number=args.id_number,
        user=user,
    )
    if args.json:
        emit_json([dataclasses.asdict(v) for v in found])
    elif not found:
        print("没有找到归档的办件")
    else:
        _print(found)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    svc = _service(ctx)
    if args.volume:
        chosen = [v for v in svc.volumes() if v.volume_no == args.volume.strip()]
        if not chosen:
            raise CounterError("archive.unknown", f"没有档号为 {args.volume} 的归档记录")
        verdicts = svc.verify(chosen)
    elif args.archive_day or args.archive_month:
        verdicts = svc.verify(svc.volumes(_period(args)))
    else:
        verdicts = svc.verify()
    bad = [v for v in verdicts if not v.ok]
    if args.json:
        emit_json([{**dataclasses.asdict(v), "ok": v.ok} for v in verdicts])
    else:
        for v in bad:
            for problem in v.problems:
                print(f"{v.volume_no}：{problem}")
        print(
            f"{len(bad)} 卷有问题（共 {len(verdicts)} 卷）"
            if bad
            else f"全部 {len(verdicts)} 卷完好"
        )
    return EXIT_FAILED if bad else EXIT_OK


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    require_user(ctx, args.by, "reports", stdin=args.password_stdin)
    svc = _service(ctx)
    chosen = [v for v in svc.volumes() if v.volume_no == args.volume.strip()]
    if not chosen:
        raise CounterError("archive.unknown", f"没有档号为 {args.volume} 的归档记录")
    print(f"已导出 {svc.export(chosen[0], args.archive_dir)}")
    return EXIT_OK


def cmd_handover(args: argparse.Namespace, ctx: Context) -> int:
    from app.sync.engine import SyncEngine, SyncOptions

    require_user(ctx, args.by, "reports", stdin=args.password_stdin)
    if args.handover_all == bool(args.volumes):
        raise CounterError(
            "archive.handover", "请给出要移交的档号，或用 --all 移交全部未移交的卷（二者选一）"
        )
    svc = _service(ctx)
    if args.volumes:
        from app.sync.archive_handover import pending

        pending(svc, args.volumes)  # an unknown volume number is refused before connecting
    summary = SyncEngine(
        ctx, SyncOptions(pull=False, handover=True, volumes=tuple(args.volumes))
    ).run()
    if args.json:
        emit_json([{**dataclasses.asdict(h), "ok": h.ok} for h in summary.handovers])
    else:
        for h in summary.handovers:
            print(f"{h.volume_no}\t{h.label}")
        if not summary.error:
            taken = sum(1 for h in summary.handovers if h.ok)
            print(
                f"中心已接收 {taken} 卷（共 {len(summary.handovers)} 卷）"
                if summary.handovers
                else "没有待移交的卷"
            )
    if summary.error:
        raise CounterError(summary.error_code or "archive.handover", summary.error)
    return EXIT_OK if all(h.ok for h in summary.handovers) else EXIT_FAILED


def cmd_rule(args: argparse.Namespace, ctx: Context) -> int:
    from app.core.archive_package import RETENTIONS

    svc = _service(ctx)
    rule = svc.rule()
    if args.template or args.fonds or args.retention:
        svc.refuse_if_central()
        if not args.by:
            raise CounterError("user.by", "修改档号规则需要管理员：请加上 --by 管理员用户名")
        require_user(ctx, args.by, "settings", stdin=args.password_stdin)
        rule = svc.set_rule(
            dataclasses.replace(
                rule,
                template=args.template or rule.template,
                fonds=args.fonds or rule.fonds,
                retention=args.retention or rule.retention,
            )
        )
        print("档号规则已更新")
    w = ctx.window()
    sample = rule.format(datetime.now().year, w.centre_code or "C", w.window_code or "W", 1)
    central = svc.central_rule()
    origin = f"（中心发布第 {central[0]} 版）" if central else ""
    print(f"档号规则：{rule.template}{origin}")
    print(
        f"全宗号：{rule.fonds or '（中心编码）'}  保管期限：{rule.retention}（{RETENTIONS[rule.retention]}）"
    )
    print(f"示例：{sample}")
    return EXIT_OK
