"""The post table (岗位职责分工表) at the window: the one the central published, who is absent, and
the authorisation depths (授权深度) of a clerk for an item.

The central publishes the table (dataset ``posts``, the newest wins; app/sync/pull.py keeps it
in the setting ``PUBLISHED_POSTS``). Once a window holds one, a clerk's depths come from it
(``app.core.posts.depths_for``) and the window's own ``window.authorisation`` no longer applies;
that setting stays for windows without a published table (the demo, an unregistered window,
practice).

Absence (A/B cover): a supervisor marks an account absent for some days at the window; each
mark is a chained ``post_absence`` record, so it reaches the central with the next push and
the window's record of who covered whom can be checked. The absences in force on a day are
read back from those records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import CounterError
from app.core.posts import PostTable, depths_for, missing_depth_message, parse_posts
from app.models.db import Store
from app.models.schema import Record, User
from app.services import record_log
from app.services.accounts import AccountService
from app.services.settings import Settings, Var

# {"version": <central publication version>, "table": <the counter-posts/1 document>}
PUBLISHED_POSTS = Var[dict[str, Any] | None](
    "central.posts", None, "中心发布的岗位职责分工表（授权深度以此为准）"
)
ABSENCE_KIND = "post_absence"
MAX_ABSENCE_DAYS = 366


@dataclass(frozen=True)
class Published:
    version: int  # the central's publication version
    table: PostTable


@dataclass(frozen=True)
class Absence:
    username: str
    start: date
    end: date  # inclusive
    by: str


def published_in(s: Session) -> Published | None:
    """The post table the central published to this window, if any."""
    raw = PUBLISHED_POSTS.get(s)
    if not raw:
        return None
    cache = s.info.get("posts.table")
    if cache is not None and cache[0] == raw["version"]:
        return cache[1]  # type: ignore[no-any-return]
    pub = Published(int(raw["version"]), parse_posts(raw["table"]))
    s.info["posts.table"] = (raw["version"], pub)
    return pub


def store_published(s: Session, version: int, table: PostTable) -> None:
    """Keep a publication (in the pull's transaction)."""
    from app.core.posts import dump_posts

    PUBLISHED_POSTS.set(s, {"version": version, "table": dump_posts(table)})
    s.info.pop("posts.table", None)


def absences_in(s: Session) -> list[Absence]:
    """Every absence in force, replayed from the ``post_absence`` records in their order: a
    mark adds days, a 到岗 (present) from a day on takes that day and the later ones away."""
    rows = s.execute(
        select(Record.payload).where(Record.kind == ABSENCE_KIND).order_by(Record.epoch, Record.seq)
    ).scalars()
    return replay_absences(json.loads(payload) for payload in rows)


def replay_absences(payloads: Iterable[Mapping[str, Any]]) -> list[Absence]:
    """The absences in force after the ``post_absence`` records' payloads, in their order."""
    out: list[Absence] = []
    for p in payloads:
        user, start = p["username"], date.fromisoformat(p["from"])
        if p["action"] == "absent":
            out.append(Absence(user, start, date.fromisoformat(p["to"]), p["by"]))
            continue
        kept = []
        for a in out:
            if a.username != user or a.end < start:
                kept.append(a)
            elif a.start < start:
                kept.append(Absence(a.username, a.start, start - timedelta(days=1), a.by))
        out = kept
    return out


def absent_on(s: Session, day: date) -> set[str]:
    return {a.username for a in absences_in(s) if a.start <= day <= a.end}


def depths_in(s: Session, username: str | None, item_code: str, day: date) -> set[str] | None:
    """The depths ``username`` holds for the item on ``day`` by the published post table;
    None when the window has no published table (the window setting applies then). Without
    a username (nobody logged in) nothing is held."""
    pub = published_in(s)
    if pub is None:
        return None
    if username is None:
        return set()
    return depths_for(pub.table, username, item_code, absent_on(s, day))


def require_depth(s: Session, username: str | None, item_code: str, depth: str, day: date) -> None:
    """Refuse when the clerk does not hold ``depth`` on the item, naming the post."""
    pub = published_in(s)
    if pub is None:
        if depth not in window_depths(s, item_code):
            raise CounterError(
                "outcome.not_allowed",
                f"本窗口对事项 {item_code} 没有“{depth}”权限（窗口设置 window.authorisation）",
            )
        return
    absent = absent_on(s, day)
    if username is None or depth not in depths_for(pub.table, username, item_code, absent):
        who = username or "（未登录）"
        raise CounterError(
            "post.not_authorised",
            missing_depth_message(pub.table, who, item_code, depth, absent),
        )


def window_depths(s: Session, item_code: str) -> set[str]:
    """The window's own setting (for a window without a published post table)."""
    from app.services.settings import AUTH_DEPTHS

    table = Settings.authorisation.get(s)
    return set(table.get(item_code, table.get("*", AUTH_DEPTHS)))


class PostService:
    """The post table at the window: what the CLI and the screens show, and absences."""

    def __init__(self, store: Store, users: AccountService) -> None:
        self.store = store
        self.users = users

    def published(self) -> Published | None:
        with self.store.read() as s:
            return published_in(s)

    def require_published(self) -> Published:
        pub = self.published()
        if pub is None:
            raise CounterError(
                "post.none",
                "本窗口还没有收到中心发布的岗位职责分工表（由县级管理员用 "
                "counter central posts publish 发布，窗口同步后生效）；"
                "在此之前授权深度按窗口设置 window.authorisation",
            )
        return pub

    def absences(self, day: date | None = None) -> list[Absence]:
        """The absences in force (on ``day`` and later, when given)."""
        with self.store.read() as s:
            rows = absences_in(s)
        if day is not None:
            rows = [a for a in rows if a.end >= day]
        return sorted(rows, key=lambda a: (a.start, a.username))

    def mark_absent(
        self, username: str, start: date, end: date, by: str, now: datetime | None = None
    ) -> Absence:
        """A supervisor records that ``username`` is away from ``start`` to ``end``: the B of
        each post it is A of covers it on those days (C when the B is away too)."""
        now = now or datetime.now()
        self.users.require(by, "reports")  # a supervisor or an administrator
        if end < start:
            raise CounterError(
                "post.absence_range",
                f"结束日期 {end} 早于开始日期 {start}；请改正 --from / --to",
            )
        if (end - start).days >= MAX_ABSENCE_DAYS:
            raise CounterError(
                "post.absence_range",
                f"一次登记的缺岗不能超过 {MAX_ABSENCE_DAYS} 天；长期调岗请由中心重新发布分工表",
            )
        with self.store.write() as s:
            self._known(s, username)
            record_log.append(
                s,
                ABSENCE_KIND,
                {
                    "action": "absent",
                    "username": username,
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                    "by": by,
                },
                now=now.astimezone(),
            )
        return Absence(username, start, end, by)

    def mark_present(self, username: str, start: date, by: str, now: datetime | None = None) -> int:
        """``username`` is back from ``start`` on: its absences on that day and later end.
        Returns how many absences it changed (0 refuses: nothing to end)."""
        now = now or datetime.now()
        self.users.require(by, "reports")
        with self.store.write() as s:
            self._known(s, username)
            touched = [a for a in absences_in(s) if a.username == username and a.end >= start]
            if not touched:
                raise CounterError(
                    "post.not_absent",
                    f"{username} 在 {start} 及以后没有登记缺岗；用 counter post absences 查看",
                )
            record_log.append(
                s,
                ABSENCE_KIND,
                {"action": "present", "username": username, "from": start.isoformat(), "by": by},
                now=now.astimezone(),
            )
        return len(touched)

    @staticmethod
    def _known(s: Session, username: str) -> None:
        if s.scalar(select(User.id).where(User.username == username)) is None:
            raise CounterError("user.unknown", f"没有用户 {username}", path="username")
