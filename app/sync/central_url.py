"""The central database's address: parsed once, checked, kept without its password.

A window reaches the central PostgreSQL over the ordinary protocol with TLS. The stored URL never
holds a password (that lives in the keyring, see keyring_store.py). For a host other than this
machine, a URL without ``sslmode`` gets ``verify-full`` (encrypted and the server's certificate
checked), and a URL that asks for less is refused unless an administrator explicitly allows
plaintext.

The address is read the way libpq will read it (``conninfo_to_dict``), and the stored URL is
rebuilt from what was checked, so what the window shows is what it connects to. Query parameters
are an allow-list of ones that only add to TLS (``sslmode``, ``sslrootcert``, a client
certificate...): a parameter that would move the connection elsewhere (``host``, ``hostaddr``,
``port``, ``dbname``, ``user``, ``service``, ``passfile``, ``options``...) or weaken TLS is
refused with a message that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import psycopg.conninfo

from app.core.errors import CounterError

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# libpq's modes, weakest first.
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
SECURE_SSLMODES = frozenset({"require", "verify-ca", "verify-full"})
DEFAULT_PORT = 5432
# Parameters that choose where the connection goes or who it logs in as: only the address
# itself (postgresql://ROLE@HOST:PORT/DATABASE) may say that, where everyone can see it.
TARGET_PARAMS = frozenset(
    {
        "host",
        "hostaddr",
        "port",
        "dbname",
        "user",
        "service",
        "servicefile",
        "passfile",
        "options",
        "target_session_attrs",
        "load_balance_hosts",
        "requirepeer",
    }
)
SECRET_PARAMS = frozenset({"password", "sslpassword"})
# Parameters that may follow the address, and the values each accepts (None: any value).
TLS_PARAMS: dict[str, frozenset[str] | None] = {
    "sslmode": frozenset(SSLMODES),
    "sslrootcert": None,  # a file, or "system" (the operating system's CAs, libpq 16+)
    "sslcert": None,
    "sslkey": None,
    "sslcrl": None,
    "sslcrldir": None,
    "ssl_min_protocol_version": frozenset({"TLSv1.2", "TLSv1.3"}),
    "channel_binding": frozenset({"prefer", "require"}),
    # GSSAPI encryption is another way to encrypt; turning it off leaves sslmode in charge.
    "gssencmode": frozenset({"disable", "prefer", "require"}),
}
FILE_PARAMS = ("sslrootcert", "sslcert", "sslkey", "sslcrl")


@dataclass(frozen=True)
class CentralAddress:
    """Where the central database is and who this window logs in as; no secret in here."""

    url: str  # postgresql://role@host:port/db?params, never with a password
    user: str
    host: str
    port: int
    dbname: str
    sslmode: str | None = None  # None: libpq's default (only for this machine)

    @property
    def keyring_account(self) -> str:
        """The keyring entry's name: one per (role, server, database)."""
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    @property
    def is_local(self) -> bool:
        return self.host in LOCAL_HOSTS or self.host.startswith("/")

    def display(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    def summary(self) -> str:
        """What the window will really connect to, TLS included."""
        if self.sslmode in ("verify-full", "verify-ca"):
            tls = f"TLS 加密并验证证书（sslmode={self.sslmode}）"
        elif self.sslmode == "require":
            tls = "TLS 加密，不验证证书（sslmode=require）"
        elif self.sslmode is None:
            tls = "本机连接"
        else:
            tls = f"不保证加密（sslmode={self.sslmode}）"
        return f"{self.display()}，{tls}"


def _refuse(message: str) -> CounterError:
    return CounterError("central.url", message)


def _single(value: str, what: str) -> str:
    if "," in value:
        raise _refuse(f"地址中只能写一个{what}（{value}）；中心数据库只有一个地址")
    return value


def parse_central_url(
    url: str, *, allow_plaintext: bool = False, check_files: bool = True
) -> tuple[CentralAddress, str | None]:
    """Check a ``postgresql://`` URL; return the address (password removed) and that password.

    Raises CounterError ``central.url`` for anything that is not a usable address or that
    carries a parameter moving the connection elsewhere, and ``central.plaintext`` for an
    unencrypted (or weakened) connection to another machine. ``check_files``: the TLS files a
    parameter names must exist (checked when the address is stored, not at every sync).
    """
    raw = (url or "").strip()
    parts = urlsplit(raw)
    if parts.scheme not in ("postgresql", "postgres"):
        raise _refuse(
            "中心数据库地址应以 postgresql:// 开头，例如 postgresql://角色名@主机:5432/数据库名"
        )
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    params: dict[str, str] = {}
    for key, value in pairs:
        if key in SECRET_PARAMS:
            raise _refuse("不要把密码写在地址参数里；密码会单独存入系统密钥库")
        if key in TARGET_PARAMS:
            raise _refuse(
                f"地址参数 {key}= 会改变实际连接的服务器、端口、数据库或角色，不允许使用；"
                "请直接写成 postgresql://角色名@主机:端口/数据库名"
            )
        if key not in TLS_PARAMS:
            raise _refuse(
                f"不支持地址参数 {key}=；地址后只能加 TLS 参数（{'、'.join(TLS_PARAMS)}）"
            )
        if key in params:
            raise _refuse(f"地址参数 {key}= 出现了两次；请只写一次")
        allowed = TLS_PARAMS[key]
        if allowed is not None and value not in allowed:
            raise CounterError(
                "central.plaintext" if key != "sslmode" else "central.url",
                f"地址参数 {key}={value} 不可用；可用的值：{'、'.join(sorted(allowed))}",
            )
        params[key] = value
    try:
        info = psycopg.conninfo.conninfo_to_dict(raw)
    except psycopg.ProgrammingError as exc:
        raise _refuse(f"中心数据库地址无法解析：{exc}") from exc
    user = str(info.get("user") or "")
    host = str(info.get("host") or "")
    dbname = str(info.get("dbname") or "")
    if not user:
        raise _refuse("地址中缺少窗口的数据库角色名（postgresql://角色名@主机/数据库）")
    if not host:
        raise _refuse("地址中缺少主机名（postgresql://角色名@主机/数据库）")
    if not dbname:
        raise _refuse("地址中缺少数据库名（postgresql://角色名@主机/数据库）")
    _single(host, "主机")
    port_text = _single(str(info.get("port") or ""), "端口")
    try:
        port = int(port_text) if port_text else DEFAULT_PORT
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise _refuse("端口应为 1 到 65535 之间的数字")
    local = host in LOCAL_HOSTS or host.startswith("/")
    sslmode = params.get("sslmode")
    if not local:
        if sslmode is None:
            sslmode = params["sslmode"] = "verify-full"
        elif sslmode not in SECURE_SSLMODES and not allow_plaintext:
            raise CounterError(
                "central.plaintext",
                f"连接 {host} 时 sslmode={sslmode} 不加密或不强制加密，密码和办件数据会明文传输。"
                "请使用 sslmode=verify-full（推荐）或 require；确需明文（仅限隔离网络）时由管理员"
                "显式允许（--allow-plaintext --by 管理员）",
            )
    if check_files:
        for key in FILE_PARAMS:
            file = params.get(key)
            if (
                file is not None
                and not (key == "sslrootcert" and file == "system")
                and not Path(file).is_file()
            ):
                raise _refuse(f"地址参数 {key}={file} 指向的文件不存在；请写证书文件的完整路径")
    shown = f"[{host}]" if ":" in host else quote(host, safe="")
    netloc = quote(user, safe="") + "@" + shown
    if port_text:
        netloc += f":{port}"
    clean = f"postgresql://{netloc}/{quote(dbname, safe='')}"
    if params:
        clean += "?" + urlencode(params)
    password = info.get("password")
    return (
        CentralAddress(clean, user, host, port, dbname, sslmode),
        str(password) if password is not None else None,
    )


def window_url(role: str, host: str, port: int, dbname: str, *, sslmode: str | None) -> str:
    """The address printed for a newly registered window."""
    netloc = f"{quote(role, safe='')}@{f'[{host}]' if ':' in host else host}"
    if port != DEFAULT_PORT:
        netloc += f":{port}"
    url = f"postgresql://{netloc}/{quote(dbname, safe='')}"
    return url + (f"?sslmode={sslmode}" if sslmode else "")
