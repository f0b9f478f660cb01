"""Alembic environment of the central PostgreSQL database (separate from the window's store).

The connection and the role prefix come from ``app.sync.central_schema``, never from a file.
The version table lives in the ``counter`` schema beside the tables it describes.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

SCHEMA = "counter"

config = context.config
connection = config.attributes["connection"]

# Two administrators running `central init` at once: the second waits, then finds head.
connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('counter.central_migrations'))"))
connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
context.configure(
    connection=connection, version_table_schema=SCHEMA, transaction_per_migration=False
)
with context.begin_transaction():
    context.run_migrations()
