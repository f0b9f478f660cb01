"""Shared pieces of the fuzz suite: a dump of the store to compare before and after."""

from __future__ import annotations

from typing import Any

from tests.stores import connect_store


def store_bytes(home: Any) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table of the store (the file's bytes can change on a mere read
    through WAL checkpoints; its content must not)."""
    con = connect_store(home.db, readonly=True)
    try:
        tables = [
            r[0]
            for r in con.execute("select name from sqlite_master where type='table' order by name")
        ]
        return [
            (t, sorted(con.execute(f'select * from "{t}"').fetchall(), key=repr)) for t in tables
        ]
    finally:
        con.close()
