"""Classes (lớp tập huấn) a trainer runs: who is in them, the sessions held, who came.

A class belongs to the trainer who opened it; its members are learners' accounts. A
trainer sees personal data only of their own classes' members (lms.classes).
"""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .user import NEVER_REUSE_IDS

#: How a member came into a class: found by search, signed up by a helper, or a CSV row.
JOINED_BY = ("search", "signup", "csv")


class TrainingClass(Base):
    __tablename__ = "classes"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    place: Mapped[str] = mapped_column(String(200))  # where it meets: "Nhà văn hoá thôn 3"
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    province_code: Mapped[int]
    commune_code: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClassMember(Base):
    __tablename__ = "class_members"

    class_id: Mapped[int] = mapped_column(
        ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_by: Mapped[str] = mapped_column(String(10))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClassSession(Base):
    """One meeting (buổi học) of a class, on a day."""

    __tablename__ = "class_sessions"
    __table_args__ = (UniqueConstraint("class_id", "held_on"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)


class Attendance(Base):
    """A member was present at a session; absence is the missing row."""

    __tablename__ = "attendance"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("class_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
