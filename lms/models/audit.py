"""The audit log: every time someone looks at or changes a learner's data who is not
that learner, and the anonymous counts a deleted account leaves behind.

Entries hold ids and fixed action names, never copies of the data: deleting an account
turns its ids into NULL and leaves no personal data behind in the log.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .user import NEVER_REUSE_IDS, User


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_subject_at", "subject_id", "at"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Who looked (an officer, a trainer, an admin); NULL once their account is deleted.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Whose data; NULL once the learner's account is deleted.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What was done, in fixed words (see lms.audit.ACTIONS), and where (a URL path).
    action: Mapped[str] = mapped_column(String(40))
    where: Mapped[str] = mapped_column(String(200), default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])


class DeletedAccountTally(Base):
    """How many deleted accounts had reached each criterion level, per commune.

    A deleted learner's attempts stay without a name (question statistics stay right);
    this count keeps an area's criterion figures right without keeping the person.
    """

    __tablename__ = "deleted_account_tally"
    __table_args__ = (UniqueConstraint("province_code", "commune_code", "criterion_level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    province_code: Mapped[int | None]
    commune_code: Mapped[int | None]
    # "" for accounts that had not reached any level.
    criterion_level: Mapped[str] = mapped_column(String(10))
    accounts: Mapped[int] = mapped_column(default=0)
