"""The post table (岗位职责分工表) published from the central: checked against the central's
accounts and catalog, pulled by windows (the newest wins), and each clerk's authorisation
depths taken from it; a staff change made centrally takes effect at the next sync."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.bootstrap import DEMO_CATALOG
from app.core.cases import IntakeRequest
from app.core.checklist import ACCEPT, Verdict
from app.core.errors import CounterError, ValidationFailed
from app.core.posts import FORMAT_TAG
from app.models.schema import Case
from app.paths import resources_dir
from app.sync import central_admin
from app.sync.central_posts import publish_posts
from app.sync.pull import cursor
from tests.conftest import PASSWORD, publish_coming_years

from .conftest import CentralDb
from .intakes import APPLICANT, NOW

pytestmark = pytest.mark.central

ITEM = "LOCAL-0001"
ANSWERS = {"s": ["s2"]}


def table(front: dict[str, str], recv: dict[str, str], version: str = "v1") -> dict[str, Any]:
    def members(m: dict[str, str]) -> list[dict[str, str]]:
        return [{"username": u, "role": r} for u, r in m.items()]

    return {
        "format": FORMAT_TAG,
        "version": version,
        "posts": [
            {
                "code": "FRONT",
                "name": "前台综合受理",
                "kind": "前台",
                "items": [ITEM, "DEMO-0001"],
                "depths": {"*": ["收件", "原件核验", "一次性告知", "受理"]},
                "standards": [{"step": "受理", "text": "材料齐全当场受理"}],
                "members": members(front),
            },
            {
                "code": "RECV",
                "name": "咨询导办",
                "kind": "导办",
                "items": "*",
                "depths": {"*": ["收件"]},
                "members": members(recv),
            },
        ],
    }


def write(tmp_path: Path, name: str, doc: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def staffed(central: CentralDb, make_window: Any) -> Any:
    """A window of C01 with the demo catalog published centrally and four central accounts."""
    w = make_window("C01", "W01")
    central_admin.publish_catalog(central.url, resources_dir() / DEMO_CATALOG)
    for user, role in (
        ("ann", "clerk"),
        ("bob", "clerk"),
        ("cat", "clerk"),
        ("boss", "supervisor"),
    ):
        central_admin.add_account(central.url, user, user.title(), role, PASSWORD, "C01")
    assert w.sync().ok
    publish_coming_years(w.ctx)
    return w


def all_ok(w: Any) -> dict[str, Verdict]:
    pv = w.ctx.visits.preview(ITEM, ANSWERS, {}, NOW.date())
    return {m.id: Verdict("ok") for m in pv.evaluation.applicable}


def accept_as(w: Any, clerk: str) -> str | None:
    req = IntakeRequest(clerk, ITEM, APPLICANT, ANSWERS, all_ok(w), outcome=ACCEPT)
    return w.ctx.visits.submit(req, now=NOW, slips=False).case_no


def cases(w: Any) -> int:
    with w.ctx.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Case)) or 0)


def posts_published(central: CentralDb) -> int:
    return int(central.scalar("SELECT count(*) FROM counter.publications WHERE dataset = 'posts'"))


def test_publish_refuses_unknown_accounts_and_items(
    central: CentralDb, make_window: Any, tmp_path: Path
) -> None:
    staffed(central, make_window)
    doc = table({"ann": "A", "ghost": "B"}, {"cat": "A"})
    doc["posts"][0]["items"].append("NOPE-0001")
    with pytest.raises(ValidationFailed) as err:
        publish_posts(central.url, write(tmp_path, "bad.json", doc), "C01")
    where = {p.path for p in err.value.problems}
    assert where == {"posts[0].members[1]", "posts[0].items[2]"}
    assert any("ghost" in p.reason for p in err.value.problems)
    assert "未发布" in err.value.message
    broken = table({"ann": "A", "bob": "A"}, {"cat": "A"})
    with pytest.raises(CounterError) as one:
        publish_posts(central.url, write(tmp_path, "two-a.json", broken), "C01")
    assert one.value.path == "posts[0].members"
    with pytest.raises(CounterError) as unknown:
        publish_posts(
            central.url, write(tmp_path, "ok.json", table({"ann": "A"}, {"cat": "A"})), "C09"
        )
    assert unknown.value.code == "central.unknown_centre"
    assert posts_published(central) == 0


def test_depths_come_from_the_post_and_a_staff_change_takes_effect_at_the_next_sync(
    central: CentralDb, make_window: Any, tmp_path: Path
) -> None:
    w = staffed(central, make_window)
    # Before any table: the window's own setting (every depth by default).
    assert w.ctx.visits.authorised(ITEM, "cat", NOW.date()) >= {"受理"}
    first = publish_posts(
        central.url,
        write(tmp_path, "v1.json", table({"ann": "A", "bob": "B"}, {"cat": "A"})),
        "C01",
    )
    assert w.sync().ok
    assert cursor(w.ctx, "posts") == first.version
    assert w.ctx.visits.authorised(ITEM, "ann", NOW.date()) == {
        "收件",
        "原件核验",
        "一次性告知",
        "受理",
    }
    assert w.ctx.visits.authorised(ITEM, "cat", NOW.date()) == {"收件"}
    assert w.ctx.visits.authorised(ITEM, "bob", NOW.date()) == set()
    # cat (收件 only) may start an intake but not accept it; nothing is written.
    w.ctx.visits.require_intake(ITEM, "cat", NOW.date())
    with pytest.raises(CounterError) as err:
        accept_as(w, "cat")
    assert err.value.code == "outcome.not_allowed" and "受理" in err.value.message
    # bob, in no post that holds this item while ann is there, may not even start one.
    with pytest.raises(CounterError) as err:
        accept_as(w, "bob")
    assert err.value.code == "post.not_authorised"
    assert "FRONT" in err.value.message and "收件" in err.value.message
    assert cases(w) == 0
    assert accept_as(w, "ann") is not None

    # The centre moves cat to the front desk and ann to guidance, and disables bob.
    second = publish_posts(
        central.url, write(tmp_path, "v2.json", table({"cat": "A"}, {"ann": "A"}, "v2")), "C01"
    )
    central_admin.set_account_active(central.url, "bob", False)
    assert w.sync().ok
    assert cursor(w.ctx, "posts") == second.version
    assert w.ctx.posts.require_published().table.version == "v2"
    assert accept_as(w, "cat") is not None
    with pytest.raises(CounterError) as err:
        accept_as(w, "ann")
    assert err.value.code == "outcome.not_allowed"
    with pytest.raises(CounterError) as err:
        w.ctx.users.authenticate("bob", PASSWORD)
    assert err.value.code == "login.failed"


def test_an_absent_a_is_covered_by_its_b_and_the_absence_reaches_the_central(
    central: CentralDb, make_window: Any, tmp_path: Path
) -> None:
    w = staffed(central, make_window)
    publish_posts(
        central.url,
        write(tmp_path, "v1.json", table({"ann": "A", "bob": "B"}, {"cat": "A"})),
        "C01",
    )
    assert w.sync().ok
    day = NOW.date()
    with pytest.raises(CounterError) as err:
        w.ctx.posts.mark_absent("ann", day, day, "cat")  # a clerk may not
    assert err.value.code == "user.forbidden"
    w.ctx.posts.mark_absent("ann", day, day + timedelta(days=2), "boss", now=NOW)
    assert w.ctx.visits.authorised(ITEM, "bob", day) == {"收件", "原件核验", "一次性告知", "受理"}
    assert w.ctx.visits.authorised(ITEM, "ann", day) == set()
    assert w.ctx.visits.authorised(ITEM, "bob", day + timedelta(days=3)) == set()
    assert accept_as(w, "bob") is not None
    w.ctx.posts.mark_present("ann", day + timedelta(days=1), "boss", now=NOW)
    assert w.ctx.visits.authorised(ITEM, "bob", day + timedelta(days=1)) == set()
    assert w.ctx.visits.authorised(ITEM, "bob", day) != set()
    assert w.sync().ok
    kinds = central.rows(
        "SELECT payload::jsonb->>'action' FROM counter.records WHERE kind = 'post_absence' ORDER BY seq"
    )
    assert [k for (k,) in kinds] == ["absent", "present"]


def test_publish_from_the_command_line(
    central: CentralDb, make_window: Any, tmp_path: Path, capsys: Any
) -> None:
    from app.cli.main import main

    staffed(central, make_window)
    capsys.readouterr()
    bad = write(tmp_path, "bad.json", table({"ann": "A", "ghost": "B"}, {"cat": "A"}))
    db = ["--db", central.url]
    assert main(["central", "posts", "publish", *db, str(bad), "--centre", "C01"]) == 1
    err = capsys.readouterr().err
    assert "posts[0].members[1]" in err and "ghost" in err and "未发布" in err
    assert posts_published(central) == 0
    good = write(tmp_path, "good.json", table({"ann": "A", "bob": "B"}, {"cat": "A"}))
    assert main(["central", "posts", "publish", *db, str(good), "--centre", "c01"]) == 0
    out = capsys.readouterr().out
    assert "已发布 posts" in out and "C01" in out and "2 个岗位" in out
    assert posts_published(central) == 1
