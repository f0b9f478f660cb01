"""``counter post print --out FILE.pdf``: the published 岗位职责分工表 as an A4 PDF
(app/printing/post_table.py), the same the 岗位分工 screen saves. Registered under ``counter
post`` by app/cli/post_cmds.py."""

from __future__ import annotations

import argparse
import io
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.parsing import EXIT_OK
from app.core.errors import CounterError

if TYPE_CHECKING:
    from app.bootstrap import Context


def register_print(ps: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    q = ps.add_parser(
        "print",
        parents=[common],
        help="the post table (岗位职责分工表) as an A4 PDF",
        description="Write the post table the central published to this window as an A4 PDF: "
        "the centre, the table's version and publication date, each post with its A/B/C "
        "members by name, the items it handles with the authorisation depth of each, and "
        "the work standard of each step.",
    )
    q.add_argument("--out", dest="post_out", type=Path, required=True, metavar="FILE.pdf")
    q.set_defaults(func=cmd_print)


def cmd_print(args: argparse.Namespace, ctx: Context) -> int:
    from app.files import write_bytes
    from app.services.post_sheet import print_post_table

    out: Path = args.post_out
    if out.suffix.lower() != ".pdf":
        raise CounterError("post.format", f"{out} 的扩展名应为 .pdf；例如 --out 分工表.pdf")
    buf = io.BytesIO()  # rendered whole first: a refusal leaves no file behind
    version = print_post_table(ctx.store, ctx.catalog, buf, datetime.now())
    write_bytes(out, buf.getvalue(), home=ctx.home, user_named=True)
    print(f"已写入 {out}（岗位职责分工表，版本 {version}）")
    return EXIT_OK
