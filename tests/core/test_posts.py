"""The post table (岗位职责分工表): its format, its faults, and who holds which depth."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import CounterError
from app.core.posts import (
    DEPTHS,
    FORMAT_TAG,
    depths_for,
    dump_posts,
    missing_depth_message,
    parse_posts,
    parse_posts_text,
    reference_problems,
    to_json,
)
from app.services.settings import AUTH_DEPTHS

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "posts.json"


def doc(*posts: dict[str, Any]) -> dict[str, Any]:
    return {"format": FORMAT_TAG, "version": "v1", "posts": list(posts)}


def post(code: str = "P1", **kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "code": code,
        "name": "前台综合受理",
        "kind": "前台",
        "items": "*",
        "depths": {"*": ["收件", "受理"]},
        "standards": [{"step": "收件", "text": "当场出具收件凭证"}],
        "members": [{"username": "a1", "role": "A"}, {"username": "b1", "role": "B"}],
    }
    d.update(kw)
    return d


def fault(d: dict[str, Any]) -> CounterError:
    with pytest.raises(CounterError) as exc:
        parse_posts(d)
    return exc.value


def test_depths_are_the_settings_depths() -> None:
    assert DEPTHS == AUTH_DEPTHS


def test_example_parses_and_round_trips() -> None:
    table = parse_posts_text(EXAMPLE.read_text(encoding="utf-8"))
    assert [p.code for p in table.posts] == ["QT-ZHSL", "BB-DB", "HT-SH", "ZZ-SD", "ZX-DB"]
    again = parse_posts(json.loads(to_json(table)))
    assert again == table
    assert dump_posts(again) == dump_posts(table)


def test_unknown_format_name() -> None:
    d = doc(post())
    d["format"] = "counter-posts/9"
    e = fault(d)
    assert e.path == "format" and "counter-posts/1" in e.message


def test_unknown_depth() -> None:
    e = fault(doc(post(depths={"*": ["收件", "审批"]})))
    assert e.path == "posts[0].depths.*[1]"
    assert "审批" in e.message and "收件" in e.message


def test_duplicate_code() -> None:
    e = fault(doc(post("P1"), post("P1")))
    assert e.path == "posts[1].code" and "P1" in e.message


def test_post_without_a() -> None:
    e = fault(doc(post(members=[{"username": "b1", "role": "B"}])))
    assert e.path == "posts[0].members" and "没有 A 岗" in e.message


def test_post_with_two_a() -> None:
    members = [{"username": "a1", "role": "A"}, {"username": "a2", "role": "A"}]
    e = fault(doc(post(members=members)))
    assert e.path == "posts[0].members" and "a1" in e.message and "a2" in e.message


def test_username_twice_with_different_roles() -> None:
    members = [{"username": "a1", "role": "A"}, {"username": "a1", "role": "B"}]
    e = fault(doc(post(members=members)))
    assert e.path == "posts[0].members[1].username" and "a1" in e.message


def test_username_twice_with_the_same_role_counts_once() -> None:
    members = [
        {"username": "a1", "role": "A"},
        {"username": "b1", "role": "B"},
        {"username": "b1", "role": "B"},
    ]
    table = parse_posts(doc(post(members=members)))
    assert [m.username for m in table.posts[0].members] == ["a1", "b1"]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"kind": "领导"}, "posts[0].kind"),
        ({"items": []}, "posts[0].items"),
        ({"items": ["DEMO-0001", "DEMO-0001"]}, "posts[0].items[1]"),
        ({"items": ["DEMO-0001"], "depths": {"DEMO-0002": ["收件"]}}, "posts[0].depths.DEMO-0002"),
        ({"members": [{"username": "a1", "role": "D"}]}, "posts[0].members[0].role"),
        ({"extra": 1}, "posts[0].extra"),
        ({"code": "a b"}, "posts[0].code"),
    ],
)
def test_other_faults_name_their_path(change: dict[str, Any], path: str) -> None:
    assert fault(doc(post(**change))).path == path


def test_per_item_depths_replace_the_default() -> None:
    table = parse_posts(doc(post(items="*", depths={"*": ["收件", "受理"], "DEMO-0011": ["收件"]})))
    assert depths_for(table, "a1", "DEMO-0001", set()) == {"收件", "受理"}
    assert depths_for(table, "a1", "DEMO-0011", set()) == {"收件"}


def _cover_table() -> Any:
    return parse_posts(
        doc(
            post(
                "FRONT",
                items=["DEMO-0001", "DEMO-0002"],
                depths={"*": ["收件", "受理"]},
                members=[
                    {"username": "ann", "role": "A"},
                    {"username": "bob", "role": "B"},
                    {"username": "cat", "role": "C"},
                ],
            ),
            post(
                "SEND",
                items=["DEMO-0002", "DEMO-0009"],
                depths={"*": ["结果送达"]},
                members=[{"username": "bob", "role": "A"}, {"username": "ann", "role": "B"}],
            ),
        )
    )


def test_a_holds_its_posts_depths_on_its_items_only() -> None:
    t = _cover_table()
    assert depths_for(t, "ann", "DEMO-0001", set()) == {"收件", "受理"}
    assert depths_for(t, "ann", "DEMO-0009", set()) == set()
    assert depths_for(t, "ann", "DEMO-0777", set()) == set()
    # The union over the posts one is A of: bob is A of SEND only.
    assert depths_for(t, "bob", "DEMO-0002", set()) == {"结果送达"}


def test_b_covers_only_when_every_a_is_absent() -> None:
    t = _cover_table()
    assert depths_for(t, "bob", "DEMO-0001", set()) == set()
    assert depths_for(t, "bob", "DEMO-0001", {"ann"}) == {"收件", "受理"}
    # Union of its own post and the covered one, each on its own items.
    assert depths_for(t, "bob", "DEMO-0002", {"ann"}) == {"收件", "受理", "结果送达"}
    assert depths_for(t, "bob", "DEMO-0009", {"ann"}) == {"结果送达"}


def test_c_covers_only_when_every_a_and_b_is_absent() -> None:
    t = _cover_table()
    assert depths_for(t, "cat", "DEMO-0001", set()) == set()
    assert depths_for(t, "cat", "DEMO-0001", {"ann"}) == set()
    assert depths_for(t, "cat", "DEMO-0001", {"ann", "bob"}) == {"收件", "受理"}


def test_an_absent_account_holds_nothing() -> None:
    t = _cover_table()
    assert depths_for(t, "ann", "DEMO-0001", {"ann"}) == set()


def test_someone_outside_every_post_holds_nothing() -> None:
    assert depths_for(_cover_table(), "dan", "DEMO-0001", set()) == set()


def test_missing_depth_message_names_the_post_and_who_may() -> None:
    t = _cover_table()
    msg = missing_depth_message(t, "bob", "DEMO-0002", "受理")
    assert "SEND" in msg and "受理" in msg and "FRONT" in msg
    msg = missing_depth_message(t, "dan", "DEMO-0001", "收件")
    assert "不在" in msg and "v1" in msg


def test_reference_problems_name_unknown_accounts_and_items() -> None:
    t = _cover_table()
    problems = reference_problems(t, {"ann", "bob"}, {"DEMO-0001", "DEMO-0002"})
    assert any("cat" in p and p.startswith("posts[0].members[2]") for p in problems)
    assert any("DEMO-0009" in p and p.startswith("posts[1].items[1]") for p in problems)
    assert len(problems) == 2


def test_parse_does_not_change_its_input() -> None:
    d = doc(post())
    before = copy.deepcopy(d)
    parse_posts(d)
    assert d == before
