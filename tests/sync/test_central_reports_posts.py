"""The county's per-post (岗位) table, against the real PostgreSQL: each centre's post table in
force on the day (by its publication date), and the absences marked at the windows."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

import pytest

from app.core import figures as fg
from app.core.posts import dump_posts, parse_posts
from app.sync.central_reports import county_report

from .conftest import CentralDb
from .intakes import NOW, accept, central_account, ready

pytestmark = pytest.mark.central


def table(version: str, posts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "counter-posts/1", "version": version, "posts": posts}


def post(code: str, members: dict[str, str], items: Any = "*") -> dict[str, Any]:
    return {
        "code": code,
        "name": f"岗位{code}",
        "kind": "前台",
        "items": items,
        "depths": {"*": ["收件", "受理"]},
        "members": [{"username": u, "role": r} for u, r in members.items()],
    }


def publish(central: CentralDb, doc: dict[str, Any], on: date, centre: str | None = None) -> None:
    """A post table as `counter central posts publish` stores it, published on ``on``."""
    body = json.dumps(dump_posts(parse_posts(doc)), ensure_ascii=False, sort_keys=True)
    with central.connect() as conn:
        conn.execute(
            "INSERT INTO counter.publications (dataset, centre_code, body, body_hash, "
            "published_at) VALUES ('posts', %s, %s, %s, %s)",
            (
                centre,
                body,
                hashlib.sha256(body.encode()).hexdigest(),
                datetime.combine(on, datetime.min.time()).astimezone(),
            ),
        )


@pytest.fixture
def two_windows(central: CentralDb, make_window) -> tuple[Any, Any]:  # type: ignore[no-untyped-def]
    a = ready(make_window("C01", "W01"))
    b = ready(make_window("C01", "W02"))
    central_account(a.ctx, "boss", "吴科长", "supervisor")
    accept(a.ctx, 3)
    accept(b.ctx, 2)
    return a, b


def test_without_a_published_table_there_is_no_per_post_table(central, two_windows) -> None:  # type: ignore[no-untyped-def]
    for w in two_windows:
        w.sync()
    r = county_report(central.url, "daily", day=NOW.date())
    assert r.total.begun == 5 and r.by_post == {} and r.post_table == ""


def test_each_case_counts_by_the_table_in_force_that_day_and_the_cover(
    central, two_windows
) -> None:  # type: ignore[no-untyped-def]
    a, b = two_windows
    # In force on the 23rd: clerk1 is P1's A and P2's B (boss its A).
    publish(
        central,
        table("2026-11", [post("P1", {"clerk1": "A"}), post("P2", {"boss": "A", "clerk1": "B"})]),
        date(2026, 11, 2),
    )
    # Published after the cases' day: clerk1 in no post. It does not apply to the 23rd.
    publish(central, table("2026-12", [post("P9", {"boss": "A"})]), date(2026, 11, 24))
    # boss away on the 23rd, marked at W01: clerk1 covers P2 that day.
    a.ctx.posts.mark_absent("boss", NOW.date(), NOW.date(), "boss", now=NOW)
    for w in (a, b):
        w.sync()
    r = county_report(central.url, "daily", day=NOW.date())
    assert {k: f.begun for k, f in r.by_post.items()} == {"P1": 5, "P2": 5}
    assert r.post_names["P1"] == "岗位P1（P1）"  # one centre: named without it
    assert "当日施行" in r.post_table
    monthly = county_report(central.url, "monthly", month=(2026, 11), centre="C01")
    assert {k: f.begun for k, f in monthly.by_post.items()} == {"P1": 5, "P2": 5}
    assert set(monthly.post_names) == {"P1", "P2", "P9"}  # every table of the month named


def test_a_centre_table_and_no_absence(central, two_windows) -> None:  # type: ignore[no-untyped-def]
    publish(
        central,
        table("c01", [post("P1", {"boss": "A", "clerk1": "B"}), post("P3", {"clerk1": "A"})]),
        date(2026, 11, 2),
        centre="C01",
    )
    for w in two_windows:
        w.sync()
    r = county_report(central.url, "daily", day=NOW.date())
    # boss in: clerk1 is only P3's; P1 (its B) has nothing.
    assert {k: f.begun for k, f in r.by_post.items()} == {"P3": 5}
    other = county_report(central.url, "daily", day=NOW.date(), centre="C01")
    assert {k: f.begun for k, f in other.by_post.items()} == {"P3": 5}
    assert fg.UNPOSTED not in r.by_post


def test_over_several_centres_a_post_is_named_with_its_centre(
    central, two_windows, make_window
) -> None:  # type: ignore[no-untyped-def]
    c = ready(make_window("C02", "W01"))
    accept(c.ctx, 1)
    publish(central, table("c01", [post("P3", {"clerk1": "A"})]), date(2026, 11, 2), centre="C01")
    for w in (*two_windows, c):
        w.sync()
    r = county_report(central.url, "daily", day=NOW.date())
    # C02 has no table of its own nor a county-wide one: its case is under 未分岗.
    assert {k: f.begun for k, f in r.by_post.items()} == {"C01 P3": 5, fg.UNPOSTED: 1}
    assert r.post_names["C01 P3"] == "C01 岗位P3（P3）"
