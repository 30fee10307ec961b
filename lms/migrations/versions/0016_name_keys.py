"""name keys

Issue 11: officers search citizens by name or phone without diacritics and list them in
Vietnamese order. Two stored, indexed keys on users (lms.citizens.keys), filled here for
every existing row with the same function the application uses; and indexes by commune
and by province in name order, so a page of an area's list needs no sort.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

from lms.citizens.keys import search_key, sort_key

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(
            sa.Column('search_key', sa.String(length=120), server_default='', nullable=False)
        )
        batch.add_column(
            sa.Column(
                'sort_key',
                sa.String(length=200).with_variant(
                    sa.String(length=200, collation='C'), 'postgresql'
                ),
                server_default='',
                nullable=False,
            )
        )
    connection = op.get_bind()
    users = sa.table(
        'users',
        sa.column('id', sa.Integer),
        sa.column('display_name', sa.String),
        sa.column('phone', sa.String),
        sa.column('search_key', sa.String),
        sa.column('sort_key', sa.String),
    )
    update = (
        sa.update(users)
        .where(users.c.id == sa.bindparam('uid'))
        .values(search_key=sa.bindparam('sk'), sort_key=sa.bindparam('ok'))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(users.c.id, users.c.display_name, users.c.phone)
            .where(users.c.id > last)
            .order_by(users.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            update,
            [
                {'uid': uid, 'sk': search_key(name or '', phone), 'ok': sort_key(name or '')}
                for uid, name, phone in rows
            ],
        )
        last = rows[-1][0]
    op.create_index('ix_users_search_key', 'users', ['search_key'])
    op.create_index('ix_users_sort_key', 'users', ['sort_key'])
    op.create_index('ix_users_commune_sort', 'users', ['commune_code', 'sort_key', 'search_key'])
    op.create_index('ix_users_province_sort', 'users', ['province_code', 'sort_key', 'search_key'])


def downgrade() -> None:
    op.drop_index('ix_users_province_sort', table_name='users')
    op.drop_index('ix_users_commune_sort', table_name='users')
    op.drop_index('ix_users_sort_key', table_name='users')
    op.drop_index('ix_users_search_key', table_name='users')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('sort_key')
        batch.drop_column('search_key')
