"""Verified day closes live in their own table: a store that kept them as a setting moves them
there, and a transaction no longer reads them with the settings."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command

from app.bootstrap import open_context
from app.models.db import make_engine
from app.models.migrate import alembic_config
from app.paths import Home
from app.services.settings import _all
from tests.stores import connect_store


def test_verified_days_move_out_of_the_settings(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    home.ensure()
    engine = make_engine(home.db)
    command.upgrade(alembic_config(engine), "0002")
    engine.dispose()
    days = {
        f"2026-{m:02d}-{d:02d}/1": f"{m:02d}{d:02d}" * 16
        for m in range(1, 13)
        for d in range(1, 29)
    }
    con = connect_store(home.db)
    con.execute(
        "INSERT INTO settings (key, value) VALUES ('sync.verified_manifests', ?)",
        (json.dumps(days),),
    )
    con.commit()
    con.close()

    ctx = open_context(home, load_demo=False)  # migrates to the newest revision
    try:
        with ctx.store.read() as s:
            assert "sync.verified_manifests" not in _all(s)
            moved = {
                f"{d}/{e}": h
                for d, e, h in s.connection().exec_driver_sql(
                    "SELECT day, epoch, digest FROM day_closes"
                )
            }
    finally:
        ctx.close()
    assert moved == days
