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
- set-based, by :func:`rebuild`: the levels after restating every learner, everything
  after demo data's bulk load and in migration 0015, one commune's rows after mapping
  typed villages.
"""

from collections import Counter
from datetime import datetime

from sqlalchemy import bindparam, delete, extract, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..database import bulk_insert
from ..models import CitizenTally, CriterionStatus, User

REGISTERED = ""
TREND = "thang"
BATCH = 50_000
#: The commune code of the rows that sum a whole province (no commune has code 0): a
#: province's dashboard reads a few hundred of them instead of summing every commune's.
WHOLE_PROVINCE = 0
_KEY = ("province_code", "commune_code", "dimension", "value", "level", "year", "month")


def _text(value) -> str:
    return "" if value is None else str(value)


def counted(user: User) -> bool:
    """Citizens are counted where they live: a commune is what every report needs."""
    return user.commune_code is not None


def _keys(
    province, commune, village, group, birth_year, gender, level, year, month, whole=True
) -> list[tuple]:
    """The tally keys (see _KEY) one citizen adds 1 to, as registered or at one level.

    The one definition both paths use: one citizen at a time and the set-based rebuild.
    """
    values = (
        ("thon", _text(village)),
        ("nhom", _text(group)),
        ("nam_sinh", _text(birth_year)),
        ("gioi", _text(gender)),
    )
    province = province or 0
    keys = [(province, commune, d, v, level, year, 0) for d, v in values]
    keys.append((province, commune, TREND, "", level, year, month))
    if whole:  # villages belong to one commune: no province row for them
        keys += [(province, WHOLE_PROVINCE, d, v, level, year, 0) for d, v in values[1:]]
        keys.append((province, WHOLE_PROVINCE, TREND, "", level, year, month))
    return keys


def _rows(user: User, level: str, at: datetime, sign: int) -> list[dict]:
    facts = (user.province_code, user.commune_code, user.village_id, user.target_group)
    facts += (user.birth_year, user.gender, level, at.year, at.month)
    return [dict(zip((*_KEY, "citizens"), (*key, sign), strict=True)) for key in _keys(*facts)]


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
    if any(row["citizens"] < 0 for row in rows):
        # A row counting nobody goes: after a deletion nothing about the person stays,
        # not even "0 citizens born in 1960 in this commune".
        table = CitizenTally.__table__
        empty = table.delete().where(
            *(table.c[name] == bindparam(f"k_{name}") for name in _KEY), table.c.citizens == 0
        )
        keys = [{f"k_{name}": row[name] for name in _KEY} for row in rows]
        db.connection().execute(empty, keys)


def rebuild(
    db: Session, commune_codes: list[int] | None = None, registrations: bool = True
) -> None:
    """Count everyone again: one streamed pass over citizens and one over their levels.

    With ``commune_codes``, only those communes' own rows: enough after a change that
    moves no one between communes and changes no province figure (mapping villages).
    With ``registrations=False``, only the levels: what restating every learner changes
    (a million citizens' registrations take about a minute to recount; their levels,
    a few seconds).
    """
    whole = commune_codes is None
    where = [User.commune_code.is_not(None)]
    old = []
    if not whole:
        where.append(User.commune_code.in_(commune_codes))
        old.append(CitizenTally.commune_code.in_(commune_codes))
    if not registrations:
        old.append(CitizenTally.level != REGISTERED)
    db.execute(delete(CitizenTally).where(*old))
    facts = (
        User.province_code,
        User.commune_code,
        User.village_id,
        User.target_group,
        User.birth_year,
        User.gender,
    )
    registered = select(
        *facts,
        literal(REGISTERED),
        extract("year", User.created_at),
        extract("month", User.created_at),
    ).where(*where)
    reached = (
        select(
            *facts,
            CriterionStatus.level,
            extract("year", CriterionStatus.met_at),
            extract("month", CriterionStatus.met_at),
        )
        .join(CriterionStatus, CriterionStatus.user_id == User.id)
        .where(*where)
    )
    counts: Counter = Counter()
    for query in (registered, reached) if registrations else (reached,):
        for row in db.execute(query, execution_options={"yield_per": BATCH}):
            *rest, year, month = row
            counts.update(_keys(*rest, int(year), int(month), whole=whole))
    rows = [(*key, citizens) for key, citizens in counts.items()]
    bulk_insert(db.connection(), CitizenTally.__table__, (*_KEY, "citizens"), rows)
