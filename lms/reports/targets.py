"""Targets: the share of registered citizens who should have each level by a year.

Kept in the database (table ``targets``), seeded from ``lms/data/targets.toml`` by
migration 0016 and edited by admins: every process of ``lms serve`` reads the same rows
in its own transaction, where a file rewritten by one worker would be seen by the others
only on restart (and an installed package's folder may not be writable at all).

For a year between two listed ones the target is interpolated linearly (2026 between
2025: 70 % and 2030: 90 % is 74 %); before the first or after the last listed year, the
nearest listed one applies.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Target

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "targets.toml"
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class YearTarget:
    year: int
    kns1: float
    kns2: float
    #: The listed year this comes from, or the two it is interpolated between.
    between: tuple[int, ...]


def from_file(path: Path = DATA_FILE) -> list[tuple[int, int, int]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [(t["year"], t["kns1_percent"], t["kns2_percent"]) for t in data.get("target", [])]


def listed(db: Session) -> list[tuple[int, int, int]]:
    rows = db.execute(select(Target.year, Target.kns1_percent, Target.kns2_percent))
    return sorted(tuple(row) for row in rows)


def for_year(table: list[tuple[int, int, int]], year: int) -> YearTarget | None:
    """The target for ``year`` from (year, kns1 %, kns2 %) rows sorted by year."""
    if not table:
        return None
    if year <= table[0][0]:
        return YearTarget(year, table[0][1], table[0][2], (table[0][0],))
    for (y0, a0, b0), (y1, a1, b1) in zip(table, table[1:], strict=False):
        if year == y0:
            return YearTarget(year, a0, b0, (y0,))
        if y0 < year < y1:
            f = (year - y0) / (y1 - y0)
            return YearTarget(year, a0 + f * (a1 - a0), b0 + f * (b1 - b0), (y0, y1))
    last = table[-1]
    return YearTarget(year, last[1], last[2], (last[0],))


class TargetError(ValueError):
    """A row of the admin's form is wrong: ``row`` (1-based) and a message for the person."""

    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row = row
        self.message = message


def replace(db: Session, rows: list[tuple[int, int, int]]) -> None:
    """Store these targets instead of the old ones; the caller checked them (see check)."""
    db.execute(delete(Target))
    db.add_all(Target(year=y, kns1_percent=a, kns2_percent=b) for y, a, b in rows)
    db.flush()
