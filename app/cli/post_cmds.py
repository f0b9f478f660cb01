"""``counter post ...``: the post table (岗位职责分工表) at the window, and absences for A/B cover;
``counter central posts publish``: the county administrator publishes it. See docs/posts.md."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.auth import add_password_stdin_option, require_user
from app.cli.output import emit_json
from app.cli.parsing import EXIT_OK, ArgumentParser
from app.cli.post_print_cmds import register_print
from app.core.errors import CounterError
from app.core.posts import DEFAULT, ROLES, Post, dump_post

if TYPE_CHECKING:
    from app.bootstrap import Context


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，而不是 {text!r}") from None


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "post",
        parents=[common],
        help="the post table (岗位职责分工表) and absences",
        description="The post table the central published to this window: posts, their "
        "items, authorisation depths (授权深度), work standards and A/B/C members; and the "
        "absences a supervisor records, during which a post's B (then C) holds its depths. "
        "See docs/posts.md.",
    )
    ps = p.add_subparsers(
        dest="post_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    q = ps.add_parser("list", parents=[common], help="every post, its members and depths")
    q.add_argument("--json", action="store_true", help="the published document as JSON")
    q.set_defaults(func=cmd_list)
    q = ps.add_parser("show", parents=[common], help="one post in full")
    q.add_argument("code", help="the post's code")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_show)
    q = ps.add_parser(
        "absent",
        parents=[common],
        help="mark an account absent for some days (its B covers)",
        description="Record that USERNAME is away from --from to --to (inclusive). On those "
        "days the B of each post it is A of holds that post's depths (the C, when the B is "
        "away too). A chained record: it reaches the central with the next sync. Needs a "
        "supervisor (--by) and their password.",
    )
    q.add_argument("username")
    q.add_argument("--from", dest="start", type=_day, required=True, metavar="YYYY-MM-DD")
    q.add_argument("--to", dest="end", type=_day, required=True, metavar="YYYY-MM-DD")
    q.add_argument("--by", required=True, metavar="SUPERVISOR")
    add_password_stdin_option(q)
    q.set_defaults(func=cmd_absent)
    q = ps.add_parser(
        "present",
        parents=[common],
        help="an absent account is back",
        description="End USERNAME's absences from --from (default today) on.",
    )
    q.add_argument("username")
    q.add_argument("--from", dest="start", type=_day, metavar="YYYY-MM-DD")
    q.add_argument("--by", required=True, metavar="SUPERVISOR")
    add_password_stdin_option(q)
    q.set_defaults(func=cmd_present)
    q = ps.add_parser("absences", parents=[common], help="the absences in force")
    q.add_argument("--all", action="store_true", help="past ones too")
    q.set_defaults(func=cmd_absences)
    register_print(ps, common)  # counter post print: the 分工表 as a PDF (post_print_cmds.py)

    _register_central(sub, common)


def _register_central(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from app.cli.central_cmds import DB_ENV

    central = sub.choices.get("central")
    if central is None:
        return
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        metavar="URL",
        default=os.environ.get(DB_ENV),
        help=f"the central database as its administrator (default ${DB_ENV})",
    )
    actions = next(a for a in central._actions if isinstance(a, argparse._SubParsersAction))
    c = actions.add_parser(
        "posts",
        parents=[common],
        help="the post table (岗位职责分工表) published to windows",
        description="See docs/posts.md.",
    )
    cs = c.add_subparsers(
        dest="posts_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    q = cs.add_parser(
        "publish",
        parents=[common, db],
        help="publish a post table (counter-posts/1)",
        description="Check the file (its own rules; every member an account of the central, "
        "of --centre when given; every item in the newest published catalog) and publish it. "
        "Every fault is listed and nothing is published. The newest table a window receives "
        "replaces the one before at its next sync; from then on its clerks' authorisation "
        "depths come from it.",
    )
    q.add_argument("path", type=Path)
    q.add_argument("--centre", metavar="CODE", help="only the windows of this centre")
    q.set_defaults(func=cmd_central_publish, needs_context=False)


# ---- window ------------------------------------------------------------------------------


def _depths_text(post: Post) -> str:
    default = "全部事项" if post.items is None else "本岗位各事项"
    parts = []
    for key, depths in post.depths.items():
        where = default if key == DEFAULT else key
        parts.append(f"{where}：{'、'.join(depths) or '无'}")
    return "；".join(parts)


def _members_text(post: Post) -> str:
    return "，".join(f"{m.role} {m.username}" for m in post.members)


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    pub = ctx.posts.require_published()
    if args.json:
        from app.core.posts import dump_posts

        emit_json({"central_version": pub.version, **dump_posts(pub.table)})
        return EXIT_OK
    t = pub.table
    print(f"岗位职责分工表 {t.version}（中心第 {pub.version} 版，{len(t.posts)} 个岗位）")
    absent = {a.username for a in ctx.posts.absences(date.today()) if a.start <= date.today()}
    for post in t.posts:
        items = "全部事项" if post.items is None else f"{len(post.items)} 个事项"
        print(f"{post.code}  {post.name}（{post.kind}，{items}）")
        members = "，".join(
            f"{m.role} {m.username}" + ("（今日缺岗）" if m.username in absent else "")
            for m in post.members
        )
        print(f"    人员：{members}")
        print(f"    授权：{_depths_text(post)}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    pub = ctx.posts.require_published()
    post = pub.table.post(args.code)
    if args.json:
        emit_json(dump_post(post))
        return EXIT_OK
    print(f"{post.code}  {post.name}（{post.kind}）  分工表 {pub.table.version}")
    print("事项：" + ("全部事项" if post.items is None else "、".join(post.items)))
    print(f"授权深度：{_depths_text(post)}")
    print("人员：")
    for m in post.members:
        print(f"  {m.username}  {ROLES[m.role]}")
    if post.standards:
        print("工作标准：")
        for step, text in post.standards:
            print(f"  【{step}】{text}")
    return EXIT_OK


def _supervisor(ctx: Context, args: argparse.Namespace) -> str:
    return require_user(ctx, args.by, "reports", stdin=args.password_stdin)


def cmd_absent(args: argparse.Namespace, ctx: Context) -> int:
    by = _supervisor(ctx, args)
    a = ctx.posts.mark_absent(args.username, args.start, args.end, by)
    print(f"已登记 {a.username} 缺岗 {a.start} 至 {a.end}（登记人 {by}）；期间由其岗位的 B 岗顶岗")
    return EXIT_OK


def cmd_present(args: argparse.Namespace, ctx: Context) -> int:
    by = _supervisor(ctx, args)
    start = args.start or date.today()
    n = ctx.posts.mark_present(args.username, start, by)
    print(f"已登记 {args.username} 自 {start} 起到岗（结束 {n} 段缺岗）")
    return EXIT_OK


def cmd_absences(args: argparse.Namespace, ctx: Context) -> int:
    rows = ctx.posts.absences(None if args.all else date.today())
    if not rows:
        print("没有登记缺岗")
        return EXIT_OK
    for a in rows:
        print(f"{a.username}  {a.start} 至 {a.end}  登记人 {a.by}")
    return EXIT_OK


# ---- central -----------------------------------------------------------------------------


def cmd_central_publish(args: argparse.Namespace) -> int:
    from app.cli.central_cmds import DB_ENV
    from app.sync.central_posts import publish_posts

    if not args.db:
        raise CounterError("central.db", f"请用 --db 指定中心数据库（或设置 ${DB_ENV}）")
    p = publish_posts(str(args.db), args.path, args.centre)
    print(f"已发布 {p.dataset} 第 {p.version} 版（{p.audience}）：{p.summary}")
    return EXIT_OK
