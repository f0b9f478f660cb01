"""The local store: migrations agree with the models, pragmas, backups, newer databases refused."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from app.bootstrap import open_context
from app.core.errors import CounterError
from app.models.db import make_engine
from app.models.migrate import head_revision, upgrade
from app.models.schema import Base
from tests.stores import connect_store


def test_empty_database_migrates_to_head_and_matches_the_models(tmp_path):
    db = tmp_path / "x.sqlite3"
    engine = make_engine(db)
    assert upgrade(engine, db, tmp_path / "backups") is True
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert (
            conn.execute(text("select version_num from alembic_version")).scalar()
            == head_revision()
        )
    assert upgrade(engine, db, tmp_path / "backups") is False  # idempotent
    engine.dispose()


def test_pragmas_wal_full_foreign_keys(ctx):
    with ctx.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_database_from_a_newer_version_is_refused_untouched(home):
    open_context(home).close()
    con = connect_store(home.db)
    con.execute("update alembic_version set version_num = '9999_future'")
    con.commit()
    con.close()
    before = home.db.read_bytes()
    with pytest.raises(CounterError) as err:
        open_context(home)
    assert err.value.code == "store.newer_version"
    assert "更新版本" in err.value.message
    assert home.db.read_bytes() == before


def test_backup_is_a_consistent_copy(home):
    from app.models import migrate

    open_context(home).close()
    copy = migrate.backup(home.db, home.backups, "manual")
    con = connect_store(copy)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert con.execute("select count(*) from catalog_items").fetchone()[0] > 0
    con.close()


def test_first_start_loads_the_demo_catalog_once(home):
    c = open_context(home)
    assert c.first_start
    n = len(c.catalog.items())
    assert n >= 52
    c.close()
    c = open_context(home)
    assert not c.first_start
    assert len(c.catalog.versions()) == 1
    c.close()


def test_the_fast_start_head_matches_alembic():
    from app.models.migrate import HEAD

    assert head_revision() == HEAD
