"""The central database's address: checked, kept without its password, turned into libpq options.

A window reaches the central PostgreSQL over the ordinary protocol with TLS. The stored URL never
holds a password (that lives in the keyring, see keyring_store.py). For a host other than this
machine, a URL without ``sslmode`` gets ``verify-full`` (encrypted and the server's certificate
checked), and a URL that asks for less is refused unless the caller explicitly allows plaintext.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import psycopg.conninfo

from app.core.errors import CounterError

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
SECURE_SSLMODES = frozenset({"require", "verify-ca", "verify-full"})
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class CentralAddress:
    """Where the central database is and who this window logs in as; no secret in here."""

    url: str  # postgresql://role@host:port/db?params, never with a password
    user: str
    host: str
    port: int
    dbname: str

    @property
    def keyring_account(self) -> str:
        """The keyring entry's name: one per (role, server, database)."""
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    @property
    def is_local(self) -> bool:
        return self.host in LOCAL_HOSTS or self.host.startswith("/")

    def display(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"


def parse_central_url(url: str, *, allow_plaintext: bool = False
                      ) -> tuple[CentralAddress, str | None]:
    """Check a ``postgresql://`` URL; return the address (password removed) and that password.

    Raises CounterError ``central.url`` for anything that is not a usable address and
    ``central.plaintext`` for an unencrypted connection to another machine.
    """
    raw = (url or "").strip()
    parts = urlsplit(raw)
    if parts.scheme not in ("postgresql", "postgres"):
        raise CounterError("central.url", "中心数据库地址应以 postgresql:// 开头，例如 "
                           "postgresql://角色名@主机:5432/数据库名")
    try:
        psycopg.conninfo.conninfo_to_dict(raw)
    except psycopg.ProgrammingError as exc:
        raise CounterError("central.url", f"中心数据库地址无法解析：{exc}") from exc
    user = unquote(parts.username or "")
    host = parts.hostname or ""
    dbname = unquote(parts.path.lstrip("/"))
    if not user:
        raise CounterError("central.url", "地址中缺少窗口的数据库角色名（postgresql://角色名@主机/数据库）")
    if not host:
        raise CounterError("central.url", "地址中缺少主机名（postgresql://角色名@主机/数据库）")
    if not dbname:
        raise CounterError("central.url", "地址中缺少数据库名（postgresql://角色名@主机/数据库）")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError as exc:
        raise CounterError("central.url", "端口应为 1 到 65535 之间的数字") from exc
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    if "password" in params:
        raise CounterError("central.url", "不要把密码写在地址参数里；密码会单独存入系统密钥库")
    local = host in LOCAL_HOSTS or host.startswith("/")
    sslmode = params.get("sslmode")
    if not local:
        if sslmode is None:
            params["sslmode"] = "verify-full"
        elif sslmode not in SECURE_SSLMODES and not allow_plaintext:
            raise CounterError(
                "central.plaintext",
                f"连接 {host} 时 sslmode={sslmode} 不加密或不强制加密，密码和办件数据会明文传输。"
                "请使用 sslmode=verify-full（推荐）或 require；确需明文（仅限隔离网络）时由管理员"
                "显式允许")
    netloc = quote(user, safe="") + "@" + (f"[{host}]" if ":" in host else host)
    if parts.port:
        netloc += f":{parts.port}"
    clean = f"postgresql://{netloc}/{quote(dbname, safe='')}"
    if params:
        clean += "?" + urlencode(params)
    password = unquote(parts.password) if parts.password is not None else None
    return CentralAddress(clean, user, host, port, dbname), password


def window_url(role: str, host: str, port: int, dbname: str, *, sslmode: str | None) -> str:
    """The address printed for a newly registered window."""
    netloc = f"{quote(role, safe='')}@{f'[{host}]' if ':' in host else host}"
    if port != DEFAULT_PORT:
        netloc += f":{port}"
    url = f"postgresql://{netloc}/{quote(dbname, safe='')}"
    return url + (f"?sslmode={sslmode}" if sslmode else "")
