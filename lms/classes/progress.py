"""A class's progress table: per member, lessons done, quizzes passed, the criterion level
and sessions attended. Read from stored rows in a fixed number of queries (no N+1)."""

from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from ..models import (
    Attempt,
    Attendance,
    ClassMember,
    ClassSession,
    LessonProgress,
    QuizRevision,
    TrainingClass,
    User,
)
from . import members


@dataclass(frozen=True)
class MemberProgress:
    user: User
    lessons_done: int
    quizzes_passed: int
    level: str | None  # "KNS-1", "KNS-2" or None, as stored (lms.standing)
    present: int  # sessions attended


@dataclass(frozen=True)
class ClassProgress:
    rows: list[MemberProgress]
    sessions: int

    @property
    def reached(self) -> int:
        return sum(1 for row in self.rows if row.level)


def _in_class(klass: TrainingClass):
    return select(ClassMember.user_id).where(ClassMember.class_id == klass.id)


def class_progress(db: Session, klass: TrainingClass) -> ClassProgress:
    people = members(db, klass)
    ids = _in_class(klass)
    lessons = dict(
        db.execute(
            select(LessonProgress.user_id, func.count())
            .where(LessonProgress.user_id.in_(ids))
            .group_by(LessonProgress.user_id)
        ).all()
    )
    quizzes = dict(
        db.execute(
            select(Attempt.user_id, func.count(distinct(QuizRevision.quiz_id)))
            .join(QuizRevision, Attempt.quiz_revision_id == QuizRevision.id)
            .where(Attempt.user_id.in_(ids), Attempt.passed.is_(True))
            .group_by(Attempt.user_id)
        ).all()
    )
    present = dict(
        db.execute(
            select(Attendance.user_id, func.count())
            .join(ClassSession, Attendance.session_id == ClassSession.id)
            .where(ClassSession.class_id == klass.id)
            .group_by(Attendance.user_id)
        ).all()
    )
    sessions = db.scalar(
        select(func.count()).select_from(ClassSession).where(ClassSession.class_id == klass.id)
    )
    rows = [
        MemberProgress(
            user=u,
            lessons_done=lessons.get(u.id, 0),
            quizzes_passed=quizzes.get(u.id, 0),
            level=u.criterion_level,
            present=present.get(u.id, 0),
        )
        for u in people
    ]
    return ClassProgress(rows=rows, sessions=sessions or 0)
