"""The window's accounts as the accounts screen lists them: each with where it comes from (made
on this window, or sent by the central), whether it is locked now and the posts it holds in the
published post table (岗位职责分工表); and whether the window is registered with a central,
where accounts are the central's to create and enable (``services/accounts.py``).

Read-only; changes go through ``AccountService`` (services/accounts.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.models.db import Store
from app.models.schema import User
from app.services import accounts
from app.services.posts import published_in

ORIGINS = {"local": "本地", "central": "中心"}


@dataclass(frozen=True)
class AccountRow:
    username: str
    display_name: str
    role: str
    active: bool
    origin: str  # local | central
    locked_until: datetime | None
    posts: tuple[tuple[str, str], ...] = ()  # (post name, A/B/C) in the published table

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    @property
    def origin_label(self) -> str:
        return ORIGINS.get(self.origin, self.origin)


def account_rows(store: Store) -> list[AccountRow]:
    """Every account of the window, by username."""
    with store.read() as s:
        published = published_in(s)
        rows = []
        for u in s.scalars(select(User).order_by(User.username)):
            held = published.table.posts_of(u.username) if published else []
            rows.append(
                AccountRow(
                    u.username,
                    u.display_name,
                    u.role,
                    u.active,
                    u.origin,
                    u.locked_until,
                    tuple((p.name, role) for p, role in held),
                )
            )
        return rows


def registered_with_central(store: Store) -> bool:
    """A central database is set up for this window, or one has already registered it (its
    identity is pinned): its accounts then come from the central."""
    with store.read() as s:
        return accounts.registered_with_central(s)
