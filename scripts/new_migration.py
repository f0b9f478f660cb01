"""Generate an Alembic revision for the local store from the models (developers only).

.venv/bin/python scripts/new_migration.py "what changed"
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from app.models.db import make_engine
from app.models.migrate import alembic_config


def main() -> None:
    message = sys.argv[1] if len(sys.argv) > 1 else "schema change"
    with tempfile.TemporaryDirectory() as d:
        engine = make_engine(Path(d) / "scratch.sqlite3")
        cfg = alembic_config(engine)
        command.upgrade(cfg, "head")
        command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":
    main()
