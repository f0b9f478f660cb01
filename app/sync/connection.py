"""A connection to the central database that a dead network cannot hang.

Three layers of time limits, because each catches a different failure:
- libpq ``connect_timeout`` bounds connecting (a black-holed address, a portal that never
  answers the start-up message);
- server-side ``statement_timeout``, ``lock_timeout`` and ``idle_in_transaction_session_timeout``
  bound work the server is doing (and free its locks if the window vanished);
- TCP keepalives and ``tcp_user_timeout`` notice a peer that disappeared, and a client-side
  ``Watchdog`` shuts the socket under any call that has not returned in time, which is the
  only thing that helps when something on the path keeps the TCP connection alive but stops
  forwarding (a stalled proxy). The same watchdog makes a GUI "cancel" take effect at once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import psycopg
import psycopg.errors
from psycopg.conninfo import make_conninfo

from app import __version__
from app.core.errors import CounterError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timeouts:
    connect: int = 10  # seconds, the whole connection attempt (libpq, at least 2)
    statement: int = 120  # one statement on the server
    lock: int = 30
    idle_in_transaction: int = 300
    keepalive_idle: int = 15
    operation: float | None = None  # client watchdog per call; default statement + 30

    @property
    def watchdog(self) -> float:
        return self.operation if self.operation is not None else self.statement + 30.0


def build_conninfo(
    url: str,
    password: str | None,
    timeouts: Timeouts,
    application_name: str = f"counter-sync/{__version__}",
) -> str:
    options = (
        f"-c statement_timeout={timeouts.statement * 1000} "
        f"-c lock_timeout={timeouts.lock * 1000} "
        f"-c idle_in_transaction_session_timeout={timeouts.idle_in_transaction * 1000}"
    )
    extra: dict[str, str | int] = {
        "connect_timeout": max(2, timeouts.connect),
        "application_name": application_name,
        "options": options,
        "keepalives": 1,
        "keepalives_idle": timeouts.keepalive_idle,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": int(timeouts.watchdog * 1000),
    }
    if password is not None:
        extra["password"] = password
    return make_conninfo(url, **extra)


class Watchdog:
    """Shuts down the connection's socket when an armed deadline passes or ``cancel`` is set.

    The blocked psycopg call then fails with OperationalError; ``fired`` says why.
    """

    def __init__(self, conn: psycopg.Connection, cancel: threading.Event | None) -> None:
        self._conn = conn
        self._cancel = cancel
        self._cond = threading.Condition()
        self._deadline: float | None = None
        self._stopped = False
        self.fired: str | None = None  # "timeout" | "cancelled"
        self._thread = threading.Thread(
            target=self._watch, name="counter-sync-watchdog", daemon=True
        )
        self._thread.start()

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        with self._cond:
            self._deadline = time.monotonic() + seconds
            self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                self._deadline = None

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()
        self._thread.join(timeout=2)

    def _watch(self) -> None:
        with self._cond:
            while not self._stopped:
                if self._deadline is None:
                    self._cond.wait()
                    continue
                if self._cancel is not None and self._cancel.is_set():
                    self._trip("cancelled")
                elif time.monotonic() >= self._deadline:
                    self._trip("timeout")
                else:
                    self._cond.wait(min(0.2, max(0.0, self._deadline - time.monotonic())))

    def _trip(self, why: str) -> None:
        self.fired = why
        self._deadline = None
        log.warning("sync watchdog: %s, closing the connection", why)
        with suppress(Exception):
            fd = self._conn.pgconn.socket
            sock = socket.socket(fileno=fd)
            try:
                sock.shutdown(socket.SHUT_RDWR)
            finally:
                sock.detach()  # the fd still belongs to libpq


class CentralConnection:
    """One psycopg connection plus its watchdog; ``guard()`` around every network call."""

    def __init__(
        self, conn: psycopg.Connection, timeouts: Timeouts, cancel: threading.Event | None
    ) -> None:
        self.conn = conn
        self.timeouts = timeouts
        self.watchdog = Watchdog(conn, cancel)
        self.staging_ready = False  # see push._prepare_session

    @contextmanager
    def guard(self, seconds: float | None = None) -> Iterator[psycopg.Connection]:
        with self.watchdog.limit(seconds if seconds is not None else self.timeouts.watchdog):
            yield self.conn

    def close(self) -> None:
        self.watchdog.stop()
        with suppress(Exception):
            self.conn.close()


def forget_libpq_environment() -> list[str]:
    """Drop the PG* environment variables: libpq fills whatever the address leaves out from
    them (PGHOSTADDR, PGSERVICE, PGSSLMODE, PGOPTIONS, ...), so a person who can set the
    window's environment could send it elsewhere or weaken TLS behind the checked address.
    The window connects to exactly what central_url checked. Returns the names dropped."""
    names = sorted(k for k in os.environ if k.startswith("PG"))
    for name in names:
        del os.environ[name]
    if names:
        log.warning(
            "ignoring environment variables %s: the central address alone says where "
            "and how to connect",
            ", ".join(names),
        )
    return names


def connect(
    conninfo: str, timeouts: Timeouts, cancel: threading.Event | None = None
) -> CentralConnection:
    forget_libpq_environment()
    conn = psycopg.connect(conninfo, autocommit=False)
    return CentralConnection(conn, timeouts, cancel)


# ---- failures --------------------------------------------------------------------------------


def central_too_old(lacks: str) -> SyncFailure:
    """The central database lacks something this window needs (``lacks``, e.g. 中心标识): it is
    upgraded with ``counter central init`` before the windows (docs/central.md)."""
    return SyncFailure(
        "central.schema",
        f"中心数据库的结构版本过旧（没有{lacks}）。请县级管理员运行 "
        "counter central init 升级中心数据库；本机记录保留在发件箱中",
        False,
    )


class SyncFailure(CounterError):
    """A sync step failed; ``retryable`` says whether trying again (later) can help."""

    def __init__(self, code: str, message: str, retryable: bool) -> None:
        super().__init__(code, message)
        self.retryable = retryable


_NOT_POSTGRES_HINTS = (
    "invalid response",
    "expected authentication request",
    "unexpected message",
    "invalid message",
    "received invalid",
    "insufficient data",
    "lost synchronization",
    "unexpected response",
)


_LOGIN_REFUSED_HINTS = (
    "password authentication failed",
    "no password supplied",
    "authentication failed",
    "no pg_hba.conf entry",
    "does not exist",
)


def _server_says(exc: BaseException) -> str:
    """The server's own words (the FATAL line), without libpq's preamble."""
    text = str(exc).strip()
    for marker in ("FATAL:", "fatal:"):
        if marker in text:
            return text.split(marker, 1)[1].strip().splitlines()[0]
    return text.splitlines()[0] if text else type(exc).__name__


def describe(exc: BaseException, fired: str | None = None, where: str = "") -> SyncFailure:
    """Turn a psycopg exception into a failure a person can act on."""
    if isinstance(exc, SyncFailure):
        return exc
    if fired == "cancelled":
        return SyncFailure(
            "sync.cancelled", "同步已取消；未确认的记录会在下次同步时重新发送", False
        )
    if fired == "timeout":
        return SyncFailure(
            "central.timeout",
            f"中心数据库在规定时间内没有应答{where}（网络中断或停滞）；"
            "未确认的记录保留在本机，稍后自动重试",
            True,
        )
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(
        exc, psycopg.errors.InvalidPassword | psycopg.errors.InvalidAuthorizationSpecification
    ):
        return SyncFailure(
            "central.auth", f"中心数据库拒绝登录：{text}。请管理员核对窗口角色和密码", False
        )
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return SyncFailure("central.permission", f"中心数据库拒绝操作：{text}", False)
    if isinstance(
        exc,
        psycopg.errors.UndefinedTable
        | psycopg.errors.UndefinedFunction
        | psycopg.errors.InvalidSchemaName,
    ):
        return SyncFailure(
            "central.schema",
            f"中心数据库结构不完整或版本过旧：{text}。请管理员运行 counter central init",
            False,
        )
    if isinstance(exc, psycopg.errors.QueryCanceled):
        return SyncFailure("central.timeout", f"中心数据库语句超时：{text}；稍后自动重试", True)
    if isinstance(exc, psycopg.errors.OperatorIntervention | psycopg.errors.CannotConnectNow):
        return SyncFailure(
            "central.restarted", f"中心数据库正在重启或关闭：{text}；稍后自动重试", True
        )
    if isinstance(
        exc,
        psycopg.errors.SerializationFailure
        | psycopg.errors.DeadlockDetected
        | psycopg.errors.LockNotAvailable,
    ):
        return SyncFailure("central.busy", f"中心数据库繁忙：{text}；稍后自动重试", True)
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        lowered = str(exc).lower()
        # Refusals at login arrive as plain connection failures: retrying cannot help.
        if any(h in lowered for h in _LOGIN_REFUSED_HINTS):
            return SyncFailure(
                "central.auth",
                f"中心数据库拒绝本窗口登录：{_server_says(exc)}。"
                "请管理员核对窗口角色、密码和服务器的 pg_hba.conf",
                False,
            )
        if "permission denied" in lowered:
            return SyncFailure(
                "central.permission",
                f"中心数据库拒绝本窗口连接：{_server_says(exc)}。"
                "请管理员检查该窗口是否已登记（counter central add-window）",
                False,
            )
        if "certificate" in lowered:
            return SyncFailure(
                "central.tls",
                f"中心数据库的证书无法验证：{_server_says(exc)}。请管理员检查服务器证书"
                "与窗口上的根证书（root.crt / sslrootcert）",
                False,
            )
        if any(h in lowered for h in _NOT_POSTGRES_HINTS):
            return SyncFailure(
                "central.not_postgres",
                f"该地址的应答不是 PostgreSQL 数据库（可能是上网认证页面或代理）：{text}。"
                "请先完成网络认证或检查地址；记录保留在本机",
                True,
            )
        if "refused" in lowered:
            return SyncFailure(
                "central.unreachable",
                f"无法连接中心数据库（连接被拒绝）：{text}；记录保留在本机，稍后自动重试",
                True,
            )
        if "timeout" in lowered or "timed out" in lowered:
            return SyncFailure("central.timeout", f"连接中心数据库超时：{text}；稍后自动重试", True)
        return SyncFailure(
            "central.connection_lost",
            f"与中心数据库的连接中断：{text}；未确认的记录保留在本机，稍后自动重试",
            True,
        )
    if isinstance(exc, psycopg.Error):
        return SyncFailure("central.error", f"中心数据库报错：{text}", False)
    if isinstance(exc, OSError):
        return SyncFailure("central.connection_lost", f"网络错误：{text}；稍后自动重试", True)
    raise exc
