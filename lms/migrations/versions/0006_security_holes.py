"""security holes

Issue 9: ids never reused, per-account session secrets, free-text rules. Reserved so that work on separate branches chains its migrations in a fixed
order; the branch that owns it fills in upgrade().

Revision ID: 0006
Revises: 0005
"""

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
