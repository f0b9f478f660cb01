"""provisional promised dates

A promised date counted over a year whose holiday schedule was not yet published (暂定).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 12:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('promised_provisional', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('promised_provisional')
