"""``counter report daily|monthly|yearly`` and ``counter central report
daily|monthly|yearly``, ``counter central watch``: the period reports as PDF and
spreadsheet, and the county's sync watch.

They are added under the existing ``report`` commands (found by name after their modules
registered them), which keep working as before when no period is named.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.output import emit_json
from app.cli.parsing import EXIT_OK, ArgumentParser
from app.core.errors import CounterError

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.core.period_report import PeriodReport

EXIT_ATTENTION = 4  # the watch found something that needs attention


def _parser(sub: argparse._SubParsersAction, name: str, common: argparse.ArgumentParser) -> Any:
    existing = sub.choices.get(name)
    if existing is not None:
        return existing
    return sub.add_parser(name, parents=[common], help="reports")


def _period_parsers(
    report: argparse.ArgumentParser, parents: list[argparse.ArgumentParser]
) -> tuple[Any, Any, Any]:
    ps = report.add_subparsers(dest="period_kind", metavar="PERIOD", parser_class=ArgumentParser)
    daily = ps.add_parser(
        "daily",
        parents=parents,
        help="a day's report as PDF and spreadsheet",
        description="A day's figures (docs/figures.md) with the fortnight's trend, the "
        "worst items and the breakdown by window, clerk, item and post (岗位). --out FILE.pdf and/or "
        "--out FILE.xlsx write the report; without --out the figures are printed.",
    )
    daily.add_argument("--day", dest="report_day", required=True, help="YYYY-MM-DD")
    monthly = ps.add_parser(
        "monthly",
        parents=parents,
        help="a month's report as PDF and spreadsheet",
        description="A month's figures (docs/figures.md) with the daily trend, the worst "
        "items and the breakdown by window, clerk, item and post (岗位). --out as for daily.",
    )
    monthly.add_argument("--month", dest="report_month", required=True, help="YYYY-MM")
    yearly = ps.add_parser(
        "yearly",
        parents=parents,
        help="a year's report (年报) as PDF and spreadsheet",
        description="A year's figures (docs/figures.md) with the trend by month (twelve "
        "points), the worst items and the breakdown by window, clerk, item and post (岗位). "
        "--out as for daily.",
    )
    yearly.add_argument("--year", dest="report_year", required=True, help="YYYY")
    for p in (daily, monthly, yearly):
        p.add_argument(
            "--out",
            dest="report_out",
            action="append",
            type=Path,
            default=[],
            metavar="FILE",
            help="write the report: .pdf or .xlsx (may be given twice)",
        )
        p.add_argument("--json", dest="report_json", action="store_true", help="print as JSON")
    return daily, monthly, yearly


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    for p in _period_parsers(_parser(sub, "report", common), [common]):
        p.set_defaults(func=cmd_window_report)

    from app.cli.central_cmds import DB_ENV

    central = sub.choices.get("central")
    if central is None:
        return
    db = argparse.ArgumentParser(add_help=False)
    import os

    db.add_argument(
        "--db",
        metavar="URL",
        default=os.environ.get(DB_ENV),
        help=f"the central database as its administrator (default ${DB_ENV})",
    )
    actions = next(a for a in central._actions if isinstance(a, argparse._SubParsersAction))
    report = actions.choices["report"]
    for p in _period_parsers(report, [common, db]):
        p.add_argument("--centre", metavar="CODE", help="one centre only (default: the county)")
        p.set_defaults(func=cmd_county_report, needs_context=False)
    w = actions.add_parser(
        "watch",
        parents=[common, db],
        help="windows that need attention (for alerting)",
        description="Every window at a glance: last complete sync, last day close, clock "
        "offset, quarantined records. Exit code 0 when all is well, "
        f"{EXIT_ATTENTION} when a window needs attention.",
    )
    w.add_argument(
        "--days",
        type=int,
        default=2,
        help="days without a complete sync or a day close before a window needs attention "
        "(default 2)",
    )
    w.add_argument(
        "--skew",
        type=float,
        default=300,
        metavar="SECONDS",
        help="clock offset that needs attention (default 300)",
    )
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=cmd_watch, needs_context=False)


def _in_range(year: int, code: str, text: str) -> None:
    from app.core.period_report import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CounterError(
            code, f"{text!r} 不在可统计的年份 {FIRST_YEAR}–{LAST_YEAR} 之内：请给出这些年份里的日期"
        )


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise CounterError("report.day", f"日期 {text!r} 应为 YYYY-MM-DD，如 2026-11-05") from exc
    _in_range(day.year, "report.day", text)
    return day


def _month(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise CounterError("report.month", f"月份 {text!r} 应为 YYYY-MM，如 2026-11")
    _in_range(int(m.group(1)), "report.month", text)
    return int(m.group(1)), int(m.group(2))


def _year(text: str) -> int:
    if re.fullmatch(r"\d{4}", text.strip()) is None or int(text) < 1:
        raise CounterError("report.year", f"年份 {text!r} 应为四位数字 YYYY，如 2026")
    _in_range(int(text), "report.year", text)
    return int(text)


def _when(args: argparse.Namespace) -> dict[str, Any]:
    if args.period_kind == "daily":
        return {"day": _day(args.report_day)}
    if args.period_kind == "yearly":
        return {"year": _year(args.report_year)}
    return {"month": _month(args.report_month)}


def _check_outs(outs: list[Path]) -> None:
    for out in outs:
        if out.suffix.lower() not in (".pdf", ".xlsx"):
            raise CounterError(
                "report.format", f"{out} 的扩展名应为 .pdf 或 .xlsx（按扩展名决定输出格式）"
            )


def _write(report: PeriodReport, outs: list[Path], home: Any) -> None:
    from app.files import write_file
    from app.printing.report_pdf import render_report
    from app.printing.report_xlsx import write_report_xlsx

    for out in outs:
        writer = render_report if out.suffix.lower() == ".pdf" else write_report_xlsx
        target = write_file(out, lambda f, w=writer: w(report, f), home=home, user_named=True)
        print(f"已写入 {target}")


def _show(report: PeriodReport, as_json: bool) -> None:
    from app.core.period_report import ROWS

    if as_json:
        emit_json(
            {
                "title": report.title,
                "period": [report.period.start, report.period.end],
                "figures": {label: get(report.total) for label, get in ROWS},
                "overdue": [dataclasses.asdict(o) for o in report.overdue],
                "by_post": {
                    report.post_names.get(k, k): {label: get(f) for label, get in ROWS}
                    for k, f in report.by_post.items()
                },
            }
        )
        return
    print(report.title)
    for label, get in ROWS:
        print(f"  {label}：{get(report.total)}")


def cmd_window_report(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.period_reports import window_period_report

    _check_outs(args.report_out)
    report = window_period_report(ctx, args.period_kind, **_when(args))
    _show(report, args.report_json)
    _write(report, args.report_out, ctx.home)
    return EXIT_OK


def cmd_county_report(args: argparse.Namespace) -> int:
    from app.cli.central_cmds import _db
    from app.sync.central_reports import county_report

    _check_outs(args.report_out)
    report = county_report(_db(args), args.period_kind, centre=args.centre, **_when(args))
    _show(report, args.report_json)
    _write(report, args.report_out, None)
    return EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    from app.cli.central_cmds import _db, _print_table
    from app.sync.central_reports import watch

    if args.days < 1:
        raise CounterError("watch.days", "--days 至少为 1")
    rows = watch(_db(args), days=args.days, skew_seconds=args.skew)
    if args.json:
        emit_json([{**dataclasses.asdict(r), "ok": r.ok} for r in rows])
    else:
        head = ("中心", "窗口", "上次完整同步", "最近日结", "时钟偏差", "隔离", "需要处理")
        _print_table(
            head,
            [
                (
                    r.centre,
                    r.window,
                    f"{r.last_sync_at:%Y-%m-%d %H:%M}" if r.last_sync_at else "—",
                    str(r.day_closed or "—"),
                    "—" if r.clock_skew_seconds is None else f"{r.clock_skew_seconds:+.0f}s",
                    str(r.quarantined),
                    "；".join(r.problems) or "正常",
                )
                for r in rows
            ],
        )
        if not rows:
            print("中心数据库还没有登记任何窗口")
        bad = sum(1 for r in rows if not r.ok)
        print(f"{bad} 个窗口需要处理" if bad else "全部窗口正常")
    return EXIT_ATTENTION if any(not r.ok for r in rows) else EXIT_OK
