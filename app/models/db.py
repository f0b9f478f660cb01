"""Engine and session setup for the window's SQLite store, encrypted with SQLCipher.

Every connection comes from ``app.models.opener.connect``: the store's key, WAL with
synchronous=FULL (NORMAL can lose the last commits on power loss, including records whose slip
was already printed; see the sync contract), foreign keys on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.models import opener
from app.models.store_key import StoreKey, require

BUSY_TIMEOUT_MS = opener.BUSY_TIMEOUT_MS
DAMAGED = (
    "数据库 {path} 无法打开：文件已损坏，或不是用本窗口的密钥加密的（{why}）。请勿删除它：请从数据目录的 "
    "backups 文件夹恢复最近的备份（counter store restore），或联系技术支持"
)


def check_store_file(db_path: Path) -> None:
    """Refuse a store path that cannot be read at all before anything opens it. Whether the
    bytes are a store only the key can tell: an encrypted file has no header to check."""
    from app.core.errors import CounterError

    try:
        with open(db_path, "rb") as f:
            f.read(1)
    except FileNotFoundError:
        return  # a first start creates it
    except IsADirectoryError as exc:
        raise CounterError(
            "store.damaged", f"{db_path} 是文件夹而不是数据库；请将它移走后重新打开"
        ) from exc
    except OSError as exc:
        raise CounterError(
            "store.unreadable", f"无法读取数据库 {db_path}：{exc.strerror}；请检查文件权限"
        ) from exc


def damaged_store(db_path: Path, exc: BaseException) -> Exception | None:
    """The person's error for SQLite reporting the store file as damaged, else None."""
    from app.core.errors import CounterError

    text = str(getattr(exc, "orig", exc))
    if "not a database" in text or "malformed" in text:
        return CounterError("store.damaged", DAMAGED.format(path=db_path, why=text))
    return None


def make_engine(db_path: Path, key: StoreKey | None = None) -> Engine:
    key = key or require(db_path.parent)
    engine = create_engine(
        URL.create("sqlite", database=str(db_path)),  # not parsed: a "?" in a folder name stays
        module=opener.dbapi,  # SQLAlchemy maps sqlcipher3's errors, not sqlite3's
        creator=lambda: opener.connect(db_path, key),
        hide_parameters=True,  # an error's text never quotes the row (names, ID numbers)
    )

    @event.listens_for(engine, "connect")
    def _autocommit(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # pysqlite's own transaction handling is replaced by explicit BEGIN (below), so that a
        # write transaction takes the lock at its start instead of failing midway.
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

    return engine


class Store:
    """The database of one data directory: hands out sessions, read-only or for writing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False)

    @property
    def path(self) -> Path:
        return Path(str(self.engine.url.database))

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._factory() as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that takes the write lock at BEGIN; commits on success, else rolls back."""
        with self.engine.connect() as conn:
            conn.info["write"] = True
            try:
                with Session(bind=conn, expire_on_commit=False) as s, s.begin():
                    yield s
            finally:
                conn.info.pop("write", None)
