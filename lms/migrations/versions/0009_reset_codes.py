"""reset codes

Issue 14: one-time password reset codes. Reserved so that work on separate branches chains its migrations in a fixed
order; the branch that owns it fills in upgrade().

Revision ID: 0009
Revises: 0008
"""

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
