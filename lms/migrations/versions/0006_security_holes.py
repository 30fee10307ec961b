"""security holes

Issue 9: ids never reused, one row per sign-in, a random secret per account.

On SQLite a table without AUTOINCREMENT hands the id of its last deleted row to the next
insert; the tables whose ids name people or what they did are rebuilt with it (data kept;
lms.database.migrate runs migrations with foreign keys off, as SQLite's documented way
to rebuild a table that others refer to). PostgreSQL sequences never go back: nothing to
rebuild there. Sessions named ``id:session_version`` before; they now name a sign-in
row, so everyone signs in once more after this upgrade.

Revision ID: 0006
Revises: 0005
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

REBUILT = ("users", "role_grants", "consents", "attempts", "audit_log")


def _rebuild(table: str, **kwargs):
    """A batch that rebuilds the table with AUTOINCREMENT on SQLite, plain ALTER elsewhere."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    return op.batch_alter_table(
        table,
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True},
        **kwargs,
    )


def upgrade() -> None:
    op.add_column('users', sa.Column('session_token', sa.String(length=64), nullable=True))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    bind = op.get_bind()
    for (user_id,) in bind.execute(sa.select(users.c.id)).all():
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_token=secrets.token_urlsafe(32))
        )
    with _rebuild('users') as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('session_version')
    for table in REBUILT[1:]:
        with _rebuild(table):
            pass

    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_login_sessions_token_hash')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))
    op.drop_table('login_sessions')
    # AUTOINCREMENT stays: it is harmless, and giving ids back would reopen the hole.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.drop_column('session_token')
