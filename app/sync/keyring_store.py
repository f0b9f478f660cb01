"""The window's central-database password in the operating system's keyring, and nowhere else.

What the ``keyring`` package does on its own, measured on the machines Counter runs on:
- with ``keyrings.alt`` installed and no D-Bus, it silently picks a plaintext file (the password
  stored as base64);
- with no backend at all, every call raises ``NoKeyringError``;
- a locked keyring raises ``KeyringLocked``, or, with a display, blocks on an unlock prompt.

So every call here runs on a helper thread with a time limit, backends are classified against
a list of the ones that really keep secrets (Windows Credential Manager, macOS Keychain, Secret
Service, KWallet, libsecret), and anything else is refused unless an administrator has set
``central.allow_insecure_keyring``. Each failure is a CounterError whose message says what to
do. There is no silent fallback to a file.

For automation (CI, test rigs, a scheduled job on a server without a keyring) the password may
come from the environment variable ``COUNTER_CENTRAL_PASSWORD`` instead; see ``password_from_env``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from app.core.errors import CounterError
from app.sync.env import CENTRAL_PASSWORD_ENV

log = logging.getLogger(__name__)
T = TypeVar("T")

SERVICE = "Counter central database"
PASSWORD_ENV = CENTRAL_PASSWORD_ENV
DEFAULT_TIMEOUT = 5.0

SECURE_BACKENDS = frozenset(
    {
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
        "keyring.backends.libsecret.Keyring",
    }
)
# Backends that store nothing: as good as none.
NO_BACKENDS = frozenset({"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"})
CHAINER = "keyring.backends.chainer.ChainerBackend"

HOW_TO_CONFIGURE = (
    "Windows 使用“凭据管理器”（需以该用户登录桌面会话运行）；Linux 需在桌面会话中运行 GNOME "
    "Keyring 或 KWallet（有 D-Bus 会话）；也可在 keyringrc.cfg 中指定后端（见 "
    "`python -m keyring diagnose`）。仅限自动化任务：可改用环境变量 "
    f"{PASSWORD_ENV} 提供密码"
)


def backend_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


@dataclass(frozen=True)
class BackendInfo:
    name: str
    secure: bool
    available: bool


def classify(
    backend: KeyringBackend, secure_backends: Iterable[str] = SECURE_BACKENDS
) -> BackendInfo:
    """Is this backend a real secret store? A chain is secure only if every link is."""
    secure_set = frozenset(secure_backends)
    name = backend_name(backend)
    if name in NO_BACKENDS:
        return BackendInfo(name, False, False)
    if name == CHAINER:
        links = list(getattr(backend, "backends", []))
        infos = [classify(b, secure_set) for b in links]
        usable = [i for i in infos if i.available]
        return BackendInfo(
            f"{name}[{', '.join(i.name for i in usable)}]",
            bool(usable) and all(i.secure for i in usable),
            bool(usable),
        )
    return BackendInfo(name, name in secure_set, True)


def password_from_env() -> str | None:
    """The automation override. Never used when unset or empty."""
    value = os.environ.get(PASSWORD_ENV)
    return value or None


class KeyringStore:
    """Store, read and delete the window's password; every call bounded by ``timeout``."""

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        allow_insecure: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        secure_backends: Iterable[str] = SECURE_BACKENDS,
        service: str = SERVICE,
        secret: str = "中心数据库密码",
        how_to: str = HOW_TO_CONFIGURE,
    ) -> None:
        self._backend = backend
        self.service = service
        self.secret = secret  # what is kept, as the messages name it
        self.how_to = how_to
        self.allow_insecure = allow_insecure
        self.timeout = timeout
        self.secure_backends = frozenset(secure_backends)

    @property
    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def check(self) -> BackendInfo:
        """Refuse a missing or insecure backend (unless insecure ones are allowed)."""
        info = classify(self.backend, self.secure_backends)
        if not info.available:
            raise CounterError(
                "keyring.none",
                f"本机没有可用的系统密钥库（{info.name}），无法安全保存{self.secret}。"
                + self.how_to,
            )
        if not info.secure:
            if not self.allow_insecure:
                raise CounterError(
                    "keyring.insecure",
                    f"密钥库后端 {info.name} 不是系统密钥库（可能把密码存成明文文件），已拒绝使用。"
                    + self.how_to
                    + "；确需使用该后端时，由管理员把设置 "
                    "central.allow_insecure_keyring 设为 true",
                )
            log.warning(
                "using insecure keyring backend %s (allowed by the administrator)", info.name
            )
        return info

    def set_password(self, account: str, password: str) -> BackendInfo:
        info = self.check()
        self._bounded(lambda: self.backend.set_password(self.service, account, password), "保存")
        return info

    def get_password(self, account: str) -> str | None:
        self.check()
        return self._bounded(lambda: self.backend.get_password(self.service, account), "读取")

    def delete_password(self, account: str) -> None:
        self.check()

        def delete() -> None:
            # Nothing stored is already the wanted state.
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                self.backend.delete_password(self.service, account)

        self._bounded(delete, "删除")

    def _bounded(self, call: Callable[[], T], verb: str) -> T:
        """Run a keyring call on a daemon thread; a hung unlock prompt cannot hang the app."""
        values: list[T] = []
        errors: list[BaseException] = []

        def target() -> None:
            try:
                values.append(call())
            except BaseException as exc:
                errors.append(exc)

        worker = threading.Thread(target=target, name="counter-keyring", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise CounterError(
                "keyring.timeout",
                f"系统密钥库 {self.timeout:g} 秒内没有响应（可能已锁定，正在等待解锁对话框）。"
                "请解锁密钥库后重试",
            )
        if not errors:
            return values[0]
        error = errors[0]
        if isinstance(error, keyring.errors.KeyringLocked):
            raise CounterError(
                "keyring.locked",
                f"系统密钥库已锁定，无法{verb}{self.secret}。请先解锁（登录桌面会话或"
                "打开密钥库管理程序）后重试",
            ) from error
        if isinstance(error, keyring.errors.NoKeyringError):
            raise CounterError(
                "keyring.none",
                f"本机没有可用的系统密钥库，无法安全保存{self.secret}。" + self.how_to,
            ) from error
        if isinstance(error, keyring.errors.KeyringError | OSError):
            raise CounterError(
                "keyring.error", f"系统密钥库{verb}{self.secret}失败：{error}"
            ) from error
        raise error  # a programming error: let it surface
