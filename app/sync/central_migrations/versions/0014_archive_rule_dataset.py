"""the county publishes its volume-number rule (档号规则) to windows as a dataset of its own

Revision ID: c0014
Revises: c0013
Create Date: 2026-12-03

A new dataset ``archive_rule`` in ``counter.publications``: one counter-archive-rule/1 document
per publication (docs/archive.md), for the whole county or one centre; windows pull the newest
only, like the catalog (app/sync/pull.py), and number the volumes they file from then on by it.
Windows of earlier versions never ask for this dataset and are unaffected.

The datasets allowed so far are read from the constraint itself (as in c0007), so this
revision adds one name to whatever list the revisions before it made.
"""

import re

from alembic import op
from sqlalchemy import text

revision = "c0014"
down_revision = "c0013"
branch_labels = None
depends_on = None

NAME = "archive_rule"


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
