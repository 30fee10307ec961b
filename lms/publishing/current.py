"""Which revision of a lesson or quiz is current: written once, used everywhere.

A lesson or quiz keeps the number of its newest *published* revision in
``current_number`` (0 while it has none, e.g. a studio draft never published); the
publishing service moves it, nothing else does. Learner pages, the sitemap, progress and
exports join through the conditions here; the studio asks for drafts too.
"""

from typing import Literal

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from ..models import Lesson, LessonRevision, Module, Quiz, QuizRevision

Kind = Literal["lesson", "quiz"]


def lesson_is_current():
    """Join condition: the lesson's current (newest published) revision."""
    return and_(
        LessonRevision.lesson_id == Lesson.id, LessonRevision.number == Lesson.current_number
    )


def quiz_is_current():
    """Join condition: the quiz's current (newest published) revision."""
    return and_(QuizRevision.quiz_id == Quiz.id, QuizRevision.number == Quiz.current_number)


def published_lessons(*columns) -> Select:
    """Active lessons of active modules that have a published revision, in reading order.

    Selects ``columns`` (default: Lesson and its current LessonRevision); add ``where``
    clauses to narrow it.
    """
    return (
        select(*(columns or (Lesson, LessonRevision)))
        .select_from(Lesson)
        .join(Module, Module.id == Lesson.module_id)
        .join(LessonRevision, lesson_is_current())
        .where(Module.active, Lesson.active)
        .order_by(Module.position, Lesson.position)
    )


def published_quizzes(*columns) -> Select:
    """Active quizzes that have a published revision, by slug."""
    return (
        select(*(columns or (Quiz, QuizRevision)))
        .select_from(Quiz)
        .join(QuizRevision, quiz_is_current())
        .where(Quiz.active)
        .order_by(Quiz.slug)
    )


def current_revision(
    db: Session, kind: Kind, owner_id: int, include_drafts: bool = False
) -> LessonRevision | QuizRevision | None:
    """The revision a learner sees (newest published), or with ``include_drafts`` the
    newest of all, which is what a trainer edits next."""
    if kind == "lesson":
        model, owner_column, owner, condition = (
            LessonRevision,
            LessonRevision.lesson_id,
            Lesson,
            lesson_is_current(),
        )
    else:
        model, owner_column, owner, condition = (
            QuizRevision,
            QuizRevision.quiz_id,
            Quiz,
            quiz_is_current(),
        )
    if include_drafts:
        query = select(model).where(owner_column == owner_id).order_by(model.number.desc())
    else:
        query = select(model).join(owner, condition).where(owner.id == owner_id)
    return db.scalar(query.limit(1))
