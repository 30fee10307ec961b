"""villages

Issue 8: villages per commune; free-text villages migrate. Each distinct village a
commune's learners typed (distinct by name without case, diacritics or extra spaces)
becomes a row of that commune, and its learners are linked to it.

Revision ID: 0008
Revises: 0007
"""

from collections import Counter

import sqlalchemy as sa
from alembic import op

from lms.places.villages import kind_of, search_key

NEVER_REUSE_IDS = {'sqlite_autoincrement': True}

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'villages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('commune_code', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('search_key', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_villages')),
        sa.UniqueConstraint(
            'commune_code', 'search_key', name=op.f('uq_villages_commune_code')
        ),
    )
    with op.batch_alter_table('villages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_villages_commune_code'), ['commune_code'])
    # A rebuild on SQLite: keep AUTOINCREMENT (0006), or deleted accounts' ids come back.
    with op.batch_alter_table('users', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('village_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_village_id'), ['village_id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_users_village_id_villages'),
            'villages',
            ['village_id'],
            ['id'],
            ondelete='SET NULL',
        )
    _migrate_free_text()


def _migrate_free_text() -> None:
    connection = op.get_bind()
    users = sa.table(
        'users',
        sa.column('id', sa.Integer),
        sa.column('commune_code', sa.Integer),
        sa.column('village', sa.String),
        sa.column('village_id', sa.Integer),
    )
    villages = sa.table(
        'villages',
        sa.column('id', sa.Integer),
        sa.column('commune_code', sa.Integer),
        sa.column('name', sa.String),
        sa.column('kind', sa.String),
        sa.column('search_key', sa.String),
    )
    rows = connection.execute(
        sa.select(users.c.id, users.c.commune_code, users.c.village).where(
            users.c.commune_code.is_not(None), users.c.village.is_not(None)
        )
    ).all()
    # (commune, key) → the learners, and the spelling most of them used for the name.
    members: dict[tuple[int, str], list[int]] = {}
    spellings: dict[tuple[int, str], Counter] = {}
    for user_id, commune, text in rows:
        name = " ".join(text.split())
        key = search_key(name)
        if not key:
            continue
        members.setdefault((commune, key), []).append(user_id)
        spellings.setdefault((commune, key), Counter())[name] += 1
    for (commune, key), user_ids in members.items():
        name = spellings[(commune, key)].most_common(1)[0][0]
        village_id = connection.execute(
            sa.insert(villages)
            .values(commune_code=commune, name=name, kind=kind_of(name), search_key=key)
            .returning(villages.c.id)
        ).scalar_one()
        connection.execute(
            sa.update(users)
            .where(users.c.id.in_(user_ids))
            .values(village_id=village_id, village=None)
        )


def downgrade() -> None:
    # Linked learners get their village back as text before the table goes.
    op.execute(
        "UPDATE users SET village = (SELECT name FROM villages WHERE villages.id = "
        "users.village_id) WHERE village_id IS NOT NULL"
    )
    # A rebuild on SQLite: keep AUTOINCREMENT (0006), or deleted accounts' ids come back.
    with op.batch_alter_table('users', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_village_id_villages'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_village_id'))
        batch_op.drop_column('village_id')
    with op.batch_alter_table('villages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_villages_commune_code'))
    op.drop_table('villages')
