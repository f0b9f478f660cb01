"""the centre's cases at every window: window keys, other windows' visits, centre cases

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 16:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'window_keys',
        sa.Column('key_id', sa.String(length=16), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('centre_code', sa.String(length=20), nullable=False),
        sa.Column('window_code', sa.String(length=20), nullable=False),
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.Column('origin', sa.String(length=20), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key_id'),
    )
    op.create_table(
        'centre_visits',
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('case_id', sa.String(length=36), nullable=False),
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.Column('window', sa.String(length=45), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('central_version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('record_id'),
    )
    op.create_index('ix_centre_visits_case', 'centre_visits', ['case_id'])
    op.create_table(
        'centre_cases',
        sa.Column('case_id', sa.String(length=36), nullable=False),
        sa.Column('origin', sa.String(length=20), nullable=False),
        sa.Column('applicant_check', sa.String(length=40), nullable=False),
        sa.Column('agent_check', sa.String(length=40), nullable=False),
        sa.Column('conflicts', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('case_id'),
    )


def downgrade() -> None:
    op.drop_table('centre_cases')
    op.drop_index('ix_centre_visits_case', table_name='centre_visits')
    op.drop_table('centre_visits')
    op.drop_table('window_keys')
