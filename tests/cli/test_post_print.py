"""``counter post print --out FILE.pdf``: the published 分工表 as a PDF with the window's names
for its accounts and items; refused, with no file left, without a published table or for
another extension. And the day's cover the 岗位分工 screen shows follows ``depths_for``."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.posts import PostTable, depths_for, parse_posts
from app.services.post_sheet import day_of, holding
from tests.printing.slip_helpers import flat_text

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "posts.json"


def publish(home) -> None:  # type: ignore[no-untyped-def]
    from app.bootstrap import open_context
    from app.services.posts import store_published

    ctx = open_context(home)
    try:
        with ctx.store.write() as s:
            store_published(s, 4, parse_posts(json.loads(EXAMPLE.read_text("utf-8"))))
    finally:
        ctx.close()


def test_post_print_writes_the_published_table(initialised, home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cli = initialised
    out = tmp_path / "分工表.pdf"
    code, _out, err = cli("post", "print", "--out", str(out))
    assert code == 1 and "还没有收到中心发布的岗位职责分工表" in err
    assert not out.exists()  # refused: no file
    publish(home)
    code, stdout, err = cli("post", "print", "--out", str(out.with_suffix(".txt")))
    assert code == 1 and ".pdf" in err and not out.with_suffix(".txt").exists()
    code, stdout, err = cli("post", "print", "--out", str(out))
    assert code == 0, err
    assert str(out) in stdout and "2027-01" in stdout
    text = flat_text(out.read_bytes())
    assert "城东街道便民服务中心岗位职责分工表" in text
    assert "李窗口（clerk1）" in text  # a name the window knows
    assert "clerk2（本窗口无此账号）" in text  # one it does not
    assert "一、前台综合受理（QT-ZHSL）" in text and "五、咨询导办（ZX-DB）" in text


def test_who_holds_a_post_is_who_depths_for_gives_its_depths() -> None:
    table = parse_posts(json.loads(EXAMPLE.read_text("utf-8")))
    people = sorted(table.usernames())
    for absent in ([], ["clerk1"], ["clerk1", "clerk2"], ["clerk3"], ["clerk4", "clerk2"]):
        for pd in day_of(table, absent):
            post = pd.post
            item = post.items[0] if post.items else "DEMO-0001"
            alone = PostTable("x", None, (post,))  # the post by itself
            for u in people:
                holds = bool(depths_for(alone, u, item, absent))
                assert (u in pd.holding) == holds, (post.code, absent, u)
            assert pd.covering == (post.holders("A")[0] in absent)
            assert pd.absent == frozenset(absent) & {m.username for m in post.members}
    front = table.post("QT-ZHSL")
    assert holding(front, ["clerk1", "clerk2", "clerk5"]) == ((), True)  # nobody can
