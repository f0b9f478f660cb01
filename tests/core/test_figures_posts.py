"""The figures per post (岗位) on a generated month whose answers are counted by hand.

November 2026. Two posts: P1 前台 handles every item (a is its A, b its B); P2 帮办 handles
I2 only (b is its A, c its C). d is in no post. a is away 9 to 13 November, b 16 to 20.
Each case below says which post(s) it counts for and why.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.core import figures as fg
from app.core.checklist import ACCEPT, CORRECTION
from app.core.period_report import build_report
from app.core.posts import parse_posts
from app.core.workdays import WorkCalendar

CAL = WorkCalendar()
NOV = fg.month_period(2026, 11)
TABLE = parse_posts(
    {
        "format": "counter-posts/1",
        "version": "2026-11",
        "posts": [
            {
                "code": "P1",
                "name": "前台",
                "kind": "前台",
                "items": "*",
                "depths": {"*": ["收件", "受理"]},
                "members": [{"username": "a", "role": "A"}, {"username": "b", "role": "B"}],
            },
            {
                "code": "P2",
                "name": "帮办",
                "kind": "帮办",
                "items": ["I2"],
                "depths": {"*": ["收件", "受理"]},
                "members": [{"username": "b", "role": "A"}, {"username": "c", "role": "C"}],
            },
        ],
    }
)
AWAY = {"a": (date(2026, 11, 9), date(2026, 11, 13)), "b": (date(2026, 11, 16), date(2026, 11, 20))}


def absent_on(d: date) -> set[str]:
    return {u for u, (lo, hi) in AWAY.items() if lo <= d <= hi}


def at(day: int, hour: int = 9) -> datetime:
    return datetime.combine(date(2026, 11, day), time(hour))


# (day, clerk, item, outcome, the posts it counts for)
STORIES = [
    *[(d, "a", "I1", ACCEPT, ["P1"]) for d in (2, 3, 4, 5, 6)],  # a is P1's A
    (2, "b", "I1", ACCEPT, [fg.UNPOSTED]),  # b is only P1's B and a is in
    (3, "b", "I1", CORRECTION, [fg.UNPOSTED]),
    (9, "b", "I1", ACCEPT, ["P1"]),  # a away: b covers P1
    (10, "b", "I1", ACCEPT, ["P1"]),
    (4, "b", "I2", ACCEPT, ["P2"]),  # b is P2's A; P1 is a's while a is in
    (11, "b", "I2", ACCEPT, ["P1", "P2"]),  # a away: b holds both posts for I2
    (16, "c", "I2", ACCEPT, ["P2"]),  # b (P2's A, no B) away: c, its C, covers
    (5, "c", "I2", CORRECTION, [fg.UNPOSTED]),  # b in: c holds nothing
    (6, "d", "I1", ACCEPT, [fg.UNPOSTED]),  # d is in no post
    (12, "a", "I2", ACCEPT, ["P1"]),  # a marked away but did the work: still its A
]


def events() -> list[fg.Event]:
    out = []
    for n, (day, clerk, item, outcome, _posts) in enumerate(STORIES, start=1):
        out.append(
            fg.Event(
                "intake",
                at(day),
                f"case-{n}",
                {
                    "case_no": f"C1-W1-{n:04d}",
                    "centre": "C1",
                    "window": "W1",
                    "clerk": clerk,
                    "item_code": item,
                    "item_name": item,
                    "visit": 1,
                    "outcome": outcome,
                    "state": "accepted" if outcome == ACCEPT else "notified",
                },
            )
        )
    for day, clerk, level in ((10, "b", 5), (6, "d", 1), (17, "c", 4)):
        review = {"level": level, "centre": "C1", "window": "W1", "clerk": clerk, "item_code": "I2"}
        out.append(fg.Event("review", at(day, 10), None, review))
    return out


@pytest.fixture(scope="module")
def by_post() -> dict[str, fg.Figures]:
    cases = list(fg.case_facts(events()).values())
    return fg.figures_by_post(NOV, cases, fg.review_facts(events()), CAL, TABLE, absent_on)


def test_posts_held_follows_the_cover_rule() -> None:
    for day, clerk, item, _outcome, posts in STORIES:
        got = fg.posts_held(TABLE, clerk, item, absent_on(date(2026, 11, day)))
        assert got == posts, (day, clerk, item)


def test_each_post_counts_its_cases(by_post: dict[str, fg.Figures]) -> None:
    assert list(by_post) == ["P1", "P2", fg.UNPOSTED]  # the table's order, then 未分岗
    # P1: a's five, b's two while a was away, b's I2 on the 11th, a's I2 on the 12th.
    assert by_post["P1"].begun == 9
    assert by_post["P1"].accepted == 9
    # P2: b's I2 on the 4th and the 11th, c covering on the 16th.
    assert by_post["P2"].begun == 3
    # 未分岗: b on the 2nd and 3rd, c on the 5th, d; two of them one-time notices.
    assert by_post[fg.UNPOSTED].begun == 4
    assert by_post[fg.UNPOSTED].first_pass == fg.Rate(2, 4)
    # The case of the 11th counts under both posts: the rows add up to one more than all.
    assert sum(f.begun for f in by_post.values()) == len(STORIES) + 1


def test_reviews_count_for_the_posts_of_the_clerk_they_name(
    by_post: dict[str, fg.Figures],
) -> None:
    # b on the 10th (a away): P1 as b's cover, and P2 as its A (the review's item is I2).
    assert by_post["P1"].reviews.count == 1
    # c on the 17th covers P2 (b away): P2 has b's review and c's.
    assert by_post["P2"].reviews.count == 2
    assert by_post["P2"].reviews.mean == 4.5
    assert by_post[fg.UNPOSTED].reviews.count == 1  # d's
    assert by_post[fg.UNPOSTED].reviews.good == fg.Rate(0, 1)


def test_a_day(by_post: dict[str, fg.Figures]) -> None:
    cases = list(fg.case_facts(events()).values())
    day = fg.figures_by_post(fg.day_period(date(2026, 11, 11)), cases, [], CAL, TABLE, absent_on)
    assert {k: f.begun for k, f in day.items() if fg.active(f)} == {"P1": 1, "P2": 1}


def test_without_absences_cover_never_applies() -> None:
    cases = list(fg.case_facts(events()).values())
    plain = fg.figures_by_post(NOV, cases, [], CAL, TABLE)
    # Nobody away: b counts for P2 on I2 only; c, and b on I1, under 未分岗.
    assert plain["P1"].begun == 6  # a's five and a's I2
    assert plain["P2"].begun == 2  # b's I2 on the 4th and the 11th
    assert plain[fg.UNPOSTED].begun == 7


def test_the_report_has_the_per_post_table_only_with_a_table() -> None:
    evs = events()
    cases = fg.case_facts(evs)
    now = datetime(2026, 12, 1, 8)
    with_posts = build_report(
        "monthly", NOV, "C1 W1", evs, cases, [], CAL, now, posts=TABLE, absent_on=absent_on
    )
    assert {k: f.begun for k, f in with_posts.by_post.items()} == {
        "P1": 9,
        "P2": 3,
        fg.UNPOSTED: 4,
    }
    assert with_posts.post_names == {"P1": "前台（P1）", "P2": "帮办（P2）"}
    without = build_report("monthly", NOV, "C1 W1", evs, cases, [], CAL, now)
    assert without.by_post == {}
