"""classes

Issue 10, part D: trainers' classes (lớp tập huấn), their members, sessions and
attendance; consent given in person through a helper; the flag a login card's one-time
password sets. Existing users need not choose a new password (false for all); existing
consents were given by the learner alone (no helper).

Revision ID: 0014
Revises: 0013
"""

from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("commune_code", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trainer_id"],
            ["users.id"],
            name=op.f("fk_classes_trainer_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classes")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_classes_trainer_id"), "classes", ["trainer_id"])
    op.create_table(
        "class_members",
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("joined_by", sa.String(length=10), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classes.id"],
            name=op.f("fk_class_members_class_id_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_class_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("class_id", "user_id", name=op.f("pk_class_members")),
    )
    op.create_index(op.f("ix_class_members_user_id"), "class_members", ["user_id"])
    op.create_table(
        "class_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classes.id"],
            name=op.f("fk_class_sessions_class_id_classes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_sessions")),
        sa.UniqueConstraint("class_id", "held_on", name=op.f("uq_class_sessions_class_id")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["class_sessions.id"],
            name=op.f("fk_attendance_session_id_class_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_attendance_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "user_id", name=op.f("pk_attendance")),
    )
    op.create_index(op.f("ix_attendance_user_id"), "attendance", ["user_id"])
    # Plain ADD COLUMN, never a rebuild: on SQLite a rebuilt users table would lose its
    # AUTOINCREMENT high-water mark (ids must never be reused, 0006).
    op.add_column(
        "users",
        sa.Column("must_choose_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a foreign key only by rebuilding the table: keep AUTOINCREMENT, and
        # the high-water mark of ids, so that a deleted last consent's id stays unused.
        with _keeping_ids("consents"):
            with op.batch_alter_table(
                "consents", recreate="always", table_kwargs={"sqlite_autoincrement": True}
            ) as batch_op:
                _add_consent_columns(batch_op)
    else:
        with op.batch_alter_table("consents", schema=None) as batch_op:
            _add_consent_columns(batch_op)


def _add_consent_columns(batch_op) -> None:
    batch_op.add_column(sa.Column("helper_name", sa.String(length=80), nullable=True))
    batch_op.add_column(sa.Column("recorded_by", sa.Integer(), nullable=True))
    batch_op.create_foreign_key(
        batch_op.f("fk_consents_recorded_by_users"),
        "users",
        ["recorded_by"],
        ["id"],
        ondelete="SET NULL",
    )


@contextmanager
def _keeping_ids(table: str):
    """SQLite: the table's AUTOINCREMENT high-water mark survives a rebuild."""
    bind = op.get_bind()
    seen = bind.execute(
        sa.text("SELECT seq FROM sqlite_sequence WHERE name = :t"), {"t": table}
    ).scalar()
    yield
    if seen is not None:
        bind.execute(
            sa.text("UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = :t"),
            {"seq": seen, "t": table},
        )
        bind.execute(
            sa.text(
                "INSERT INTO sqlite_sequence (name, seq) SELECT :t, :seq "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = :t)"
            ),
            {"seq": seen, "t": table},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # DROP COLUMN refuses a column with a foreign key: rebuild, keeping the ids.
        with _keeping_ids("consents"):
            with op.batch_alter_table(
                "consents", recreate="always", table_kwargs={"sqlite_autoincrement": True}
            ) as batch_op:
                batch_op.drop_column("recorded_by")
                batch_op.drop_column("helper_name")
    else:
        op.drop_constraint(op.f("fk_consents_recorded_by_users"), "consents", type_="foreignkey")
        op.drop_column("consents", "recorded_by")
        op.drop_column("consents", "helper_name")
    op.drop_column("users", "must_choose_password")
    op.drop_index(op.f("ix_attendance_user_id"), table_name="attendance")
    op.drop_table("attendance")
    op.drop_table("class_sessions")
    op.drop_index(op.f("ix_class_members_user_id"), table_name="class_members")
    op.drop_table("class_members")
    op.drop_index(op.f("ix_classes_trainer_id"), table_name="classes")
    op.drop_table("classes")
