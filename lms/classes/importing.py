"""A class list from CSV into the database: the preview, then all of it or nothing.

The preview (:func:`plan`) writes nothing; the confirm step reads the same file again,
plans again (the database may have changed meanwhile) and :func:`apply` writes every row
inside one savepoint: a clash undoes them all. People are matched by phone number: a
member already is skipped, an existing account joins the class, the rest are created.
A row without a phone is a member already when name and birth year match one.
"""

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import ClassMember, RoleGrant, TrainingClass, User
from ..people import consent
from ..people.accounts import USERNAME
from ..places import villages
from ..reports import tally
from . import add_member, can_join
from .roster import N_, Problem, Roster, Row, fold

#: Not a hash any password can match: the account opens with a login card or a reset code.
NO_PASSWORD = "!no-password-yet"  # noqa: S105 - a marker, not a secret


@dataclass
class Plan:
    create: list[Row] = field(default_factory=list)
    join: list[tuple[Row, User]] = field(default_factory=list)
    already: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.create or self.join or self.already)


def plan(db: Session, klass: TrainingClass, roster: Roster) -> Plan:
    """What importing ``roster`` would do, with every row that cannot be imported."""
    result = Plan(problems=list(roster.problems))
    phones = [row.phone for row in roster.rows if row.phone]
    known = {u.phone: u for u in db.scalars(select(User).where(User.phone.in_(phones)))}
    in_class = set(
        db.scalars(
            select(ClassMember.user_id).where(
                ClassMember.class_id == klass.id,
                ClassMember.user_id.in_([u.id for u in known.values()]),
            )
        )
    )
    # Without a phone, a row names a member already when name and birth year match one:
    # uploading the same list twice creates nobody twice.
    same_person = set(
        db.execute(
            select(User.display_name, User.birth_year)
            .join(ClassMember, ClassMember.user_id == User.id)
            .where(ClassMember.class_id == klass.id)
        ).all()
    )
    for row in roster.rows:
        user = known.get(row.phone) if row.phone else None
        if user is None and not row.phone and (row.name, row.birth_year) in same_person:
            result.already.append(row)
        elif user is None:
            result.create.append(row)
        elif user.id in in_class:
            result.already.append(row)
        elif can_join(db, user.id) is None:
            result.problems.append(
                Problem(
                    N_(
                        "Dòng %(line)s: số điện thoại này đã có tài khoản nhưng không thêm "
                        "được vào lớp (tài khoản cán bộ, hoặc người đó đã rút lại sự đồng ý)."
                    ),
                    {"line": row.line},
                )
            )
        else:
            result.join.append((row, user))
    if result.problems:
        result.create, result.join, result.already = [], [], []
    return result


class ImportClash(RuntimeError):
    """Someone took one of the phone numbers or usernames between preview and confirm."""


def apply(db: Session, klass: TrainingClass, result: Plan, trainer: User) -> list[User]:
    """Write the plan (all of it or nothing); the accounts created, in file order.

    The trainer confirmed that each new person agreed to the consent text in person, so
    their consent is recorded with the trainer as the helper.
    """
    if not result.ok:
        raise ValueError("only a plan without problems can be applied")
    created = []
    try:
        with db.begin_nested():
            taken: set[str] = set()
            for row in result.create:
                user = _new_account(db, klass, row, trainer, taken)
                created.append(user)
                db.add(ClassMember(class_id=klass.id, user_id=user.id, joined_by="csv"))
            for _row, user in result.join:
                add_member(db, klass, user, "csv")
    except IntegrityError:
        raise ImportClash() from None
    return created


def _new_account(
    db: Session, klass: TrainingClass, row: Row, trainer: User, taken: set[str]
) -> User:
    user = User(
        phone=row.phone,
        username=None if row.phone else _free_username(db, row, taken),
        password_hash=NO_PASSWORD,
        must_choose_password=True,
        display_name=row.name,
        birth_year=row.birth_year,
        gender=row.gender,
        target_group="khac",
        province_code=klass.province_code,
        commune_code=klass.commune_code,
    )
    user.village_id, user.village = villages.resolve(db, klass.commune_code, None, row.village)
    user.roles.append(RoleGrant(role="learner"))
    consent.record(
        user, consent.CURRENT_VERSION, helper_name=trainer.display_name, recorded_by=trainer
    )
    db.add(user)
    db.flush()
    tally.count(db, user, +1)  # in the dashboards at once, like any sign-up
    return user


def username_base(name: str, birth_year: int) -> str:
    """'Nguyễn Thị Hoa', 1958 → 'hoa1958': the given name (said last) and the year."""
    words = re.sub(r"[^a-z ]", "", fold(name)).split()
    base = (words[-1] if words else "hocvien")[:20]
    base = base if len(base) >= 2 else f"hv{base}"
    return f"{base}{birth_year}"


def _free_username(db: Session, row: Row, taken: set[str]) -> str:
    base = username_base(row.name, row.birth_year)
    candidates = [base] + [f"{base}.{n}" for n in range(2, 100)]
    used = set(db.scalars(select(User.username).where(User.username.in_(candidates)))) | taken
    name = next((c for c in candidates if c not in used), None)
    if name is None or not USERNAME.match(name):
        raise ImportClash()
    taken.add(name)
    return name
