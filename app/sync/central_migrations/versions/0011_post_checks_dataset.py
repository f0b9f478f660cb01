"""the back office's post-checks of 告知承诺 go to windows as a dataset of their own

Revision ID: c0011
Revises: c0010
Create Date: 2026-12-03

A new dataset ``post_checks`` in ``counter.publications``: one JSON body per finding
{"case_no", "case_id", "result" (属实 / 不属实), "note", "decided_at"}, addressed to the window
whose device sent the case, like a case decision (``counter central case post-check``). A
window records it through the same function as a check recorded there: 不属实 revokes the case
(app/sync/pull.py, app/services/post_checks.py). Windows of earlier versions never ask for this
dataset and are unaffected: a finding is not a ``case_status`` body, which they would not read.

The datasets allowed so far are read from the constraint itself (as in c0007), so this
revision adds one name to whatever list the revisions before it made.
"""

import re

from alembic import op
from sqlalchemy import text

revision = "c0011"
down_revision = "c0010"
branch_labels = None
depends_on = None

NAME = "post_checks"


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
