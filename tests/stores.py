"""Opening a test's store directly, as the program does: through ``app.models.opener`` with the
store's key (the suite's key comes from ``COUNTER_STORE_KEY``, set in tests/conftest.py).

    con = connect_store(home.db)          # like sqlite3.connect(home.db)
    pdf = kept_pdf(home, path)            # the PDF bytes of a kept (sealed) slip
"""

from __future__ import annotations

from pathlib import Path

from app.models import opener


def connect_store(
    db: Path, *, readonly: bool = False, autocommit: bool = False
) -> opener.dbapi.Connection:
    """A connection as ``sqlite3.connect`` gives one (transactions begin implicitly) unless
    ``autocommit``."""
    con = opener.connect(Path(db), readonly=readonly, tune=False)
    if not autocommit:
        con.isolation_level = ""
    return con


def kept_pdf(home, path: Path) -> bytes:  # type: ignore[no-untyped-def]
    """The PDF of a slip kept in a case folder (sealed on the disk), or of a spooled copy."""
    from app.services.kept_slips import read_kept

    return read_kept(home, Path(path))


def spooled(home, case_no: str, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Where the readable copy of a kept slip is handed out (the print spool)."""
    from app.services.kept_slips import spool_dir

    return spool_dir(home) / case_no / name
