"""The window's post table as the 岗位分工 screen and the printed 分工表 show it: the table the
central published (services/posts.py) with the names the window knows for its accounts and
items, and for one day who is absent and who holds each post then (A/B/C cover, the same rule
as ``app.core.posts.depths_for``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from sqlalchemy import select

from app.core.posts import Post, PostTable
from app.models.db import Store
from app.models.schema import User
from app.printing.post_table import PostSheet, render_post_table
from app.services.accounts import AccountService
from app.services.catalog import CatalogService
from app.services.posts import Absence, PostService, absences_in
from app.services.settings import Settings


@dataclass(frozen=True)
class PostDay:
    """One post on one day: its members with who is away, and who holds its depths."""

    post: Post
    absent: frozenset[str]  # the post's members away that day
    holding: tuple[str, ...]  # who holds the post's depths that day (none: nobody can)
    covering: bool  # held by a B or C because its A is away


@dataclass(frozen=True)
class PostsView:
    sheet: PostSheet
    version: int  # the central's publication number
    day: date
    posts: tuple[PostDay, ...]
    absences: tuple[Absence, ...]  # every absence in force on the day or later


def holding(post: Post, absent: Collection[str]) -> tuple[tuple[str, ...], bool]:
    """Who holds the post while ``absent`` are away: its A; else its Bs who are in; else its
    Cs who are in (``depths_for``'s rule); and whether that is cover."""
    for role in ("A", "B", "C"):
        present = tuple(u for u in post.holders(role) if u not in absent)
        if present:
            return present, role != "A"
    return (), True


def day_of(table: PostTable, absent: Collection[str]) -> tuple[PostDay, ...]:
    out = []
    for post in table.posts:
        members = {m.username for m in post.members}
        who, cover = holding(post, absent)
        out.append(PostDay(post, frozenset(members & set(absent)), who, cover))
    return tuple(out)


def post_sheet(store: Store, catalog: CatalogService, now: datetime) -> tuple[PostSheet, int]:
    """The published table with its names; refused, with what to do, when there is none."""
    published = PostService(store, AccountService(store)).require_published()
    with store.read() as s:
        centre = Settings.centre_name.get(s) or ""
        names = {u: n for u, n in s.execute(select(User.username, User.display_name))}
    items = {i.code: i.name for i in catalog.items()}
    return PostSheet(published.table, centre, names, items, now), published.version


def posts_view(store: Store, catalog: CatalogService, day: date, now: datetime) -> PostsView:
    """The table for the 岗位分工 screen: each post on ``day``, and the absences from then."""
    sheet, version = post_sheet(store, catalog, now)
    with store.read() as s:
        absences = [a for a in absences_in(s) if a.end >= day]
    away = {a.username for a in absences if a.start <= day <= a.end}
    return PostsView(
        sheet,
        version,
        day,
        day_of(sheet.table, away),
        tuple(sorted(absences, key=lambda a: (a.start, a.username))),
    )


def print_post_table(store: Store, catalog: CatalogService, out: BinaryIO, now: datetime) -> str:
    """Render the published 分工表 as a PDF; returns the table's version."""
    sheet, _number = post_sheet(store, catalog, now)
    render_post_table(sheet, out)
    return sheet.table.version
