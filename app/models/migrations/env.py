"""Alembic environment: the engine comes from app.models.migrate, never from a file."""

from __future__ import annotations

from alembic import context

from app.models.schema import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    # Migrations run in one transaction, and SQLite needs batch mode to alter tables.
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
