"""Accounts: clerks, supervisors and administrators; argon2 passwords; lock-out after 5 misses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.core.errors import CounterError
from app.models.db import Store
from app.models.schema import User

ROLES = {"clerk": "窗口人员", "supervisor": "值班长", "admin": "管理员"}
# What each role may do; a higher role includes the lower ones.
PERMISSIONS = {
    "clerk": {"intake", "consult", "pickup", "complaint", "print"},
    "supervisor": {"intake", "consult", "pickup", "complaint", "print", "reports", "tickets"},
    "admin": {"intake", "consult", "pickup", "complaint", "print", "reports", "tickets",
              "users", "catalog", "settings", "holidays"},
}
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None

    def may(self, permission: str) -> bool:
        return self.active and permission in PERMISSIONS.get(self.role, set())


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


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
                     password_hash=_hasher().hash(password), active=True, failed_attempts=0,
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
            u.password_hash = _hasher().hash(password)
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
        from argon2.exceptions import InvalidHashError, VerifyMismatchError

        now = now or datetime.now()
        with self.store.write() as s:
            u = s.scalar(select(User).where(User.username == username))
            if u is None or not u.active:
                raise CounterError("login.failed", "用户名或密码不正确，或账号已停用")
            if u.locked_until is not None and u.locked_until > now:
                minutes = int((u.locked_until - now).total_seconds() // 60) + 1
                raise CounterError("login.locked",
                                   f"密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试或请管理员重置")
            try:
                _hasher().verify(u.password_hash, password)
            except (VerifyMismatchError, InvalidHashError):
                u.failed_attempts += 1
                if u.failed_attempts >= MAX_FAILURES:
                    u.locked_until = now + LOCK_FOR
                    u.failed_attempts = 0
                    # Commit the lock-out even though we report a failure.
                    s.flush()
                    left = 0
                else:
                    left = MAX_FAILURES - u.failed_attempts
                error = CounterError(
                    "login.failed",
                    "用户名或密码不正确" + (f"，还可尝试 {left} 次" if left else "，账号已锁定 15 分钟"))
            else:
                u.failed_attempts = 0
                u.locked_until = None
                return _view(u)
        raise error

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
