"""One-time password reset codes, given in person by an officer who has seen the learner.

Only a keyed hash of the code is stored: a copy of the database does not hold codes
anyone could type. A code expires, works once, and names who gave it.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ResetCode(Base):
    __tablename__ = "reset_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # HMAC-SHA256 of the code under the app's secret key, hex.
    code_hash: Mapped[str] = mapped_column(String(64))
    # The officer who saw the learner and gave the code; NULL once their account is deleted.
    given_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
