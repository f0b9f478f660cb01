"""``counter post list / show / absent / present`` and ``counter intake`` by a clerk whose post
holds 收件 only: the post table decides, not the window's setting."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from app.core.posts import FORMAT_TAG, parse_posts
from tests.cli.test_cli_intake import application, write
from tests.conftest import PASSWORD

TABLE = {
    "format": FORMAT_TAG,
    "version": "2027-01",
    "posts": [
        {
            "code": "FRONT",
            "name": "前台综合受理",
            "kind": "前台",
            "items": ["LOCAL-0001"],
            "depths": {"*": ["收件", "原件核验", "一次性告知", "受理"]},
            "standards": [{"step": "受理", "text": "材料齐全的当场受理"}],
            "members": [{"username": "admin", "role": "A"}, {"username": "boss", "role": "B"}],
        },
        {
            "code": "RECV",
            "name": "咨询导办",
            "kind": "导办",
            "items": "*",
            "depths": {"*": ["收件"]},
            "members": [{"username": "clerk1", "role": "A"}],
        },
    ],
}


@pytest.fixture
def posted(initialised, home, monkeypatch):
    """The tests' window with a supervisor ``boss`` and the table above as if published."""
    from app.bootstrap import open_context
    from app.services.posts import store_published

    cli = initialised
    code, _, err = cli(
        "user", "add", "boss", "--name", "赵值班", "--role", "supervisor", "--by", "admin"
    )
    assert code == 0, err
    ctx = open_context(home)
    try:
        with ctx.store.write() as s:
            store_published(s, 7, parse_posts(TABLE))
    finally:
        ctx.close()
    return cli


def records(home) -> int:
    from tests.stores import connect_store

    with connect_store(home.db) as conn:
        return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])


def test_a_clerk_of_a_post_with_only_receiving_cannot_accept(posted, home, tmp_path) -> None:
    cli = posted
    before = records(home)
    code, _, err = cli("intake", write(tmp_path, application(outcome="accept")))
    assert code == 1 and "受理" in err
    # Without an outcome it is not quietly recorded as a consultation: the post is named.
    code, _, err = cli("intake", write(tmp_path, application(), "none.json"))
    assert code == 1 and "咨询导办" in err and "受理" in err and "FRONT" in err
    assert records(home) == before
    # An item outside every post of the clerk: not even 收件.
    other = application(clerk="boss", outcome="accept")
    code, _, err = cli("intake", write(tmp_path, other, "boss.json"))
    assert code == 1 and "收件" in err


def test_list_and_show(posted) -> None:
    code, out, err = posted("post", "list")
    assert code == 0, err
    assert "2027-01" in out and "FRONT" in out and "A admin" in out and "B boss" in out
    code, out, err = posted("post", "show", "FRONT")
    assert code == 0, err
    assert "材料齐全的当场受理" in out and "LOCAL-0001" in out
    code, out, _ = posted("post", "show", "FRONT", "--json")
    assert json.loads(out)["members"][0] == {"username": "admin", "role": "A"}
    code, _, err = posted("post", "show", "NOPE")
    assert code == 1 and "counter post list" in err


def test_list_without_a_published_table_says_where_depths_come_from(initialised) -> None:
    code, _, err = initialised("post", "list")
    assert code == 1 and "window.authorisation" in err


def test_absent_then_present_moves_the_post_to_the_b(posted, home, tmp_path, monkeypatch) -> None:
    today = date.today()
    code, _, err = posted(
        "post", "absent", "admin", "--from", str(today), "--to", str(today), "--by", "clerk1"
    )
    assert code == 1 and "无权" in err  # a clerk may not
    code, out, err = posted(
        "post",
        "absent",
        "admin",
        "--from",
        str(today),
        "--to",
        str(today + timedelta(days=1)),
        "--by",
        "boss",
    )
    assert code == 0, err
    code, out, _ = posted("post", "absences")
    assert "admin" in out
    code, out, _ = posted("post", "list")
    assert "A admin（今日缺岗）" in out
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    code, _, err = posted(
        "intake", write(tmp_path, application(clerk="boss", outcome="accept"), "b.json")
    )
    assert code == 0, err  # boss covers FRONT today
    code, _, err = posted("post", "present", "admin", "--by", "boss")
    assert code == 0, err
    code, _, err = posted(
        "intake", write(tmp_path, application(clerk="boss", outcome="accept"), "c.json")
    )
    assert code == 1 and "收件" in err
    code, _, err = posted("post", "present", "admin", "--by", "boss")
    assert code == 1 and "没有登记缺岗" in err
