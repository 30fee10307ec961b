"""content as data

Issue 8: revisions keep source text, author, note and state. Reserved so that work on separate branches chains its migrations in a fixed
order; the branch that owns it fills in upgrade().

Revision ID: 0007
Revises: 0006
"""

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
