"""Villages: the thôn, bản, tổ dân phố of a commune, kept by the commune itself.

Provinces and communes come from the ``vietnam-provinces`` package (codes only here);
villages are not in it, and they change with local decisions, so they are data.
"""

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Village(Base):
    __tablename__ = "villages"
    # Two spellings of one village ("Thôn Bình Hoà", "thon binh hoa") are one row.
    __table_args__ = (UniqueConstraint("commune_code", "search_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_code: Mapped[int] = mapped_column(index=True)
    # As people write it, kind included: "Thôn Bình Hoà", "Tổ dân phố 3".
    name: Mapped[str] = mapped_column(String(100))
    # thon, ban, to-dan-pho, khoi-pho, ap, ... (lms.places.villages.KINDS); "khac" if unsure.
    kind: Mapped[str] = mapped_column(String(20))
    # The name without diacritics, lower case, single spaces: for matching and search.
    search_key: Mapped[str] = mapped_column(String(100))
