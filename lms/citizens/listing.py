"""The citizens of an officer's area: filtered, searched, in Vietnamese order, by page.

Every query starts from :func:`lms.places.scope.officer_scope`; a commune or village
filter outside the area raises :class:`OutOfScope` (the page answers 404, as for a
place that does not exist). Rows carry only what the list and the exports show.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, not_, select, union
from sqlalchemy.orm import Session

from .. import places
from ..models import Attempt, Confirmation, CriterionStatus, LessonProgress, User, Village, utcnow
from ..places.scope import COMMUNE, covers, officer_scope
from .filters import AGE_BANDS, MAX_PAGE, NOT_REACHED, YES, Filters

PAGE_SIZE = 50
BATCH = 1000


class OutOfScope(LookupError):
    """A commune or village the officer may not see, or that does not exist."""


@dataclass(frozen=True)
class CitizenRow:
    id: int
    name: str
    birth_year: int | None
    gender: str | None
    group: str | None
    commune_code: int | None
    village: str | None
    #: The highest level reached by the end of the list's year, or None.
    level: str | None
    points: int
    #: The confirmation in force for the list's year: (level, when), or None.
    confirmed: tuple[str, datetime] | None

    @property
    def commune(self) -> str:
        return places.commune_name(self.commune_code) or ""


@dataclass(frozen=True)
class Page:
    rows: list[CitizenRow]
    number: int
    has_next: bool
    #: Past the last page anyone may open: the list asks to narrow the filters instead.
    too_far: bool = False


def check_places(db: Session, officer: User, filters: Filters) -> None:
    """Raise OutOfScope for a commune or village filter outside the officer's area."""
    if filters.commune is not None and not covers(officer, filters.commune, COMMUNE):
        raise OutOfScope(filters.commune)
    if filters.village is not None:
        village = db.get(Village, filters.village)
        if village is None or not covers(officer, village.commune_code, COMMUNE):
            raise OutOfScope(filters.village)
        if filters.commune is not None and village.commune_code != filters.commune:
            raise OutOfScope(filters.village)


def _year_end(year: int) -> datetime:
    return datetime(year + 1, 1, 1)


def conditions(officer: User, filters: Filters, level_codes: list[str], now=None) -> list:
    """The WHERE clause of the list, scope first."""
    found = [officer_scope(officer)]
    if filters.commune is not None:
        found.append(User.commune_code == filters.commune)
    if filters.village is not None:
        found.append(User.village_id == filters.village)
    end = _year_end(filters.year)
    if filters.level == NOT_REACHED:
        found.append(
            not_(exists().where(CriterionStatus.user_id == User.id, CriterionStatus.met_at < end))
        )
    elif filters.level is not None:
        at_least = level_codes[level_codes.index(filters.level) :]
        found.append(
            exists().where(
                CriterionStatus.user_id == User.id,
                CriterionStatus.level.in_(at_least),
                CriterionStatus.met_at < end,
            )
        )
    if filters.confirmed is not None:
        # IN a list made once, not EXISTS per row: few citizens are confirmed, and a
        # correlated lookup for each of an area's citizens costs far more.
        confirmed = select(Confirmation.user_id).where(
            Confirmation.year == filters.year, Confirmation.revoked_at.is_(None)
        )
        found.append(
            User.id.in_(confirmed) if filters.confirmed == YES else User.id.not_in(confirmed)
        )
    if filters.group is not None:
        found.append(User.target_group == filters.group)
    if filters.gender is not None:
        found.append(User.gender == filters.gender)
    if filters.age is not None:
        youngest, oldest = AGE_BANDS[filters.age]
        found.append(User.birth_year <= filters.year - youngest)
        if oldest is not None:
            found.append(User.birth_year >= filters.year - oldest)
    if filters.active is not None:
        since = (now or utcnow()) - timedelta(days=filters.active)
        active = union(
            select(Attempt.user_id).where(Attempt.submitted_at >= since),
            select(LessonProgress.user_id).where(LessonProgress.done_at >= since),
        )
        found.append(User.id.in_(active))
    digits = filters.phone_digits
    if digits:
        found.append(User.search_key.like(f"%{digits}%"))
    elif filters.name_key:
        # Keys hold only a-z, 0-9 and spaces: no LIKE wildcard can come from the query.
        found.append(User.search_key.like(f"% {filters.name_key}%"))
    return [and_(*found)]


def _select(officer: User, filters: Filters, level_codes: list[str]):
    return (
        select(
            User.id,
            User.display_name,
            User.birth_year,
            User.gender,
            User.target_group,
            User.commune_code,
            Village.name,
            User.village,
            User.criterion_points,
        )
        .outerjoin(Village, User.village_id == Village.id)
        .where(*conditions(officer, filters, level_codes))
        .order_by(User.sort_key, User.id)
    )


def _rows(db: Session, found, filters: Filters, level_codes: list[str]) -> list[CitizenRow]:
    """Rows for one page or batch: levels and confirmations in two queries for all."""
    ids = [row[0] for row in found]
    if not ids:
        return []
    rank = {code: i for i, code in enumerate(level_codes)}
    best: dict[int, str] = {}
    for user_id, level in db.execute(
        select(CriterionStatus.user_id, CriterionStatus.level).where(
            CriterionStatus.user_id.in_(ids), CriterionStatus.met_at < _year_end(filters.year)
        )
    ):
        if level in rank and rank[level] >= rank.get(best.get(user_id), -1):
            best[user_id] = level
    confirmed: dict[int, tuple[str, datetime]] = {}
    for user_id, level, at in db.execute(
        select(Confirmation.user_id, Confirmation.level, Confirmation.confirmed_at).where(
            Confirmation.user_id.in_(ids),
            Confirmation.year == filters.year,
            Confirmation.revoked_at.is_(None),
        )
    ):
        # The highest level confirmed that year (KNS-1 stays in force beside KNS-2).
        shown = confirmed.get(user_id)
        if shown is None or rank.get(level, -1) >= rank.get(shown[0], -1):
            confirmed[user_id] = (level, at)
    return [
        CitizenRow(
            id=user_id,
            name=name,
            birth_year=birth_year,
            gender=gender,
            group=group,
            commune_code=commune,
            village=listed or typed,
            level=best.get(user_id),
            points=points,
            confirmed=confirmed.get(user_id),
        )
        for user_id, name, birth_year, gender, group, commune, listed, typed, points in found
    ]


def page_of(
    db: Session, officer: User, filters: Filters, level_codes: list[str], number: int
) -> Page:
    """One page of the list (offset, capped at MAX_PAGE pages: a page beyond is empty)."""
    check_places(db, officer, filters)
    if number > MAX_PAGE:
        return Page([], number, False, too_far=True)
    found = db.execute(
        _select(officer, filters, level_codes).limit(PAGE_SIZE + 1).offset((number - 1) * PAGE_SIZE)
    ).all()
    rows = _rows(db, found[:PAGE_SIZE], filters, level_codes)
    return Page(rows, number, len(found) > PAGE_SIZE)


def all_rows(
    db: Session, officer: User, filters: Filters, level_codes: list[str]
) -> Iterator[CitizenRow]:
    """Every row of the list, read in batches (exports): memory stays flat. The places
    are checked now, before the first row is asked for."""
    check_places(db, officer, filters)
    return _batches(db, officer, filters, level_codes)


def _batches(db: Session, officer: User, filters: Filters, level_codes: list[str]):
    result = db.execute(_select(officer, filters, level_codes).execution_options(yield_per=BATCH))
    for batch in result.partitions():
        yield from _rows(db, batch, filters, level_codes)


def level_codes_of(rules) -> list[str]:
    return [level.code for level in rules.levels]
