"""Keeping ``citizen_tally`` in step with the citizens it counts. No Flask here.

Every citizen with a commune counts once as registered (level "", in the year and month
their account was made) and once per criterion level reached (in the year and month of
``criterion_status.met_at``), in each breakdown: village, target group, birth year,
gender, and the monthly trend. Learners who withdrew their consent are counted too
(numbers only; lists never show them).

Who keeps it:
- one citizen at a time, by the services that change what it counts: signing up
  (lms.people.accounts), profile edits and deleting an account (lms.people.personal_data),
  a level reached or lost (lms.standing.record_standing) — each calls :func:`count`
  or :func:`count_level` with +1 or -1 in the same transaction;
- set-based, by :func:`rebuild`: after restating every learner (which demo data does
  too), after mapping typed villages, and in migration 0016 for existing data.
"""

from datetime import datetime

from sqlalchemy import Integer, String, cast, delete, extract, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import CitizenTally, CriterionStatus, User

REGISTERED = ""
#: The breakdowns kept by year, with the user column each one counts by.
BREAKDOWNS = {
    "thon": User.village_id,
    "nhom": User.target_group,
    "nam_sinh": User.birth_year,
    "gioi": User.gender,
}
TREND = "thang"
#: The commune code of the rows that sum a whole province (no commune has code 0): a
#: province's dashboard reads a few hundred of them instead of summing every commune's.
WHOLE_PROVINCE = 0
_KEY = ("province_code", "commune_code", "dimension", "value", "level", "year", "month")


def _values(user: User) -> dict[str, str]:
    return {
        "thon": _text(user.village_id),
        "nhom": _text(user.target_group),
        "nam_sinh": _text(user.birth_year),
        "gioi": _text(user.gender),
    }


def _text(value) -> str:
    return "" if value is None else str(value)


def counted(user: User) -> bool:
    """Citizens are counted where they live: a commune is what every report needs."""
    return user.commune_code is not None


def _rows(user: User, level: str, at: datetime, sign: int) -> list[dict]:
    rows = []
    for commune in (user.commune_code, WHOLE_PROVINCE):
        place = {"province_code": user.province_code or 0, "commune_code": commune}
        rows += [
            {**place, "dimension": d, "value": v, "level": level, "year": at.year, "month": 0}
            for d, v in _values(user).items()
            if commune != WHOLE_PROVINCE or d != "thon"  # villages belong to one commune
        ]
        rows.append(
            {**place, "dimension": TREND, "value": "", "level": level, "year": at.year}
            | {"month": at.month}
        )
    for row in rows:
        row["citizens"] = sign
    return rows


def count(db: Session, user: User, sign: int) -> None:
    """Add (+1) or take away (-1) this citizen, as registered and at every level stored.

    Call with -1 before changing what the tally counts by, and +1 after.
    """
    if not counted(user):
        return
    db.flush()
    rows = _rows(user, REGISTERED, user.created_at, sign)
    levels = db.execute(
        select(CriterionStatus.level, CriterionStatus.met_at).where(
            CriterionStatus.user_id == user.id
        )
    )
    for level, met_at in levels:
        rows += _rows(user, level, met_at, sign)
    _apply(db, rows)


def count_level(db: Session, user: User, level: str, met_at: datetime, sign: int) -> None:
    """A level reached (+1) or lost (-1), dated when it was first met."""
    if counted(user):
        _apply(db, _rows(user, level, met_at, sign))


def _apply(db: Session, rows: list[dict]) -> None:
    """Add each row's ``citizens`` to the stored row with its key, making it if needed."""
    name = db.get_bind().dialect.name
    dialect_insert = postgresql.insert if name == "postgresql" else sqlite.insert
    statement = dialect_insert(CitizenTally)
    statement = statement.on_conflict_do_update(
        index_elements=list(_KEY),
        set_={"citizens": CitizenTally.citizens + statement.excluded.citizens},
    )
    db.execute(statement, rows)


def rebuild(db: Session, commune_codes: list[int] | None = None) -> None:
    """Count everyone again with a few set statements.

    With ``commune_codes``, only those communes' own rows: enough after a change that
    moves no one between communes and changes no province figure (mapping villages).
    """
    where = [User.commune_code.is_not(None)]
    if commune_codes is not None:
        where.append(User.commune_code.in_(commune_codes))
        db.execute(delete(CitizenTally).where(CitizenTally.commune_code.in_(commune_codes)))
    else:
        db.execute(delete(CitizenTally))
    sources = [
        (select().select_from(User).where(*where), literal(REGISTERED), None, User.created_at),
        (
            select().select_from(User).join(CriterionStatus).where(*where),
            CriterionStatus.level,
            CriterionStatus.level,
            CriterionStatus.met_at,
        ),
    ]
    for whole in (False, True) if commune_codes is None else (False,):
        for source in sources:
            for dimension, column in [*BREAKDOWNS.items(), (TREND, None)]:
                if not (whole and dimension == "thon"):  # villages belong to one commune
                    _insert_counts(db, source, dimension, column, whole)


def _insert_counts(db: Session, source, dimension: str, column, whole: bool) -> None:
    """INSERT … SELECT one breakdown's counts, per commune or for whole provinces."""
    base, level, level_group, stamp = source
    province = func.coalesce(User.province_code, 0)
    year = cast(extract("year", stamp), Integer)
    # Group by real columns only: PostgreSQL reads a constant in GROUP BY as a position.
    groups = [province, year] if whole else [province, User.commune_code, year]
    if column is None:
        value, month = literal(""), cast(extract("month", stamp), Integer)
        groups.append(month)
    else:
        value, month = func.coalesce(cast(column, String), ""), literal(0)
        groups.append(value)
    if level_group is not None:
        groups.append(level_group)
    commune = literal(WHOLE_PROVINCE) if whole else User.commune_code
    grouped = base.add_columns(
        province, commune, literal(dimension), value, level, year, month, func.count()
    ).group_by(*groups)
    columns = [getattr(CitizenTally, name) for name in (*_KEY, "citizens")]
    db.execute(CitizenTally.__table__.insert().from_select(columns, grouped))
