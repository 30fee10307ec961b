"""What officer reports read: counts of citizens kept by area, and the targets.

``citizen_tally`` holds, per commune and per one breakdown at a time, how many citizens
registered and how many reached each criterion level, by the year it happened (and, for
the monthly trend, the month). A dashboard sums a few hundred rows instead of counting a
million citizens. It is kept by the services that change what it counts (lms.reports.tally).
"""

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class CitizenTally(Base):
    __tablename__ = "citizen_tally"
    __table_args__ = (
        UniqueConstraint(
            "province_code", "commune_code", "dimension", "value", "level", "year", "month"
        ),
        Index("ix_citizen_tally_province", "province_code", "dimension", "year"),
        Index("ix_citizen_tally_commune", "commune_code", "dimension", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # 0 when the citizen gave none (never NULL: NULLs never clash in a unique key).
    province_code: Mapped[int]
    commune_code: Mapped[int]
    # "thon" (village id), "nhom" (target group), "nam_sinh" (birth year), "gioi" (gender),
    # or "thang" (the monthly trend: value "", month 1-12). See lms.reports.tally.
    dimension: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(20))
    # "" counts registrations; otherwise a criterion level reached ("KNS-1", "KNS-2").
    level: Mapped[str] = mapped_column(String(10))
    year: Mapped[int]
    month: Mapped[int]  # 0 except for the "thang" dimension
    citizens: Mapped[int] = mapped_column(default=0)


class Target(Base):
    """The share of adults who should have each level by a year (Quyết định 677/QĐ-TTg)."""

    __tablename__ = "targets"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kns1_percent: Mapped[int]
    kns2_percent: Mapped[int]
