"""Attendance: the sessions (buổi học) of a class and who was present at each."""

from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Attendance, ClassMember, ClassSession, TrainingClass


def sessions(db: Session, klass: TrainingClass) -> list[tuple[ClassSession, int]]:
    """The class's sessions, latest first, each with how many were present."""
    present = (
        select(func.count())
        .where(Attendance.session_id == ClassSession.id)
        .correlate(ClassSession)
        .scalar_subquery()
    )
    rows = db.execute(
        select(ClassSession, present)
        .where(ClassSession.class_id == klass.id)
        .order_by(ClassSession.held_on.desc())
    )
    return [(session, count) for session, count in rows]


def present_on(db: Session, klass: TrainingClass, day: date) -> set[int]:
    return set(
        db.scalars(
            select(Attendance.user_id)
            .join(ClassSession, Attendance.session_id == ClassSession.id)
            .where(ClassSession.class_id == klass.id, ClassSession.held_on == day)
        )
    )


class NotMembers(ValueError):
    """Some ticked ids are not members of this class."""


def record(db: Session, klass: TrainingClass, day: date, present: set[int]) -> ClassSession:
    """Who was present at the session on ``day`` (made if new): exactly ``present``."""
    member_ids = set(
        db.scalars(select(ClassMember.user_id).where(ClassMember.class_id == klass.id))
    )
    if not present <= member_ids:
        raise NotMembers(sorted(present - member_ids))
    session = _session_on(db, klass, day)
    db.execute(delete(Attendance).where(Attendance.session_id == session.id))
    db.add_all(Attendance(session_id=session.id, user_id=user_id) for user_id in sorted(present))
    db.flush()
    return session


def _session_on(db: Session, klass: TrainingClass, day: date) -> ClassSession:
    def find():
        return db.scalar(
            select(ClassSession).where(
                ClassSession.class_id == klass.id, ClassSession.held_on == day
            )
        )

    found = find()
    if found is not None:
        return found
    try:
        with db.begin_nested():  # two helpers ticking the same day at once
            session = ClassSession(class_id=klass.id, held_on=day)
            db.add(session)
        return session
    except IntegrityError:
        return find()
