"""Reading the curriculum for pages: modules, lessons, done marks, what comes next."""

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager, joinedload

from ..models import (
    Attempt,
    Lesson,
    LessonProgress,
    LessonRevision,
    Module,
    Quiz,
    QuizRevision,
    User,
    utcnow,
)
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


def find_lesson(db: Session, module_slug: str, lesson_slug: str) -> Lesson | None:
    """A public lesson with its module and current revision, in one query."""
    return db.scalar(
        select(Lesson)
        .join(Lesson.module)
        .options(contains_eager(Lesson.module))
        .where(Module.slug == module_slug, Module.active, Lesson.slug == lesson_slug, Lesson.active)
    )


def following_lesson(db: Session, lesson: Lesson) -> Lesson | None:
    """The next lesson in reading order, crossing into the next module at the end."""
    module_position = lesson.module.position
    return db.scalar(
        select(Lesson)
        .join(Lesson.module)
        .options(
            contains_eager(Lesson.module),
            # a link needs the title only, not the next lesson's whole text
            joinedload(Lesson.current).load_only(LessonRevision.title),
        )
        .where(
            Module.active,
            Lesson.active,
            or_(
                Module.position > module_position,
                and_(Module.position == module_position, Lesson.position > lesson.position),
            ),
        )
        .order_by(Module.position, Lesson.position)
        .limit(1)
    )


def module_quizzes(db: Session, module: Module) -> list[QuizLink]:
    """The quizzes closing a module, as links: titles only, not their questions."""
    rows = db.execute(
        select(Quiz.id, Quiz.slug, QuizRevision.title)
        .join(
            QuizRevision,
            (QuizRevision.quiz_id == Quiz.id) & (QuizRevision.number == Quiz.current_number),
        )
        .where(Quiz.module_id == module.id, Quiz.active)
        .order_by(Quiz.slug)
    )
    return [QuizLink(quiz_id, slug, title) for quiz_id, slug, title in rows]


def mark_done(db: Session, user: User, lesson: Lesson) -> None:
    if db.get(LessonProgress, (user.id, lesson.id)) is None:
        db.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, done_at=utcnow()))
        try:
            db.commit()
        except IntegrityError:
            db.rollback()  # a double tap marked it a moment ago: the mark is there


def find_quiz(db: Session, slug: str) -> Quiz | None:
    return db.scalar(select(Quiz).where(Quiz.slug == slug, Quiz.active))


def best_scores(db: Session, user: User | None) -> dict[int, int]:
    """quiz id → the learner's best score (percent) over every revision."""
    if user is None:
        return {}
    rows = db.execute(
        select(QuizRevision.quiz_id, Attempt.score)
        .join(Attempt, Attempt.quiz_revision_id == QuizRevision.id)
        .where(Attempt.user_id == user.id, Attempt.submitted_at.is_not(None))
    )
    best: dict[int, int] = {}
    for quiz_id, score in rows:
        best[quiz_id] = max(best.get(quiz_id, 0), score or 0)
    return best


def quiz_titles(db: Session) -> dict[str, str]:
    """quiz slug → title of its current revision, for naming evidence and requirements."""
    rows = db.execute(
        select(Quiz.slug, QuizRevision.title).join(
            QuizRevision,
            (QuizRevision.quiz_id == Quiz.id) & (QuizRevision.number == Quiz.current_number),
        )
    )
    return dict(rows.all())
