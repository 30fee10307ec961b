"""Classes (lớp tập huấn): opening one, finding and adding members. No Flask here.

Every query about a class goes through :func:`class_of` with the trainer asking: another
trainer's class, or a member of it, is None, which views answer with 404. Other pages
show counts only.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from ..models import ClassMember, Consent, RoleGrant, TrainingClass, User
from ..people.accounts import normalize_phone

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class ClassDetails:
    name: str
    place: str
    starts_on: date
    ends_on: date | None
    province_code: int
    commune_code: int


def open_class(db: Session, trainer: User, details: ClassDetails) -> TrainingClass:
    if details.ends_on is not None and details.ends_on < details.starts_on:
        raise ValueError("a class cannot end before it starts")
    klass = TrainingClass(trainer_id=trainer.id, **details.__dict__)
    db.add(klass)
    db.flush()
    return klass


def classes_of(db: Session, trainer: User) -> list[tuple[TrainingClass, int]]:
    """The trainer's classes, newest first, each with how many members it has."""
    count = (
        select(func.count())
        .where(ClassMember.class_id == TrainingClass.id)
        .correlate(TrainingClass)
        .scalar_subquery()
    )
    rows = db.execute(
        select(TrainingClass, count)
        .where(TrainingClass.trainer_id == trainer.id)
        .order_by(TrainingClass.starts_on.desc(), TrainingClass.id.desc())
    )
    return [(klass, members) for klass, members in rows]


def class_of(db: Session, trainer: User, class_id: int) -> TrainingClass | None:
    """The class if this trainer runs it; None otherwise (the caller answers 404)."""
    return db.scalar(
        select(TrainingClass).where(
            TrainingClass.id == class_id, TrainingClass.trainer_id == trainer.id
        )
    )


def members(db: Session, klass: TrainingClass) -> list[User]:
    return list(
        db.scalars(
            select(User)
            .join(ClassMember, ClassMember.user_id == User.id)
            .where(ClassMember.class_id == klass.id)
            .order_by(User.display_name, User.id)
        )
    )


def member(db: Session, klass: TrainingClass, user_id: int) -> User | None:
    """A member of this class, or None (the caller answers 404, as for a missing one)."""
    return db.scalar(
        select(User)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == klass.id, User.id == user_id)
    )


def add_member(db: Session, klass: TrainingClass, user: User, joined_by: str) -> bool:
    """Put ``user`` in the class; False if they were in it already (a double tap)."""
    if db.get(ClassMember, (klass.id, user.id)) is not None:
        return False
    db.add(ClassMember(class_id=klass.id, user_id=user.id, joined_by=joined_by))
    db.flush()
    return True


def _learner_only():
    return ~exists().where(RoleGrant.user_id == User.id, RoleGrant.role != "learner")


def _consenting():
    return exists().where(Consent.user_id == User.id, Consent.withdrawn_at.is_(None))


def can_join(db: Session, user_id: int) -> User | None:
    """A learner who may be added to a class: learner only, consent in force."""
    return db.scalar(select(User).where(User.id == user_id, _learner_only(), _consenting()))


def find_learners(db: Session, klass: TrainingClass, query: str) -> list[User]:
    """Learners to add: a whole phone number anywhere, or a name in the class's province.

    Only learners whose consent is in force, not yet members; at most SEARCH_LIMIT.
    """
    text = query.strip()[:80]
    if len(text) < 2:
        return []
    pattern = "%" + text.replace("\\", "").replace("%", "").replace("_", "") + "%"
    conditions = [(User.province_code == klass.province_code) & User.display_name.ilike(pattern)]
    phone = normalize_phone(text)
    if phone:
        conditions.append(User.phone == phone)
    already = exists().where(ClassMember.class_id == klass.id, ClassMember.user_id == User.id)
    return list(
        db.scalars(
            select(User)
            .where(or_(*conditions), _learner_only(), _consenting(), ~already)
            .order_by(User.display_name, User.id)
            .limit(SEARCH_LIMIT)
        )
    )
