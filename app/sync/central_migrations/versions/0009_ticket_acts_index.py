"""the rectification list across windows reads the ticket records by an index of their own

``counter central tickets`` folds every record of kind ``ticket`` (each carries the ticket as
it stands after the act, core/tickets.py). A partial index holds only those rows, a small
share of ``records``, so the list costs what the tickets cost, not the county's history.

Revision ID: c0009
Revises: c0008
Create Date: 2026-12-03
"""

from alembic import op

revision = "c0009"
down_revision = "c0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX records_ticket_acts ON counter.records (device_id, epoch, seq) "
        "WHERE kind = 'ticket'"
    )


def downgrade() -> None:
    op.execute("DROP INDEX counter.records_ticket_acts")
