"""``counter sync``: push, pull and (with --day-close) the day's manifests; status; configure.

Exit 0 only when every record that was waiting got the central database's answer (and, with
--day-close, every manifest verified); 1 otherwise, with the reason on stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
from typing import TYPE_CHECKING, TextIO

from app.cli.auth import add_by_option, require_admin
from app.cli.output import emit_json
from app.cli.parsing import EXIT_FAILED, EXIT_OK, ArgumentParser
from app.cli.passwords import read_password
from app.core.errors import CounterError
from app.sync.env import CENTRAL_PASSWORD_ENV as PASSWORD_ENV

if TYPE_CHECKING:  # the sync itself loads when a command runs, not to build the help
    from app.bootstrap import Context
    from app.sync.engine import SyncProgress, SyncSummary

DATASET_NAMES = {
    "catalog": "事项目录",
    "holidays": "节假日",
    "accounts": "账户",
    "posts": "岗位职责分工表",
    "archive_rule": "档号规则",
    "case_status": "办件状态",
    "post_checks": "核查结果",
    "app_version": "版本要求",
}
PHASES = {"connect": "连接", "push": "上传", "pull": "下载", "day_close": "日结", "retry": "重试"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "sync",
        parents=[common],
        help="send records to the central database, fetch updates",
        description="Push every waiting record to the central database (each one answered: "
        "accepted, duplicate, conflict or quarantined), then pull the catalog, "
        "holidays, accounts and case decisions published for this window. Exit 0 "
        "only when every waiting record was answered. A progress bar goes to "
        "stderr when it is a terminal.",
    )
    p.add_argument(
        "--day-close",
        action="store_true",
        help="also send each day's manifest and have the centre check it; records "
        "it names as missing are sent again",
    )
    p.add_argument("--no-pull", action="store_true", help="only push")
    p.add_argument("--batch-size", type=int, metavar="N", help="records per batch (default 5000)")
    p.add_argument(
        "--timeout",
        type=int,
        metavar="SECONDS",
        help="longest a single database operation may take (default 120)",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_sync, load_demo=False)
    ss = p.add_subparsers(dest="sync_command", metavar="ACTION", parser_class=ArgumentParser)

    q = ss.add_parser(
        "status",
        parents=[common],
        help="what is waiting, when the last sync was",
        description="Local only: records waiting, quarantined, the last sync and its error.",
    )
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_status, load_demo=False)

    q = ss.add_parser(
        "configure",
        parents=[common],
        help="set the central database of this window",
        description="Store the central database address (without password) and put the "
        "password into the operating system's keyring. Once any account exists "
        "this needs an administrator (--by ADMIN and their password). The password "
        "is asked for, read from stdin with --password-stdin (the administrator's "
        f"password first, then the central one), or taken from ${PASSWORD_ENV}; "
        "--no-password for trust or certificate authentication. The window stays "
        "tied to the central database it first synced with: another database is "
        "refused at sync, nothing sent, nothing fetched. To move the window to "
        "another central database on purpose, add --new-central.",
    )
    q.add_argument(
        "url",
        help="postgresql://ROLE@HOST:PORT/DATABASE[?sslmode=verify-full"
        "&sslrootcert=FILE]; other parameters (host, port, dbname...) are "
        "refused",
    )
    add_by_option(q)
    q.add_argument("--password-stdin", action="store_true")
    q.add_argument("--no-password", action="store_true")
    q.add_argument(
        "--new-central",
        action="store_true",
        help="re-point this window to another central database: forget the one it "
        "is tied to (the next sync ties it to the new one) and fetch the new "
        "one's reference data from the start",
    )
    q.add_argument(
        "--allow-plaintext",
        action="store_true",
        help="allow an unencrypted connection to another machine (isolated networks only)",
    )
    q.add_argument(
        "--allow-insecure-keyring",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="accept (or no longer accept) a keyring backend that is not the "
        "system's own, e.g. a plaintext file",
    )
    q.set_defaults(func=cmd_configure, load_demo=False)


def central_password(*, stdin: bool = False, none: bool = False) -> str | None:
    """The password for `configure` (and for `counter init --central`): stdin, the environment,
    or a prompt; None for a login that needs none."""
    if none:
        return None
    return read_password("中心数据库密码：", env=PASSWORD_ENV, stdin=stdin)


def cmd_configure(args: argparse.Namespace, ctx: Context) -> int:
    from app.sync.central_url import parse_central_url
    from app.sync.setup import configure_central

    # The address is checked before anyone is asked for a password.
    parse_central_url(args.url, allow_plaintext=args.allow_plaintext)
    by = require_admin(ctx, args, "settings", stdin=args.password_stdin)
    password = central_password(stdin=args.password_stdin, none=args.no_password)
    result = configure_central(
        ctx,
        args.url,
        password,
        allow_plaintext=args.allow_plaintext,
        allow_insecure_keyring=args.allow_insecure_keyring,
        new_central=args.new_central,
        by=by,
    )
    where = f"，密码已存入 {result.keyring_backend}" if result.password_stored else "（未保存密码）"
    print(f"中心数据库已设置：{result.address.summary()}{where}")
    if args.new_central:
        print("已解除与原中心数据库的绑定：下次同步时绑定新的中心数据库，并从头下载其参考数据")
    return EXIT_OK


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.sync_state import sync_status

    st = sync_status(ctx.store)
    notice = version_notice(ctx)
    if args.json:
        emit_json({**dataclasses.asdict(st), "version_notice": notice})
        return EXIT_OK
    if notice:
        print(notice)
    if not st.configured:
        print("尚未设置中心数据库")
    print(f"待上传 {st.waiting} 条，已隔离 {st.quarantined} 条")
    print(f"上次成功同步：{st.last_synced_at or '从未'}")
    if st.last_error:
        print(f"上次错误 [{st.last_error_code}]：{st.last_error}")
    return EXIT_OK


def version_notice(ctx: Context) -> str | None:
    """What the county's published version requirement says about this window, if anything."""
    from app.services.rollout import published

    rollout = published(ctx)
    return rollout.notice() if rollout else None


class ProgressBar:
    """One line on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr  # looked up now: sys.stderr may have been replaced
        self.enabled = self.stream.isatty()
        self.drawn = False

    def __call__(self, p: SyncProgress) -> None:
        if not self.enabled:
            return
        width = shutil.get_terminal_size((80, 20)).columns
        filled = int(20 * p.done / p.total) if p.total else 0
        line = f"{PHASES.get(p.phase, p.phase)} [{'#' * filled}{'.' * (20 - filled)}] {p.message}"
        self.stream.write("\r" + line[: width - 1].ljust(width - 1))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    if args.batch_size is not None and args.batch_size < 1:
        raise CounterError("sync.batch_size", "--batch-size 应为正整数")
    from app.sync.connection import Timeouts
    from app.sync.engine import SyncEngine, SyncOptions

    options = SyncOptions(
        day_close=args.day_close,
        pull=not args.no_pull,
        batch_size=args.batch_size,
        timeouts=Timeouts(statement=args.timeout) if args.timeout else None,
    )
    bar = ProgressBar()
    try:
        summary = SyncEngine(ctx, options).run(bar)
    finally:
        bar.close()
    if args.json:
        emit_json(
            {**dataclasses.asdict(summary), "ok": summary.ok, "acknowledged": summary.acknowledged}
        )
    else:
        print(render_summary(summary))
    if summary.error:
        print(f"counter: [{summary.error_code}] {summary.error}", file=sys.stderr)
    return EXIT_OK if summary.ok else EXIT_FAILED


def render_summary(s: SyncSummary) -> str:
    lines = [
        f"上传：新增 {s.pushed}，重复 {s.duplicates}，冲突 {s.conflicts}，隔离 {s.rejected}；"
        f"仍待上传 {s.waiting}"
    ]
    if s.unsupported:
        lines.append(
            f"  {s.unsupported} 条记录的格式版本中心不接受，已保留在本机：请升级 Counter 或中心数据库"
        )
    if s.conflicts:
        lines.append("  冲突：同一编号的记录内容与中心不同，两份都已保留并标记，请管理员核查")
    if s.rejected:
        lines.append("  隔离：未通过校验的记录已存入中心隔离区，不影响其他记录，请管理员核查")
    if s.new_epoch is not None:
        lines.append(
            f"检测到本机数据库是从备份恢复的：已启用新纪元 {s.new_epoch}，恢复后产生的记录已重新上传"
        )
    if s.pulled:
        parts = []
        for d in s.pulled:
            name = DATASET_NAMES.get(d.name, d.name)
            if d.applied:
                parts.append(f"{name} 第 {d.version} 版（更新 {d.applied}）")
            else:
                parts.append(f"{name} {'第 ' + str(d.version) + ' 版' if d.version else '无'}")
            if d.skipped and d.name == "accounts":
                parts.append(
                    f"{d.skipped} 个账户与本机自建的账户同名，未覆盖（本机账户不变，请管理员核查）"
                )
            elif d.skipped and d.name == "post_checks":
                parts.append(
                    f"{d.skipped} 条核查结果未记录（办件不在本机、没有待核查的告知承诺或已记录，"
                    "见日志）"
                )
            elif d.skipped:
                parts.append(f"{d.skipped} 条办件状态不属于本机办件，已跳过")
        lines.append("参考数据：" + "，".join(parts))
    for m in s.manifests:
        verdict = {"verified": "已核对", "missing": "中心缺少记录", "mismatch": "内容不一致"}.get(
            m.status, m.status
        )
        extra = f"，中心另有 {m.extra} 条（备份恢复前上传）" if m.extra else ""
        lines.append(
            f"日结 {m.day}（纪元 {m.epoch}）：{verdict}，本机 {m.count} 条，中心 "
            f"{m.server_count} 条{extra}"
        )
    if s.handovers:
        taken = sum(1 for h in s.handovers if h.ok)
        lines.append(f"档案移交：中心已接收 {taken} 卷（共 {len(s.handovers)} 卷）")
        lines += [f"  {h.volume_no}：{h.label}" for h in s.handovers if not h.ok]
    if s.clock_skew_seconds is not None and s.skew_flagged:
        ahead = "快" if s.clock_skew_seconds > 0 else "慢"
        lines.append(
            f"时钟：本机比中心{ahead} {abs(s.clock_skew_seconds):.0f} 秒，请校准本机时间"
            "（同步不受影响，记录保留本机时间）"
        )
    if s.cancelled:
        lines.append("同步已取消")
    return "\n".join(lines)
