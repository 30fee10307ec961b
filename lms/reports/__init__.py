"""Officer reports: how many citizens of an area registered and reached each level.

Flask-free. Reads ``citizen_tally`` (kept by :mod:`lms.reports.tally`), never the
citizens themselves: a province of a million costs the same few hundred rows as a
village. Figures for a year are "by the end of that year": registrations and levels
reached in that year or before. Learners who withdrew consent are counted (numbers only).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..models import CitizenTally
from . import targets
from .tally import REGISTERED, TREND, WHOLE_PROVINCE

LEVELS = ("KNS-1", "KNS-2")
PROVINCE, COMMUNE = "province", "commune"
#: Age at the end of the report's year → band code (used in links: ``tuoi=30-44``).
AGE_BANDS = (("duoi-30", 0, 29), ("30-44", 30, 44), ("45-59", 45, 59), ("60-74", 60, 74))
OLDEST_BAND = "tu-75"
#: The same bands as ages (low, high; None: no upper bound), for lists that filter by band.
AGE_RANGES: dict[str, tuple[int, int | None]] = {
    **{code: (low, high) for code, low, high in AGE_BANDS},
    OLDEST_BAND: (AGE_BANDS[-1][2] + 1, None),
}
UNKNOWN = ""


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return UNKNOWN
    age = year - birth_year
    for code, low, high in AGE_BANDS:
        if low <= age <= high or (low == 0 and age < 0):
            return code
    return OLDEST_BAND


def age_band_codes() -> list[str]:
    return [code for code, _low, _high in AGE_BANDS] + [OLDEST_BAND]


@dataclass
class Count:
    """Registered citizens of one unit or group, and how many reached each level."""

    key: str
    registered: int = 0
    levels: dict[str, int] = field(default_factory=dict)

    @property
    def kns1(self) -> int:
        return self.levels.get("KNS-1", 0)

    @property
    def kns2(self) -> int:
        return self.levels.get("KNS-2", 0)

    def share(self, level: str) -> float | None:
        """Percent of registered citizens with this level; None with nobody registered."""
        if not self.registered:
            return None
        return 100 * self.levels.get(level, 0) / self.registered

    def add(self, level: str, citizens: int) -> None:
        if level == REGISTERED:
            self.registered += citizens
        else:
            self.levels[level] = self.levels.get(level, 0) + citizens


@dataclass
class Report:
    kind: str  # PROVINCE or COMMUNE
    code: int
    year: int
    total: Count
    #: Child units: communes of a province (key: commune code) or villages of a commune
    #: (key: village id; "" for citizens whose village is not in the commune's list).
    units: dict[str, Count]
    groups: dict[str, Count]
    ages: dict[str, Count]
    genders: dict[str, Count]
    #: Month 1-12 → registrations and levels reached in that month of the year.
    months: dict[int, Count]
    target: targets.YearTarget | None


def report(db: Session, kind: str, code: int, year: int) -> Report:
    """The dashboard's figures for a province or commune, by the end of ``year``."""
    if kind == PROVINCE:
        area = and_(CitizenTally.province_code == code, CitizenTally.commune_code == WHOLE_PROVINCE)
    else:
        area = CitizenTally.commune_code == code
    total = Count("")
    breakdowns: dict[str, dict[str, Count]] = defaultdict(dict)
    dimensions = ["nhom", "nam_sinh", "gioi"] + (["thon"] if kind == COMMUNE else [])
    rows = db.execute(
        select(
            CitizenTally.dimension,
            CitizenTally.value,
            CitizenTally.level,
            func.sum(CitizenTally.citizens),
        )
        .where(
            area,
            CitizenTally.dimension.in_(dimensions),
            CitizenTally.year <= year,
            CitizenTally.month == 0,
        )
        .group_by(CitizenTally.dimension, CitizenTally.value, CitizenTally.level)
    )
    ages: dict[str, Count] = {band: Count(band) for band in age_band_codes()}
    for dimension, value, level, citizens in rows:
        citizens = int(citizens or 0)
        if dimension == "nam_sinh":
            band = age_band(int(value) if value else None, year)
            ages.setdefault(band, Count(band)).add(level, citizens)
            continue
        group = breakdowns[dimension]
        group.setdefault(value, Count(value)).add(level, citizens)
        if dimension == "gioi":
            total.add(level, citizens)
    units = breakdowns["thon"] if kind == COMMUNE else _communes(db, code, year)
    return Report(
        kind,
        code,
        year,
        total,
        units,
        breakdowns["nhom"],
        ages,
        breakdowns["gioi"],
        _months(db, area, year),
        targets.for_year(targets.listed(db), year),
    )


def _communes(db: Session, province: int, year: int) -> dict[str, Count]:
    units: dict[str, Count] = {}
    rows = db.execute(
        select(CitizenTally.commune_code, CitizenTally.level, func.sum(CitizenTally.citizens))
        .where(
            CitizenTally.province_code == province,
            CitizenTally.commune_code != WHOLE_PROVINCE,
            CitizenTally.dimension == "gioi",
            CitizenTally.year <= year,
            CitizenTally.month == 0,
        )
        .group_by(CitizenTally.commune_code, CitizenTally.level)
    )
    for commune, level, citizens in rows:
        units.setdefault(str(commune), Count(str(commune))).add(level, int(citizens or 0))
    return units


def _months(db: Session, area, year: int) -> dict[int, Count]:
    months = {month: Count(str(month)) for month in range(1, 13)}
    rows = db.execute(
        select(CitizenTally.month, CitizenTally.level, func.sum(CitizenTally.citizens))
        .where(area, CitizenTally.dimension == TREND, CitizenTally.year == year)
        .group_by(CitizenTally.month, CitizenTally.level)
    )
    for month, level, citizens in rows:
        if month in months:
            months[month].add(level, int(citizens or 0))
    return months
