"""rectification tickets carry their category and the rest of their details

``category`` (one of the 18 kinds of core/tickets.py) is a column, so the reports count by
it; ``data`` holds the ticket as core/tickets.Ticket has it (source, referral, measure,
call-back, appeal, history), the same JSON its ``ticket`` records carry to the central
database. Tickets from before have neither: the service reads them from their old columns.
``ix_tickets_state_due`` keeps the home page's overdue look-up off the closed history.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("category", sa.String(40), nullable=True))
        batch.add_column(sa.Column("data", sa.JSON(), nullable=True))
    op.create_index("ix_tickets_state_due", "tickets", ["state", "due"])


def downgrade() -> None:
    op.drop_index("ix_tickets_state_due", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("data")
        batch.drop_column("category")
