"""certificates

Issue 11: one certificate per citizen and criterion level, with its verification code.
A new table: no existing data to carry over (a certificate is issued when its citizen
asks for it).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'certificates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('level', sa.String(length=10), nullable=False),
        sa.Column('met_at', sa.DateTime(), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('commune_code', sa.Integer(), nullable=True),
        sa.Column('points', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificates_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
        sa.UniqueConstraint('code', name=op.f('uq_certificates_code')),
        sa.UniqueConstraint('user_id', 'level', name=op.f('uq_certificates_user_id')),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table('certificates')
