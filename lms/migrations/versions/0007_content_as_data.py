"""content as data

Issue 8: revisions keep source text, author, note and state. Existing revisions all came
from file imports and were all current, so they become published revisions of origin
"file" with no author. Their source text stays NULL: the next ``lms content import``
fills it in for every revision whose file is unchanged (the hash matches), which is what
keeps the export byte-identical; an export refuses content that has no text yet.

Revision ID: 0007
Revises: 0006
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _provenance(table: str, with_state: bool) -> None:
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column('source_text', sa.Text(), nullable=True))
        batch.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column('note', sa.String(length=300), nullable=False, server_default='')
        )
        if with_state:
            batch.add_column(
                sa.Column(
                    'state', sa.String(length=12), nullable=False, server_default='published'
                )
            )
        batch.add_column(
            sa.Column('origin', sa.String(length=12), nullable=False, server_default='file')
        )
        batch.create_foreign_key(
            op.f(f'fk_{table}_author_id_users'), 'users', ['author_id'], ['id']
        )


def upgrade() -> None:
    with op.batch_alter_table('modules') as batch:
        batch.add_column(sa.Column('source_text', sa.Text(), nullable=True))
    _provenance('lesson_revisions', with_state=True)
    _provenance('quiz_revisions', with_state=True)
    _provenance('criterion_rules', with_state=False)


def downgrade() -> None:
    for table, with_state in (
        ('criterion_rules', False),
        ('quiz_revisions', True),
        ('lesson_revisions', True),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f'fk_{table}_author_id_users'), type_='foreignkey')
            batch.drop_column('origin')
            if with_state:
                batch.drop_column('state')
            batch.drop_column('note')
            batch.drop_column('author_id')
            batch.drop_column('source_text')
    with op.batch_alter_table('modules') as batch:
        batch.drop_column('source_text')
