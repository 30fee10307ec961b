"""Targets: the share of registered citizens who should have each level by a year.

Kept in the database (table ``targets``), seeded from ``lms/data/targets.toml`` by
migration 0015 and edited by admins: every process of ``lms serve`` reads the same rows
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


#: What can be wrong with a row of the admin's form: codes; the page words them.
BAD_YEAR, BAD_PERCENT, KNS2_ABOVE_KNS1, SAME_YEAR, INCOMPLETE, NONE = (
    "bad_year",
    "bad_percent",
    "kns2_above_kns1",
    "same_year",
    "incomplete",
    "none",
)
MAX_ROWS = 30


def parse(
    rows: list[tuple[str, str, str]],
) -> tuple[list[tuple[int, int, int]], list[tuple[int, str]]]:
    """Rows typed by an admin (year, KNS-1 %, KNS-2 %) → (targets sorted by year, problems).

    Problems are (row number from 1, code); blank rows are skipped. Nothing is stored
    unless the list of problems is empty.
    """
    parsed, problems, seen = [], [], set()
    for number, cells in enumerate(rows[:MAX_ROWS], start=1):
        cells = tuple((cell or "").strip() for cell in cells)
        if not any(cells):
            continue
        if not all(cells):
            problems.append((number, INCOMPLETE))
            continue
        year, kns1, kns2 = (_whole(cell) for cell in cells)
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            problems.append((number, BAD_YEAR))
        elif year in seen:
            problems.append((number, SAME_YEAR))
        elif kns1 is None or kns2 is None or not (0 <= kns1 <= 100 and 0 <= kns2 <= 100):
            problems.append((number, BAD_PERCENT))
        elif kns2 > kns1:
            problems.append((number, KNS2_ABOVE_KNS1))
        else:
            seen.add(year)
            parsed.append((year, kns1, kns2))
    if not parsed and not problems:
        problems.append((1, NONE))
    return sorted(parsed), problems


def _whole(text: str) -> int | None:
    text = text.removesuffix("%").strip()
    if not text or len(text) > 4 or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
