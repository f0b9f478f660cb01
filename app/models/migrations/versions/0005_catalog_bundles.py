"""bundles (一件事) of a catalog version

A catalog in format ``counter-catalog/2`` may hold bundles: several items taken in one visit.
They are kept per version beside the items, as their interchange JSON plus search keys.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 15:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'catalog_bundles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('aliases', sa.Text(), nullable=False),
        sa.Column('search_keys', sa.JSON(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['catalog_versions.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('version_id', 'code'),
    )


def downgrade() -> None:
    op.drop_table('catalog_bundles')
