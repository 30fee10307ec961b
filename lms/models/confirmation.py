"""An officer's confirmation (xác nhận) of a citizen's criterion level for one year.

A confirmation is never edited away: revoking it keeps who confirmed and when, and adds
who revoked it, when and why. Confirming again after a revocation is a new row, so the
history reads in order. The officer's name is kept as it was, since accounts can go.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .user import NEVER_REUSE_IDS


class Confirmation(Base):
    __tablename__ = "confirmations"
    __table_args__ = (Index("ix_confirmations_user_year", "user_id", "year"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    year: Mapped[int]
    # "KNS-1" or "KNS-2", as in lms.criteria.
    level: Mapped[str] = mapped_column(String(10))
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_by_name: Mapped[str] = mapped_column(String(80))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_by_name: Mapped[str | None] = mapped_column(String(80))
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(String(300))

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None
