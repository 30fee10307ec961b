"""villages

Issue 8: villages per commune; free-text villages migrate. Reserved so that work on separate branches chains its migrations in a fixed
order; the branch that owns it fills in upgrade().

Revision ID: 0008
Revises: 0007
"""

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
