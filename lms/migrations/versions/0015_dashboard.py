"""dashboard: citizen tally and targets

Issue 11: officers' dashboards read counts kept by commune and breakdown
(``citizen_tally``) instead of counting citizens; the targets per year live in the
database, seeded from lms/data/targets.toml, so admins can edit them. Existing citizens
and levels are counted here, set-based.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from lms.reports import targets, tally

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'citizen_tally',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('province_code', sa.Integer(), nullable=False),
        sa.Column('commune_code', sa.Integer(), nullable=False),
        sa.Column('dimension', sa.String(length=10), nullable=False),
        sa.Column('value', sa.String(length=20), nullable=False),
        sa.Column('level', sa.String(length=10), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('citizens', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_tally')),
        sa.UniqueConstraint(
            'province_code', 'commune_code', 'dimension', 'value', 'level', 'year', 'month',
            name=op.f('uq_citizen_tally_province_code'),
        ),
    )
    op.create_index(
        'ix_citizen_tally_province', 'citizen_tally', ['province_code', 'dimension', 'year']
    )
    op.create_index(
        'ix_citizen_tally_commune', 'citizen_tally', ['commune_code', 'dimension', 'year']
    )
    target_table = op.create_table(
        'targets',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('kns1_percent', sa.Integer(), nullable=False),
        sa.Column('kns2_percent', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_targets')),
    )
    op.bulk_insert(
        target_table,
        [
            {'year': year, 'kns1_percent': kns1, 'kns2_percent': kns2}
            for year, kns1, kns2 in targets.from_file()
        ],
    )
    # Count the citizens already there (the same set statements a restatement runs).
    session = Session(bind=op.get_bind())
    tally.rebuild(session)
    session.flush()


def downgrade() -> None:
    op.drop_table('targets')
    op.drop_index('ix_citizen_tally_commune', table_name='citizen_tally')
    op.drop_index('ix_citizen_tally_province', table_name='citizen_tally')
    op.drop_table('citizen_tally')
