"""Certificates (giấy chứng nhận): one per citizen and criterion level, with the code that
anyone can check at /xac-minh/<code>.

The row keeps what the certificate said when it was issued (commune, points, the date the
level was met); whether it still holds is read live (lms.certificates.validity). The
account's deletion sets ``user_id`` to NULL: the code then reads "no longer valid" and
names nobody.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .user import NEVER_REUSE_IDS, User


class Certificate(Base):
    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("user_id", "level"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The verification code as printed, e.g. "HS-7K3Q-M9XD-2PWA-C4TN" (lms.certificates).
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "KNS-1" or "KNS-2", as in lms.criteria.
    level: Mapped[str] = mapped_column(String(10))
    met_at: Mapped[datetime]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    commune_code: Mapped[int | None]
    points: Mapped[int] = mapped_column(default=0)

    user: Mapped[User | None] = relationship()
