"""indexes that keep home, report and log verify independent of the history

Home and ``counter report`` read a day's records by kind (``LIKE 'day%'`` read every record),
the cases changed on a day (an OR across two columns read every case), the running cases due
soon and the acceptance counts; each now has an index, so the cost follows the day, not the
years behind it. Only indexes: no row changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 16:00:00
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_records_kind_created", "records", ["kind", "created_at"]),
    ("ix_cases_updated", "cases", ["updated_at"]),
    ("ix_cases_state_promised", "cases", ["state", "promised_date"]),
    ("ix_cases_accepted", "cases", ["accepted_at", "created_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
