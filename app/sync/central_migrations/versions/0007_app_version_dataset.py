"""the county publishes the Counter version windows should run, and the minimum they may run

Revision ID: c0007
Revises: c0006
Create Date: 2026-12-03

A new dataset ``app_version`` in ``counter.publications``: one JSON body {"current", "minimum"}
for the whole county (windows pull the newest only, see app/sync/pull.py). A window older than
the minimum keeps pushing its records and refuses new intakes (app/services/rollout.py).
Windows of earlier versions never ask for this dataset and are unaffected.

The datasets allowed so far are read from the constraint itself, so this revision adds one
name to whatever list the revisions before it made.
"""

import re

from alembic import op
from sqlalchemy import text

revision = "c0007"
down_revision = "c0006"
branch_labels = None
depends_on = None

NAME = "app_version"


def _allowed() -> list[str]:
    definition = op.get_bind().execute(text(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conname = 'publications_dataset_check' "
        "AND conrelid = 'counter.publications'::regclass")).scalar_one()
    return re.findall(r"'([a-z_]+)'", definition)


def _allow(names: list[str]) -> None:
    listed = ", ".join(f"'{n}'" for n in names)
    op.execute("ALTER TABLE counter.publications DROP CONSTRAINT publications_dataset_check")
    op.execute("ALTER TABLE counter.publications ADD CONSTRAINT publications_dataset_check "
               f"CHECK (dataset IN ({listed}))")


def upgrade() -> None:
    _allow([n for n in _allowed() if n != NAME] + [NAME])


def downgrade() -> None:
    op.execute(f"DELETE FROM counter.publications WHERE dataset = '{NAME}'")
    _allow([n for n in _allowed() if n != NAME])
