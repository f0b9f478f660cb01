"""Creating and upgrading the central database, and registering windows (their login roles).

Run by the county administrator with a role that may create roles (``CREATEROLE``) and owns the
database (or a superuser). The tables belong to that administrator; window roles only receive
the grants of the ``<prefix>windows`` group role, so row-level security always applies to them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app.core.errors import CounterError
from app.sync.central_url import window_url
from app.sync.connection import Timeouts, build_conninfo, describe

MIGRATIONS = Path(__file__).with_name("central_migrations")
CODE = re.compile(r"^[A-Z0-9]{1,20}$")
PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
MAX_ROLE = 63
ADMIN_TIMEOUTS = Timeouts(connect=10, statement=600, idle_in_transaction=600)


@contextmanager
def admin_connection(db_url: str) -> Iterator[psycopg.Connection]:
    """A connection for administrative commands; credentials as libpq finds them (URL,
    PGPASSWORD, ~/.pgpass): this is the administrator's own machine, not a window."""
    try:
        conn = psycopg.connect(
            build_conninfo(db_url, None, ADMIN_TIMEOUTS, "counter-central-admin")
        )
    except psycopg.Error as exc:
        raise describe(exc, where="") from exc
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def _database_name(db_url: str) -> str:
    try:
        name = conninfo_to_dict(db_url).get("dbname")
    except psycopg.ProgrammingError as exc:
        raise CounterError("central.url", f"数据库地址无法解析：{exc}") from exc
    if not name:
        raise CounterError("central.url", "地址中缺少数据库名（postgresql://管理员@主机/数据库）")
    return str(name)


def default_role_prefix(dbname: str) -> str:
    cleaned = re.sub(r"[^a-z0-9_]", "_", dbname.lower())
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "c" + cleaned
    return cleaned[:29] + "_"


def _alembic_config(conn: object, prefix: str, dbname: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes.update(connection=conn, role_prefix=prefix, database=dbname)
    return cfg


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


# Windows receive an account's password hash only when the account belongs to their centre
# (central_admin.add_account). Older versions published accounts without a centre, hash
# included, to every window: at every init the hash is taken out of those publications, so a
# window registered later never receives it (their name, role and state stay; the windows that
# already hold such an account keep it until it is disabled centrally). The driver reads %% as %.
WITHDRAW_COUNTY_HASHES = """
UPDATE counter.publications p
   SET body = x.body, body_hash = encode(sha256(convert_to(x.body, 'UTF8')), 'hex')
  FROM (SELECT version, jsonb_set(body::jsonb, '{password_hash}', 'null')::text AS body
          FROM counter.publications
         WHERE dataset = 'accounts' AND centre_code IS NULL
           AND body LIKE '%%"password_hash": "%%') x
 WHERE p.version = x.version"""


@dataclass(frozen=True)
class InitResult:
    before: str | None
    after: str
    role_prefix: str
    windows_role: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def init_central(
    db_url: str, role_prefix: str | None = None, today: date | None = None
) -> InitResult:
    """Create the central schema, or upgrade it to the newest revision. Safe to run again.

    ``role_prefix`` names this database's roles (``<prefix>windows``, ``<prefix><centre>_<window>``)
    so several county databases can share one PostgreSQL cluster; it is fixed at creation.
    The records' partitions of this year and the next (of ``today``) are made if missing.
    """
    dbname = _database_name(db_url)
    conninfo = build_conninfo(db_url, None, ADMIN_TIMEOUTS, "counter-central-admin")
    engine = create_engine(
        "postgresql+psycopg://", poolclass=NullPool, creator=lambda: psycopg.connect(conninfo)
    )
    try:
        with engine.connect() as conn:
            encoding = conn.exec_driver_sql("SHOW server_encoding").scalar()
            if str(encoding).upper() not in ("UTF8", "UTF-8"):
                raise CounterError(
                    "central.encoding",
                    f"数据库 {dbname} 的编码是 {encoding}，不能保存生僻字；请用 "
                    "ENCODING 'UTF8' TEMPLATE template0 重新创建数据库",
                )
            before = MigrationContext.configure(
                conn, opts={"version_table_schema": "counter"}
            ).get_current_revision()
            stored = None
            if before is not None:
                stored = conn.exec_driver_sql(
                    "SELECT value FROM counter.meta WHERE key = 'role_prefix'"
                ).scalar()
            conn.rollback()
            prefix = stored or role_prefix or default_role_prefix(dbname)
            if role_prefix and stored and role_prefix != stored:
                raise CounterError(
                    "central.prefix", f"该数据库的角色前缀已是 {stored}，不能改为 {role_prefix}"
                )
            if not PREFIX.match(prefix.rstrip("_")) or not prefix.endswith("_"):
                raise CounterError(
                    "central.prefix",
                    "角色前缀应以小写字母开头，只含小写字母、数字和下划线，并以 _ 结尾",
                )
            command.upgrade(_alembic_config(conn, prefix, dbname), "head")
            conn.exec_driver_sql(WITHDRAW_COUNTY_HASHES)
            conn.commit()
    except DBAPIError as exc:
        raise describe(exc.orig or exc) from exc
    except psycopg.Error as exc:
        raise describe(exc) from exc
    finally:
        engine.dispose()
    from app.sync.central_partitions import ensure_until  # it builds on this module

    today = today or date.today()
    ensure_until(db_url, today.year + 1, today)
    return InitResult(before, head_revision(), prefix, prefix + "windows")


def read_role_prefix(conn: psycopg.Connection) -> str:
    try:
        row = conn.execute("SELECT value FROM counter.meta WHERE key = 'role_prefix'").fetchone()
    except psycopg.errors.UndefinedTable as exc:
        raise CounterError(
            "central.not_initialised",
            "中心数据库尚未初始化：请先运行 counter central init --db URL",
        ) from exc
    assert row is not None
    return str(row[0])


def window_role_name(prefix: str, centre: str, window: str) -> str:
    name = f"{prefix}{centre}_{window}".lower()
    if len(name) > MAX_ROLE:
        raise CounterError(
            "central.role_name", f"角色名 {name} 超过 {MAX_ROLE} 个字符，请缩短中心或窗口编码"
        )
    return name


def normalise_code(value: str, what: str) -> str:
    code = (value or "").strip().upper()
    if not CODE.match(code):
        raise CounterError(
            f"central.{what}_code",
            f"{'中心' if what == 'centre' else '窗口'}编码只能由 1 到 20 个大写字母和数字组成",
            path=what,
        )
    return code


SCRAM_ITERATIONS = 4096  # PostgreSQL's own (scram_iterations, 16 and later; fixed before)


def scram_sha256_verifier(
    password: str, *, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS
) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802 and 7677):
    ``SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>``, base64.

    ``CREATE ROLE ... PASSWORD`` given a verifier stores it as it is; the password itself never
    reaches the server, so it appears in no statement log, ``pg_stat_statements`` or
    ``pg_stat_activity``. The password must be printable ASCII: SASLprep (which PostgreSQL
    applies to the password at log-in) leaves that unchanged."""
    if not password or not all(" " <= ch <= "~" for ch in password):
        raise CounterError("central.password", "窗口密码只能由可打印的 ASCII 字符组成")
    salt = salt if salt is not None else secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("ascii"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


@dataclass(frozen=True)
class WindowCredentials:
    centre: str
    window: str
    role: str
    password: str
    url: str  # what the window stores (no password)
    created: bool  # False when only the password was reset


def add_window(
    db_url: str,
    centre: str,
    window: str,
    *,
    centre_name: str | None = None,
    password: str | None = None,
    reset_password: bool = False,
    public_host: str | None = None,
    public_port: int | None = None,
    sslmode: str | None = "verify-full",
) -> WindowCredentials:
    """Create the window's own login role (member of the windows group, owning nothing).

    The role's password is sent as a SCRAM-SHA-256 verifier made here, never as itself."""
    centre = normalise_code(centre, "centre")
    window = normalise_code(window, "window")
    secret = password or secrets.token_urlsafe(18)
    verifier = scram_sha256_verifier(secret)  # what the server gets: never the password
    info = conninfo_to_dict(db_url)
    with admin_connection(db_url) as conn:
        prefix = read_role_prefix(conn)
        role = window_role_name(prefix, centre, window)
        group = prefix + "windows"
        # Serialise registrations: two administrators adding the same window at once.
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('counter.add_window'))")
        existing = conn.execute(
            "SELECT role_name FROM counter.windows WHERE centre_code = %s AND window_code = %s",
            (centre, window),
        ).fetchone()
        role_exists = (
            conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            is not None
        )
        if existing is not None and not reset_password:
            raise CounterError(
                "central.window_exists",
                f"窗口 {centre}/{window} 已登记（角色 {role}）。要重设密码请加 --reset-password",
            )
        if existing is None and role_exists:
            raise CounterError(
                "central.role_exists",
                f"数据库中已有角色 {role} 但不属于任何已登记的窗口；请管理员先检查该角色",
            )
        if existing is None:
            conn.execute(
                "INSERT INTO counter.centres (code, name) VALUES (%s, %s) "
                "ON CONFLICT (code) DO UPDATE SET name = coalesce(excluded.name, "
                "counter.centres.name)",
                (centre, centre_name),
            )
            conn.execute(
                sql.SQL(
                    "CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    "NOBYPASSRLS INHERIT CONNECTION LIMIT 10 PASSWORD {pw} IN ROLE {group}"
                ).format(
                    role=sql.Identifier(role), pw=sql.Literal(verifier), group=sql.Identifier(group)
                )
            )
            conn.execute(
                "INSERT INTO counter.windows (centre_code, window_code, role_name) "
                "VALUES (%s, %s, %s)",
                (centre, window, role),
            )
        else:
            conn.execute(
                sql.SQL("ALTER ROLE {role} PASSWORD {pw}").format(
                    role=sql.Identifier(role), pw=sql.Literal(verifier)
                )
            )
    host = public_host or str(info.get("host") or "localhost")
    port = public_port or int(info.get("port") or 5432)
    local = host in ("localhost", "127.0.0.1", "::1")
    url = window_url(
        role,
        host,
        port,
        str(info["dbname"]),
        sslmode=None if local and public_host is None else sslmode,
    )
    return WindowCredentials(centre, window, role, secret, url, existing is None)


def drop_window_roles(conn: psycopg.Connection, prefix: str) -> list[str]:
    """Remove every role of one central database (for tests and for decommissioning), after the
    database itself has been dropped."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s) ORDER BY rolname",
            (prefix,),
        )
    ]
    for name in names:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
    return names
