"""A reader's own view of the curriculum: done marks, best scores, quiz lookups."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import (
    Attempt,
    LessonProgress,
    Quiz,
    QuizRevision,
    User,
    utcnow,
)
from ..publishing.current import quiz_is_current
from .reading import LessonLink, ModuleOutline, QuizLink, ReadingCache


@dataclass(frozen=True)
class LessonEntry:
    lesson: LessonLink
    done: bool


@dataclass(frozen=True)
class ModuleEntry:
    module: ModuleOutline
    lessons: list[LessonEntry]

    @property
    def quizzes(self) -> tuple[QuizLink, ...]:
        return self.module.quizzes

    @property
    def minutes(self) -> int:
        return self.module.minutes

    @property
    def done_count(self) -> int:
        return sum(entry.done for entry in self.lessons)


def done_lesson_ids(db: Session, user: User | None) -> set[int]:
    if user is None:
        return set()
    return set(
        db.scalars(select(LessonProgress.lesson_id).where(LessonProgress.user_id == user.id))
    )


def catalogue(db: Session, cache: ReadingCache, user: User | None) -> list[ModuleEntry]:
    """The public outline (cached per curriculum version) with this reader's done marks."""
    done = done_lesson_ids(db, user)
    return [
        ModuleEntry(module, [LessonEntry(link, link.id in done) for link in module.lessons])
        for module in cache.catalogue_outline(db)
    ]


def mark_done(db: Session, user: User, lesson_id: int) -> None:
    if db.get(LessonProgress, (user.id, lesson_id)) is None:
        try:
            with db.begin_nested():
                db.add(LessonProgress(user_id=user.id, lesson_id=lesson_id, done_at=utcnow()))
        except IntegrityError:
            pass  # a double tap marked it a moment ago: the mark is there


def find_quiz(db: Session, slug: str) -> Quiz | None:
    return db.scalar(select(Quiz).where(Quiz.slug == slug, Quiz.active))


def bests(db: Session, user: User | None) -> tuple[dict[int, int], dict[str, int]]:
    """The learner's best score (percent) over every revision, by quiz id and by slug,
    from one query: the catalogue and module pages need both on every visit."""
    by_id: dict[int, int] = {}
    by_slug: dict[str, int] = {}
    if user is None:
        return by_id, by_slug
    rows = db.execute(
        select(Quiz.id, Quiz.slug, Attempt.score)
        .join(QuizRevision, QuizRevision.quiz_id == Quiz.id)
        .join(Attempt, Attempt.quiz_revision_id == QuizRevision.id)
        .where(Attempt.user_id == user.id, Attempt.submitted_at.is_not(None))
    )
    for quiz_id, slug, score in rows:
        by_id[quiz_id] = max(by_id.get(quiz_id, 0), score or 0)
        by_slug[slug] = max(by_slug.get(slug, 0), score or 0)
    return by_id, by_slug


def quiz_titles(db: Session) -> dict[str, str]:
    """quiz slug → title of its current revision, for naming evidence and requirements."""
    rows = db.execute(select(Quiz.slug, QuizRevision.title).join(QuizRevision, quiz_is_current()))
    return dict(rows.all())
