"""question outcomes, lesson images

Issue 10: question statistics read stored per-question rows instead of every attempt's
JSON. A new table, one row per graded attempt and question, their counts per revision
(``question_tallies``), and ``attempts.seconds``
(start to submission) with the indexes the statistics page counts along. Existing graded
attempts are carried over: their rows and seconds are filled from the answers and
results they stored, by the same code that writes them at grading (lms.insights).
Lesson pictures uploaded in the studio get their own table (new: nothing to carry over).

Revision ID: 0013
Revises: 0012
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

BATCH = 2000

attempts = sa.table(
    'attempts',
    sa.column('id', sa.Integer()),
    sa.column('quiz_revision_id', sa.Integer()),
    sa.column('started_at', sa.DateTime()),
    sa.column('submitted_at', sa.DateTime()),
    sa.column('answers', sa.JSON()),
    sa.column('results', sa.JSON()),
    sa.column('score', sa.Integer()),
    sa.column('seconds', sa.Integer()),
)
revisions = sa.table(
    'quiz_revisions',
    sa.column('id', sa.Integer()),
    sa.column('definition', sa.JSON()),
)


def _json(value):
    # The JSON type decodes on PostgreSQL and SQLite alike; a raw string is tolerated.
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    op.create_table(
        'question_outcomes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('quiz_revision_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.String(length=80), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=False),
        sa.Column('answered', sa.Boolean(), nullable=False),
        sa.Column('chosen', sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ['attempt_id'],
            ['attempts.id'],
            name='fk_question_outcomes_attempt_id_attempts',
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['quiz_revision_id'],
            ['quiz_revisions.id'],
            name='fk_question_outcomes_quiz_revision_id_quiz_revisions',
        ),
        sa.PrimaryKeyConstraint('id', name='pk_question_outcomes'),
    )
    op.create_index(
        'ix_question_outcomes_revision', 'question_outcomes', ['quiz_revision_id', 'question_id']
    )
    op.create_index('ix_question_outcomes_attempt', 'question_outcomes', ['attempt_id'])
    # A nullable column: SQLite adds it in place, no table copy.
    op.add_column('attempts', sa.Column('seconds', sa.Integer(), nullable=True))
    op.create_index(
        'ix_attempts_revision_score', 'attempts', ['quiz_revision_id', 'score', 'passed']
    )
    op.create_index('ix_attempts_revision_seconds', 'attempts', ['quiz_revision_id', 'seconds'])
    _backfill()
    op.create_table(
        'question_tallies',
        sa.Column('quiz_revision_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.String(length=80), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=False),
        sa.Column('answered', sa.Boolean(), nullable=False),
        sa.Column('chosen', sa.String(length=80), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['quiz_revision_id'],
            ['quiz_revisions.id'],
            name='fk_question_tallies_quiz_revision_id_quiz_revisions',
        ),
        sa.PrimaryKeyConstraint(
            'quiz_revision_id',
            'question_id',
            'correct',
            'answered',
            'chosen',
            name='pk_question_tallies',
        ),
    )
    # The carried-over rows, counted (as lms.insights.rebuild_tallies does).
    op.execute(
        "INSERT INTO question_tallies"
        " (quiz_revision_id, question_id, correct, answered, chosen, count)"
        " SELECT quiz_revision_id, question_id, correct, answered, COALESCE(chosen, ''), COUNT(*)"
        " FROM question_outcomes"
        " GROUP BY quiz_revision_id, question_id, correct, answered, COALESCE(chosen, '')"
    )
    op.create_table(
        'lesson_images',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('lesson_id', sa.Integer(), nullable=False),
        sa.Column('path', sa.String(length=300), nullable=False),
        sa.Column('media_type', sa.String(length=40), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('alt', sa.String(length=300), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['lesson_id'], ['lessons.id'], name='fk_lesson_images_lesson_id_lessons'
        ),
        sa.ForeignKeyConstraint(
            ['author_id'],
            ['users.id'],
            name='fk_lesson_images_author_id_users',
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name='pk_lesson_images'),
        sa.UniqueConstraint('path', name='uq_lesson_images_path'),
    )
    op.create_index('ix_lesson_images_lesson_id', 'lesson_images', ['lesson_id'])


def _backfill() -> None:
    from lms.insights.outcomes import outcome_rows
    from lms.quiz import Quiz

    connection = op.get_bind()
    outcomes = sa.table(
        'question_outcomes',
        sa.column('attempt_id', sa.Integer()),
        sa.column('quiz_revision_id', sa.Integer()),
        sa.column('question_id', sa.String()),
        sa.column('correct', sa.Boolean()),
        sa.column('answered', sa.Boolean()),
        sa.column('chosen', sa.String()),
    )
    pools: dict[int, Quiz | None] = {}

    def pool(revision_id: int) -> Quiz | None:
        if revision_id not in pools:
            raw = connection.scalar(
                sa.select(revisions.c.definition).where(revisions.c.id == revision_id)
            )
            try:
                pools[revision_id] = Quiz.from_dict(_json(raw))
            except (KeyError, TypeError, ValueError):
                pools[revision_id] = None
        return pools[revision_id]

    last = 0
    while True:
        batch = connection.execute(
            sa.select(
                attempts.c.id,
                attempts.c.quiz_revision_id,
                attempts.c.started_at,
                attempts.c.submitted_at,
                attempts.c.answers,
                attempts.c.results,
            )
            .where(attempts.c.id > last, attempts.c.score.is_not(None))
            .order_by(attempts.c.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        rows, seconds = [], []
        for attempt_id, revision_id, started, submitted, answers, results in batch:
            last = attempt_id
            if started is not None and submitted is not None:
                spent = max(0, int((submitted - started).total_seconds()))
                seconds.append({'b_id': attempt_id, 'b_seconds': spent})
            quiz, results = pool(revision_id), _json(results)
            if quiz is None or not isinstance(results, list):
                continue
            answers = _json(answers)
            for row in outcome_rows(quiz, answers if isinstance(answers, dict) else {}, results):
                rows.append({**row, 'attempt_id': attempt_id, 'quiz_revision_id': revision_id})
        if rows:
            connection.execute(outcomes.insert(), rows)
        if seconds:
            connection.execute(
                attempts.update()
                .where(attempts.c.id == sa.bindparam('b_id'))
                .values(seconds=sa.bindparam('b_seconds')),
                seconds,
            )


def downgrade() -> None:
    op.drop_index('ix_lesson_images_lesson_id', table_name='lesson_images')
    op.drop_table('lesson_images')
    op.drop_index('ix_attempts_revision_seconds', table_name='attempts')
    op.drop_index('ix_attempts_revision_score', table_name='attempts')
    with op.batch_alter_table('attempts') as batch:
        batch.drop_column('seconds')
    op.drop_table('question_tallies')
    op.drop_index('ix_question_outcomes_attempt', table_name='question_outcomes')
    op.drop_index('ix_question_outcomes_revision', table_name='question_outcomes')
    op.drop_table('question_outcomes')
