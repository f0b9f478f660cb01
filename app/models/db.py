"""Engine and session setup for the window's SQLite store.

WAL with synchronous=FULL: NORMAL can lose the last commits on power loss, including records
whose slip was already printed (see the sync contract). Foreign keys are on for every connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"


def check_store_file(db_path: Path) -> None:
    """Refuse a store file that is not an SQLite database (a damaged header, another file put
    in its place) before anything opens it: SQLite would only say "file is not a database"."""
    from app.core.errors import CounterError

    try:
        with open(db_path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
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
    if head and head != SQLITE_HEADER:
        raise CounterError(
            "store.damaged",
            f"数据库 {db_path} 已损坏（不是 SQLite 数据库文件）。请勿删除它：请从数据目录的 "
            "backups 文件夹恢复最近的备份，或联系技术支持",
        )


def damaged_store(db_path: Path, exc: BaseException) -> Exception | None:
    """The person's error for SQLite reporting the store file as damaged, else None."""
    from app.core.errors import CounterError

    text = str(getattr(exc, "orig", exc))
    if "not a database" in text or "malformed" in text:
        return CounterError(
            "store.damaged",
            f"数据库 {db_path} 已损坏（{text}）。请勿删除它：请从数据目录的 backups 文件夹"
            "恢复最近的备份，或联系技术支持",
        )
    return None


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(
        URL.create("sqlite", database=str(db_path)),  # not parsed: a "?" in a folder name stays
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        hide_parameters=True,  # an error's text never quotes the row (names, ID numbers)
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # pysqlite's own transaction handling is replaced by explicit BEGIN (below), so that a
        # write transaction takes the lock at its start instead of failing midway.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

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
