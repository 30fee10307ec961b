"""question count per attempt

Issue 13: an attempt draws ``show`` questions from a quiz's pool, so a revision's
``question_count`` now says how many questions one attempt has, not the pool size. Only
existing data changes: revisions whose definition has ``show`` get that count.

Revision ID: 0010
Revises: 0009
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

revisions = sa.table(
    'quiz_revisions',
    sa.column('id', sa.Integer()),
    sa.column('definition', sa.JSON()),
    sa.column('question_count', sa.Integer()),
)


def _definition(value) -> dict:
    # The JSON type decodes on PostgreSQL and SQLite alike; a raw string is tolerated.
    return json.loads(value) if isinstance(value, str) else (value or {})


def _recount(shown: bool) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(revisions.c.id, revisions.c.definition)).all()
    for revision_id, raw in rows:
        definition = _definition(raw)
        pool = len(definition.get('questions', ()))
        show = definition.get('show')
        if not show:
            continue
        count = min(show, pool) if shown else pool
        connection.execute(
            revisions.update()
            .where(revisions.c.id == revision_id)
            .values(question_count=count)
        )


def upgrade() -> None:
    _recount(shown=True)


def downgrade() -> None:
    _recount(shown=False)
