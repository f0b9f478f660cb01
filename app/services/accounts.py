"""Accounts: clerks, supervisors and administrators; argon2 passwords; lock-out after 5 misses."""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from app.core.errors import CounterError
from app.core.roles import ROLES, Account
from app.models.db import Store
from app.models.schema import User
from app.services import login
from app.services.settings import Settings

MIN_PASSWORD = 8
USERNAME = login.USERNAME


_USERS = User.__table__.c
_ACCOUNT = select(
    _USERS.username, _USERS.display_name, _USERS.role, _USERS.active, _USERS.locked_until
).where(_USERS.username == bindparam("username"))


def _view(u: User) -> Account:
    return Account(u.username, u.display_name, u.role, u.active, u.locked_until)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The most used passwords (the yearly lists of leaked passwords, Chinese sites included), as
# typed and as the word under a few digits or symbols ("password1", "Passw0rd!", "qwerty123").
COMMON_PASSWORDS = _words("""
123456 123456789 12345678 1234567890 111111 000000 123123 666666 888888 654321 147258369
123321 112233 5201314 1314520 11111111 88888888 87654321 00000000 12341234 11223344
password passwd passw0rd p@ssw0rd p@ssword pass1234 password1 password12 password123
qwerty qwertyuiop qwerty123 qwe123 qweasd qweasdzxc 1qaz2wsx 1q2w3e4r 1q2w3e4r5t zaq12wsx
asdfgh asdfghjkl asd123 zxcvbn zxcvbnm abc123 abc1234 abc12345 abc123456 abcd1234 a123456
a12345678 aa123456 a1b2c3d4 a1234567 q1w2e3r4 qq123456 woaini woaini1314 iloveyou
admin admin123 admin888 administrator root toor welcome welcome1 letmein monkey dragon
sunshine princess football baseball master superman batman trustno1 starwars shadow
test test123 test1234 guest user login changeme default secret china huawei
""")
# Words a common password is made of, found again under digits and symbols around them.
COMMON_WORDS = _words("""
password passwd qwerty qwertyuiop asdf asdfgh asdfghjkl zxcv zxcvbn zxcvbnm qwe qweasd
qweasdzxc abc abcd abcdef admin administrator root iloveyou woaini welcome letmein monkey
dragon sunshine princess football baseball master superman batman shadow test guest user
login changeme default secret china huawei aaa
""")
_LEET = str.maketrans(
    {"@": "a", "4": "a", "0": "o", "1": "i", "3": "e", "$": "s", "5": "s", "7": "t", "!": "i"}
)


def _kinds(password: str) -> int:
    letters = any(c.isalpha() for c in password)
    digits = any(c.isdigit() for c in password)
    symbols = any(not c.isalnum() for c in password)
    return letters + digits + symbols


def _trivial(text: str) -> bool:
    """One character or one short pattern repeated (aaaa, abab), or one run (abcd, 4321)."""
    if len(set(text)) <= 2:
        return True
    if any(text == text[:n] * (len(text) // n) + text[: len(text) % n] for n in range(1, 5)):
        return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    return steps <= {1} or steps <= {-1}


def is_common_password(password: str) -> bool:
    """A password from the list, or a listed word with only digits and symbols around it, or
    a trivial one: letters and digits each of one kind (a run, a repeat) or one of them trivial
    and the other at most 3 characters (abcdefg1, ab123456, aaaa1111)."""
    low = password.lower()
    if low in COMMON_PASSWORDS or low.translate(_LEET) in COMMON_PASSWORDS:
        return True
    core = low.strip("0123456789!@#$%^&*()_+-=.,;:?~ ")
    if core and (core in COMMON_WORDS or core.translate(_LEET) in COMMON_WORDS):
        return True
    if _trivial(low):
        return True
    parts = [p for p in re.split(r"([a-z]+|\d+)", low) if p]
    if len(parts) == 2 and "".join(parts).isalnum():
        plain = [p for p in parts if _trivial(p)]
        other = [p for p in parts if not _trivial(p)]
        if len(plain) == 2 or (len(plain) == 1 and len(other[0]) <= 3):
            return True
    return False


def check_password_strength(password: str, username: str | None = None) -> None:
    """At least 8 characters of at least two kinds (letters, digits, symbols), not a common
    password and not the account's name."""
    if len(password) < MIN_PASSWORD:
        raise CounterError("user.weak_password", f"密码至少 {MIN_PASSWORD} 位")
    if _kinds(password) < 2:
        raise CounterError("user.weak_password", "密码应至少包含字母、数字、符号中的两类")
    if username and len(username) >= 3 and username.lower() in password.lower():
        raise CounterError("user.weak_password", "密码不能包含用户名")
    if is_common_password(password):
        raise CounterError("user.weak_password", "这是常见密码，很容易被猜中：请换一个不常见的密码")


class AccountService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def count(self) -> int:
        with self.store.read() as s:
            return s.scalar(select(func.count()).select_from(User)) or 0

    def add(
        self, username: str, display_name: str, role: str, password: str, origin: str = "local"
    ) -> Account:
        if not USERNAME.match(username):
            raise CounterError(
                "user.name",
                "用户名只能包含字母、数字、点、下划线和连字符，2 到 64 位",
                path="username",
            )
        if role not in ROLES:
            raise CounterError("user.role", f"角色应为 {'、'.join(ROLES)} 之一", path="role")
        if not display_name.strip():
            raise CounterError("user.display_name", "请填写姓名", path="display_name")
        check_password_strength(password, username)
        now = datetime.now()
        with self.store.write() as s:
            if origin == "local":
                refuse_if_registered(s, username, role)
            if s.scalar(select(User).where(User.username == username)) is not None:
                raise CounterError("user.exists", f"用户 {username} 已存在", path="username")
            u = User(
                username=username,
                display_name=display_name.strip(),
                role=role,
                password_hash=login.hasher().hash(password),
                active=True,
                failed_attempts=0,
                origin=origin,
                created_at=now,
                updated_at=now,
            )
            s.add(u)
            return _view(u)

    def set_active(self, username: str, active: bool) -> Account:
        with self.store.write() as s:
            u = self._get(s, username)
            if not active and u.role == "admin":
                others = s.scalar(
                    select(func.count())
                    .select_from(User)
                    .where(User.role == "admin", User.active.is_(True), User.username != username)
                )
                if not others:
                    raise CounterError("user.last_admin", "不能停用最后一个管理员账号")
            u.active = active
            u.updated_at = datetime.now()
            return _view(u)

    def set_password(self, username: str, password: str) -> None:
        """A new password (the lock-out ends with it); refused for an account the central
        manages (see ``refuse_central_password``), the store left as it was."""
        self.refuse_central_password(username)
        check_password_strength(password, username)
        with self.store.write() as s:
            u = self._get(s, username)
            refuse_central_account(s, u)
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

    def authenticate(self, username: str, password: str, now: datetime | None = None) -> Account:
        """Check a password; five misses lock the account for 15 minutes."""
        return login.authenticate(self.store.path, username, password, now)

    def registered(self) -> bool:
        """Whether accounts come from the central here (see ``refuse_if_registered``)."""
        with self.store.read() as s:
            return registered_with_central(s)

    def refuse_local_account(self, username: str, role: str) -> None:
        """Refuse at once (before any password is asked for) a local account on a window
        registered with a central."""
        with self.store.read() as s:
            refuse_if_registered(s, username, role)

    def central_managed(self, username: str) -> bool:
        """Whether the central manages this account's password (see ``central_managed``)."""
        with self.store.read() as s:
            return central_managed(s, self._get(s, username))

    def refuse_central_password(self, username: str) -> None:
        """Refuse at once (before a new password is asked for) to reset the password of an
        account the central manages."""
        with self.store.read() as s:
            refuse_central_account(s, self._get(s, username))

    def require(self, username: str, permission: str) -> Account:
        with self.store.read() as s:
            return self.require_in(s, username, permission)

    @staticmethod
    def require_in(s: Session, username: str, permission: str) -> Account:
        """``require`` in the caller's transaction (one statement)."""
        row = s.connection().execute(_ACCOUNT, {"username": username}).first()
        if row is None:
            raise CounterError("user.unknown", f"没有用户 {username}", path="username")
        acc = Account(*row)
        if not acc.may(permission):
            raise CounterError(
                "user.forbidden",
                f"用户 {username}（{ROLES.get(acc.role, acc.role)}）无权执行此操作",
            )
        return acc

    @staticmethod
    def _get(s: Session, username: str) -> User:
        u = s.scalar(select(User).where(User.username == username))
        if u is None:
            raise CounterError("user.unknown", f"没有用户 {username}", path="username")
        return u


def registered_with_central(s: Session) -> bool:
    """A central database is set up for this window, or one has registered it (its identity
    is pinned): its accounts then come from the central."""
    from app.services.sync_state import SyncState

    return bool(Settings.central_url.get(s) or SyncState.central_id.get(s))


def refuse_if_registered(s: Session, username: str, role: str) -> None:
    """A window registered with a central creates no accounts of its own: a staff change is
    made once, centrally, and reaches every window at its next sync. A fresh window (its first
    administrator) and the practice store (never registered) are not registered."""
    if not registered_with_central(s):
        return
    centre = Settings.centre_code.get(s) or "中心编码"
    raise CounterError(
        "user.central_only",
        f"本窗口已登记到中心数据库，账户由中心统一发布，不能在窗口新建：请县级管理员运行 "
        f"counter central user add {username} --name 姓名 --role {role} --centre {centre}，"
        "本窗口同步后即可登录",
        path="username",
    )


def central_managed(s: Session, u: User) -> bool:
    """An account the central sent to a window registered with it: the central owns its
    password, and its next publication of the account (any change of name, role or state)
    would overwrite a password set at the window."""
    return u.origin == "central" and registered_with_central(s)


def refuse_central_account(s: Session, u: User) -> None:
    if central_managed(s, u):
        raise CounterError(
            "user.central_password",
            f"账户 {u.username} 由中心统一管理，窗口重设的密码会在下次同步时被中心发布的密码覆盖："
            f"请县级管理员运行 counter central user passwd {u.username}，本窗口同步后即可用新密码登录",
            path="username",
        )
