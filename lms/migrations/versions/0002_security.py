"""security: audit log, deleted-account tally, attempts outlive accounts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 23:22:57.812625
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('deleted_account_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=True),
    sa.Column('commune_code', sa.Integer(), nullable=True),
    sa.Column('criterion_level', sa.String(length=10), nullable=False),
    sa.Column('accounts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deleted_account_tally')),
    sa.UniqueConstraint('province_code', 'commune_code', 'criterion_level', name=op.f('uq_deleted_account_tally_province_code'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('where', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['users.id'], name=op.f('fk_audit_log_subject_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_subject_at', ['subject_id', 'at'], unique=False)

    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.drop_constraint(batch_op.f('fk_attempts_user_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_attempts_user_id_users'), 'users', ['user_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    # Attempts of deleted accounts have no owner, which 0001 cannot hold.
    op.execute("DELETE FROM attempts WHERE user_id IS NULL")
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attempts_user_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_attempts_user_id_users'), 'users', ['user_id'], ['id'], ondelete='CASCADE')
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=False)

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_subject_at')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
    op.drop_table('deleted_account_tally')
