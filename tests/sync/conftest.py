"""The central PostgreSQL for sync tests: a fresh database and fresh roles per test.

Server: $COUNTER_TEST_PG (a superuser URL), default postgresql://postgres@127.0.0.1:5432/postgres.
Tests marked ``central`` are skipped with instructions when no server answers, unless CI=true,
where they run and fail: CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.bootstrap import Context, open_context
from app.paths import Home
from app.services.settings import Settings
from app.sync import central_schema
from app.sync.central_schema import WindowCredentials
from app.sync.engine import SyncEngine, SyncOptions, SyncSummary
from app.sync.keyring_store import SECURE_BACKENDS, KeyringStore, backend_name
from app.sync.setup import configure_central
from tests.stores import MemoryKeyring

from .records import append_records, bulk_records

ADMIN_ENV = "COUNTER_TEST_PG"
DEFAULT_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
_problem: list[str | None] = []


def admin_url() -> str:
    return os.environ.get(ADMIN_ENV, DEFAULT_ADMIN)


def server_problem() -> str | None:
    if not _problem:
        try:
            psycopg.connect(admin_url(), connect_timeout=3, autocommit=True).close()
            _problem.append(None)
        except psycopg.Error as exc:
            _problem.append(str(exc).strip().splitlines()[0])
    return _problem[0]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = [i for i in items if i.get_closest_marker("central")]
    if not wanted or os.environ.get("CI") == "true" or server_problem() is None:
        return
    reason = (
        f"no PostgreSQL server answers at {admin_url()} ({server_problem()}). To run "
        f"these tests start PostgreSQL 15+ and set {ADMIN_ENV}=postgresql://SUPERUSER@"
        "HOST:PORT/postgres; with CI=true they fail instead of skipping"
    )
    for item in wanted:
        item.add_marker(pytest.mark.skip(reason=reason))


def memory_keyring_store() -> KeyringStore:
    backend = MemoryKeyring()
    return KeyringStore(backend, secure_backends=SECURE_BACKENDS | {backend_name(backend)})


@dataclass
class CentralDb:
    url: str  # the administrator's URL of this test's database
    name: str
    prefix: str

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True)

    def rows(self, query: str, params: Any = None) -> list[tuple[Any, ...]]:
        with self.connect() as conn:
            return conn.execute(query, params).fetchall()

    def scalar(self, query: str, params: Any = None) -> Any:
        rows = self.rows(query, params)
        return rows[0][0] if rows else None

    def add_window(self, centre: str = "C01", window: str = "W01") -> WindowCredentials:
        return central_schema.add_window(self.url, centre, window)


@dataclass
class Window:
    ctx: Context
    creds: WindowCredentials
    keyring: KeyringStore
    made: set[str] = field(default_factory=set)

    @property
    def device_id(self) -> str:
        with self.ctx.store.read() as s:
            value = Settings.device_id.get(s)
        assert value is not None
        return value

    def records(self, n: int, *, bulk: bool = False, **kw: Any) -> list[str]:
        ids = (bulk_records if bulk else append_records)(self.ctx.store, n, **kw)
        self.made.update(ids)
        return ids

    def engine(self, **options: Any) -> SyncEngine:
        options.setdefault("backoff", 0.02)
        options.setdefault("retries", 3)
        clock = options.pop("clock", None)
        kw = {"clock": clock} if clock else {}
        return SyncEngine(self.ctx, SyncOptions(**options), keyring_store=self.keyring, **kw)

    def sync(self, **options: Any) -> SyncSummary:
        return self.engine(**options).run()

    def cli_env(self) -> dict[str, str]:
        """Environment for a `counter` subprocess: the automation password override."""
        return {
            **os.environ,
            "COUNTER_CENTRAL_PASSWORD": self.creds.password,
            "COUNTER_HOME": str(self.ctx.home.root),
        }


@pytest.fixture
def central() -> Iterator[CentralDb]:
    tag = secrets.token_hex(4)
    name, prefix = f"counter_test_{tag}", f"ct{tag}_"
    admin = admin_url()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = psycopg.conninfo.make_conninfo(admin, dbname=name)
    try:
        central_schema.init_central(url, prefix)
        yield CentralDb(url, name, prefix)
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            central_schema.drop_window_roles(conn, prefix)


@pytest.fixture
def make_window(central: CentralDb, tmp_path: Path) -> Iterator[Any]:
    opened: list[Window] = []

    def make(
        centre: str = "C01",
        window: str = "W01",
        *,
        creds: WindowCredentials | None = None,
        url: str | None = None,
    ) -> Window:
        ctx = open_context(
            Home(tmp_path / f"home-{centre}-{window}-{len(opened)}"), load_demo=False
        )
        with ctx.store.write() as s:
            Settings.centre_code.set(s, centre)
            Settings.window_code.set(s, window)
        creds = creds or central.add_window(centre, window)
        keyring = memory_keyring_store()
        configure_central(ctx, url or creds.url, creds.password, keyring_store=keyring)
        w = Window(ctx, creds, keyring)
        opened.append(w)
        return w

    yield make
    for w in opened:
        w.ctx.close()
