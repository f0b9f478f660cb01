"""告知承诺 post-checks: the date a case's promise is to be checked by

``cases.check_due`` is the date by which the department checks the materials a 告知承诺
replaced (the intake record names them); empty when nothing was promised or once the check
has been recorded. Home and ``counter report`` list the overdue ones through a partial index
of the few cases that have one. Filled at this upgrade from the intake records that carry it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 16:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of ``cases`` would drop the triggers of 0008.
    op.add_column("cases", sa.Column("check_due", sa.Date(), nullable=True))
    op.execute(
        """
        UPDATE cases SET check_due = (
            SELECT json_extract(r.payload, '$.check_due') FROM records r
            WHERE r.case_id = cases.id AND r.kind = 'intake'
              AND json_extract(r.payload, '$.check_due') IS NOT NULL
            LIMIT 1)
        """
    )
    op.create_index(
        "ix_cases_check_due",
        "cases",
        ["check_due"],
        sqlite_where=sa.text("check_due IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_cases_check_due", table_name="cases")
    op.drop_column("cases", "check_due")
