"""Accounts: clerks, supervisors and administrators; argon2 passwords; lock-out after 5 misses."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select

from app.core.errors import CounterError
from app.core.roles import ROLES, Account
from app.models.db import Store
from app.models.schema import User
from app.services import login

MIN_PASSWORD = 8
USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")


def _view(u: User) -> Account:
    return Account(u.username, u.display_name, u.role, u.active, u.locked_until)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise CounterError("user.weak_password", f"密码至少 {MIN_PASSWORD} 位")
    if password.isdigit() or password.isalpha():
        raise CounterError("user.weak_password", "密码应同时包含字母和数字")


class AccountService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def count(self) -> int:
        with self.store.read() as s:
            return s.scalar(select(func.count()).select_from(User)) or 0

    def add(self, username: str, display_name: str, role: str, password: str,
            origin: str = "local") -> Account:
        if not USERNAME.match(username):
            raise CounterError("user.name", "用户名只能包含字母、数字、点、下划线和连字符，2 到 64 位",
                               path="username")
        if role not in ROLES:
            raise CounterError("user.role", f"角色应为 {'、'.join(ROLES)} 之一", path="role")
        if not display_name.strip():
            raise CounterError("user.display_name", "请填写姓名", path="display_name")
        check_password_strength(password)
        now = datetime.now()
        with self.store.write() as s:
            if s.scalar(select(User).where(User.username == username)) is not None:
                raise CounterError("user.exists", f"用户 {username} 已存在", path="username")
            u = User(username=username, display_name=display_name.strip(), role=role,
                     password_hash=login.hasher().hash(password), active=True, failed_attempts=0,
                     origin=origin, created_at=now, updated_at=now)
            s.add(u)
            return _view(u)

    def set_active(self, username: str, active: bool) -> Account:
        with self.store.write() as s:
            u = self._get(s, username)
            if not active and u.role == "admin":
                others = s.scalar(select(func.count()).select_from(User).where(
                    User.role == "admin", User.active.is_(True), User.username != username))
                if not others:
                    raise CounterError("user.last_admin", "不能停用最后一个管理员账号")
            u.active = active
            u.updated_at = datetime.now()
            return _view(u)

    def set_password(self, username: str, password: str) -> None:
        check_password_strength(password)
        with self.store.write() as s:
            u = self._get(s, username)
            u.password_hash = login.hasher().hash(password)
            u.failed_attempts = 0
            u.locked_until = None
            u.updated_at = datetime.now()

    def list(self) -> list[Account]:
        with self.store.read() as s:
            return [_view(u) for u in s.scalars(select(User).order_by(User.username))]

    def get(self, username: str) -> Account:
        with self.store.read() as s:
            return _view(self._get(s, username))

    def authenticate(self, username: str, password: str,
                     now: datetime | None = None) -> Account:
        """Check a password; five misses lock the account for 15 minutes."""
        return login.authenticate(self.store.path, username, password, now)

    def require(self, username: str, permission: str) -> Account:
        acc = self.get(username)
        if not acc.may(permission):
            raise CounterError("user.forbidden",
                               f"用户 {username}（{ROLES.get(acc.role, acc.role)}）无权执行此操作")
        return acc

    @staticmethod
    def _get(s, username: str) -> User:  # type: ignore[no-untyped-def]
        u = s.scalar(select(User).where(User.username == username))
        if u is None:
            raise CounterError("user.unknown", f"没有用户 {username}", path="username")
        return u
