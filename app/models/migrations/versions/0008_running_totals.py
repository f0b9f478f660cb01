"""the report's acceptance counts kept running; home's longest lists read in index order

``counter report``'s 跑一次率 counted every accepted case at each run (a scan of an index of
every case: 500k entries after ten years). ``acceptance_totals`` (one row) keeps the two
counts, moved by triggers on ``cases`` whatever writes it (an intake, a supplement, a case
folded from the centre's visits), and is filled from the cases at this upgrade.

Results waiting for pickup are listed newest first and the running cases by promised date:
``(state, updated_at)`` gives the first in order without sorting every result ever left
uncollected, and a partial index finds the few cases whose promised date is still 暂定.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_state_updated", "cases", ["state", "updated_at"])
    op.create_index(
        "ix_cases_provisional",
        "cases",
        ["promised_date"],
        sqlite_where=sa.text("promised_provisional = 1"),
    )
    op.create_table(
        "acceptance_totals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("first_visit", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        "INSERT INTO acceptance_totals (id, accepted, first_visit) "
        "SELECT 1, count(accepted_at), count(CASE WHEN accepted_at = created_at THEN 1 END) "
        "FROM cases"
    )
    # A case is accepted once: at its intake (accepted_at = created_at) or at a later visit.
    op.execute("""
        CREATE TRIGGER cases_accepted_insert AFTER INSERT ON cases
        WHEN NEW.accepted_at IS NOT NULL
        BEGIN
            UPDATE acceptance_totals
               SET accepted = accepted + 1,
                   first_visit = first_visit + (NEW.accepted_at = NEW.created_at)
             WHERE id = 1;
        END""")
    op.execute("""
        CREATE TRIGGER cases_accepted_update AFTER UPDATE OF accepted_at ON cases
        WHEN (OLD.accepted_at IS NULL) <> (NEW.accepted_at IS NULL)
          OR OLD.accepted_at <> NEW.accepted_at
        BEGIN
            UPDATE acceptance_totals
               SET accepted = accepted + (NEW.accepted_at IS NOT NULL)
                              - (OLD.accepted_at IS NOT NULL),
                   first_visit = first_visit
                                 + coalesce(NEW.accepted_at = NEW.created_at, 0)
                                 - coalesce(OLD.accepted_at = OLD.created_at, 0)
             WHERE id = 1;
        END""")
    op.execute("""
        CREATE TRIGGER cases_accepted_delete AFTER DELETE ON cases
        WHEN OLD.accepted_at IS NOT NULL
        BEGIN
            UPDATE acceptance_totals
               SET accepted = accepted - 1,
                   first_visit = first_visit - (OLD.accepted_at = OLD.created_at)
             WHERE id = 1;
        END""")


def downgrade() -> None:
    for name in ("cases_accepted_delete", "cases_accepted_update", "cases_accepted_insert"):
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("acceptance_totals")
    op.drop_index("ix_cases_provisional", table_name="cases")
    op.drop_index("ix_cases_state_updated", table_name="cases")
