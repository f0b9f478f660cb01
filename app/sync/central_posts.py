"""Publishing the post table (岗位职责分工表) from the central database (docs/posts.md).

The table is checked whole before anything is written: its own rules (app/core/posts.py),
then against what the central knows: every member an account of the central (of the centre
the table goes to, when it goes to one), every item in the newest published catalog. Any
fault refuses the whole file and publishes nothing. Like the catalog, the newest publication
a window receives replaces the one before.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.core.errors import CounterError, Problem, ValidationFailed
from app.core.input_rules import decode_utf8, read_bytes_limited
from app.core.posts import PostTable, dump_posts, parse_posts_text, reference_problems
from app.sync.central_admin import Published, _audience, _publish
from app.sync.central_schema import admin_connection, normalise_code

DATASET = "posts"
MAX_BYTES = 2 * 1024 * 1024


def read_posts_file(path: Path) -> PostTable:
    data = read_bytes_limited(path, MAX_BYTES, "岗位职责分工表")
    return parse_posts_text(decode_utf8(data, path.name), path.name)


def publish_posts(db_url: str, path: Path, centre: str | None = None) -> Published:
    """Check ``path`` and publish it for the windows of ``centre`` (every window without)."""
    table = read_posts_file(path)
    code = normalise_code(centre, "centre") if centre else None
    with admin_connection(db_url) as conn:
        if code is not None and (
            conn.execute("SELECT 1 FROM counter.centres WHERE code = %s", (code,)).fetchone()
            is None
        ):
            raise CounterError("central.unknown_centre", f"中心 {code} 还没有登记任何窗口")
        row = conn.execute(
            "SELECT version, body FROM counter.publications WHERE dataset = 'catalog' "
            "ORDER BY version DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise CounterError(
                "posts.no_catalog",
                "中心还没有发布事项目录，无法核对分工表中的事项；"
                "请先用 counter central publish-catalog 发布目录，未发布分工表",
            )
        items = {str(i["code"]) for i in json.loads(row[1]).get("items", [])}
        if code is None:
            accounts = conn.execute("SELECT username FROM counter.accounts").fetchall()
        else:
            accounts = conn.execute(
                "SELECT username FROM counter.accounts WHERE centre_code = %s", (code,)
            ).fetchall()
        faults = reference_problems(table, (a[0] for a in accounts), items)
        if faults:
            where = f"中心 {code} 的" if code else "中心数据库的"
            raise ValidationFailed(
                "posts.references",
                f"岗位职责分工表 {path.name} 有 {len(faults)} 处与{where}账户或第 {row[0]} 版"
                "事项目录不符，未发布；账户用 counter central user add 添加",
                [Problem("", f.split(": ", 1)[0], f.split(": ", 1)[1]) for f in faults],
            )
        body = json.dumps(dump_posts(table), ensure_ascii=False, sort_keys=True)
        version = _publish(conn, DATASET, body, code)
    members = len(table.usernames())
    return Published(
        DATASET,
        version,
        _audience(code),
        f"分工表 {table.version}：{len(table.posts)} 个岗位，{members} 名人员",
    )
