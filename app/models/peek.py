"""Reads of the window's database without SQLAlchemy, for the moments before it is loaded.

Importing SQLAlchemy and the models costs about 140 ms; at start-up the window application
only needs to know whether the schema is current (else migrations run first) and the window's
settings (its name, the language). Everything else goes through ``app.models.db``. The file is
opened by ``app.models.opener`` like every other; a store not readable yet (no key, still in
plaintext from an older version) reads as "nothing known", and the full opening says why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.errors import CounterError
from app.models.opener import Error, connect, dbapi, is_plaintext


def _open_readonly(db_path: Path) -> dbapi.Connection | None:
    if not db_path.exists() or is_plaintext(db_path):
        return None
    try:
        return connect(db_path, readonly=True, tune=False)
    except (CounterError, Error):  # no key at hand: open_context will say what to do
        return None


def stored_revision(db_path: Path) -> str | None:
    """The schema revision recorded in the file (None: no file, or no schema yet)."""
    con = _open_readonly(db_path)
    if con is None:
        return None
    try:
        row = con.execute("select version_num from alembic_version").fetchone()
    except Error:
        return None
    finally:
        con.close()
    return row[0] if row else None


def stored_settings(db_path: Path) -> dict[str, Any]:
    """The ``settings`` rows as key -> value (values are JSON, as the models store them);
    empty when they cannot be read."""
    con = _open_readonly(db_path)
    if con is None:
        return {}
    try:
        rows = con.execute("select key, value from settings").fetchall()
    except Error:  # no table yet, or not a database: the store's own opening will say
        return {}
    finally:
        con.close()
    # The column's declared type "JSON" has numeric affinity: SQLite keeps a JSON number
    # such as 3 as the integer 3, not as the text "3".
    return {key: json.loads(value) if isinstance(value, str) else value for key, value in rows}
