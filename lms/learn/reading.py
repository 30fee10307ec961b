"""What every reader of a public page sees, kept in memory per curriculum version.

A lesson page and the catalogue outline are the same for every reader until the
curriculum changes, and the curriculum changes only through the publishing service, which adds a
``curriculum_imports`` row. So each page costs one tiny query (the newest import id)
plus what is personal (done marks), instead of several joins over revisions. This is
what keeps a lesson page close to the cost of a trivial route on a weak server.
"""

import threading
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import CurriculumImport, Lesson, LessonRevision, Module, Quiz, QuizRevision
from ..publishing.current import lesson_is_current, published_lessons, published_quizzes


@dataclass(frozen=True)
class LessonLink:
    id: int
    module_slug: str
    slug: str
    title: str
    minutes: int


@dataclass(frozen=True)
class QuizLink:
    id: int
    slug: str
    title: str
    questions: int = 0


@dataclass(frozen=True)
class ModuleOutline:
    id: int
    slug: str
    title: str
    summary: str
    lessons: tuple[LessonLink, ...]
    quizzes: tuple[QuizLink, ...]

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)


@dataclass(frozen=True)
class LessonView:
    """A lesson page's public part: the lesson, where it sits, and what comes next."""

    id: int
    slug: str
    module: ModuleOutline
    title: str
    summary: str
    html: str
    minutes: int
    audio: str | None
    next: LessonLink | None


def curriculum_version(db: Session) -> int:
    return db.scalar(select(func.max(CurriculumImport.id))) or 0


def build_outline(db: Session) -> tuple[ModuleOutline, ...]:
    """Modules in order, each with its lessons (titles, minutes) and its quizzes."""
    lesson_rows = db.execute(
        published_lessons(
            Lesson.id, Lesson.module_id, Lesson.slug, LessonRevision.title, LessonRevision.minutes
        )
    ).all()
    quiz_rows = db.execute(
        published_quizzes(
            Quiz.id, Quiz.module_id, Quiz.slug, QuizRevision.title, QuizRevision.question_count
        )
    ).all()
    modules = db.execute(
        select(Module.id, Module.slug, Module.title, Module.summary)
        .where(Module.active)
        .order_by(Module.position)
    ).all()
    return tuple(
        ModuleOutline(
            module_id,
            slug,
            title,
            summary or "",
            tuple(
                LessonLink(lid, slug, lslug, ltitle, minutes)
                for lid, mid, lslug, ltitle, minutes in lesson_rows
                if mid == module_id
            ),
            tuple(
                QuizLink(qid, qslug, qtitle, count)
                for qid, mid, qslug, qtitle, count in quiz_rows
                if mid == module_id
            ),
        )
        for module_id, slug, title, summary in modules
    )


def build_lesson(
    db: Session, outline: tuple[ModuleOutline, ...], module_slug: str, lesson_slug: str
) -> LessonView | None:
    module = next((m for m in outline if m.slug == module_slug), None)
    link = (
        next((item for item in module.lessons if item.slug == lesson_slug), None)
        if module
        else None
    )
    if link is None:
        return None
    revision = db.execute(
        select(
            LessonRevision.title,
            LessonRevision.summary,
            LessonRevision.html,
            LessonRevision.minutes,
            LessonRevision.audio,
        )
        .join(Lesson, lesson_is_current())
        .where(Lesson.id == link.id)
    ).one()
    reading_order = [item for m in outline for item in m.lessons]
    index = reading_order.index(link)
    following = reading_order[index + 1] if index + 1 < len(reading_order) else None
    return LessonView(
        link.id,
        link.slug,
        module,
        revision.title,
        revision.summary or "",
        revision.html,
        revision.minutes,
        revision.audio,
        following,
    )


@dataclass
class ReadingCache:
    """Per app: the outline and lesson views of one curriculum version."""

    version: int = -1
    outline: tuple[ModuleOutline, ...] = ()
    lessons: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _current(self, db: Session) -> tuple[ModuleOutline, ...]:
        version = curriculum_version(db)
        if version != self.version:
            outline = build_outline(db)
            with self.lock:
                self.version, self.outline, self.lessons = version, outline, {}
        return self.outline

    def catalogue_outline(self, db: Session) -> tuple[ModuleOutline, ...]:
        return self._current(db)

    def lesson(self, db: Session, module_slug: str, lesson_slug: str) -> LessonView | None:
        outline = self._current(db)
        key = (module_slug, lesson_slug)
        view = self.lessons.get(key)
        if view is None:
            view = build_lesson(db, outline, module_slug, lesson_slug)
            if view is not None:
                self.lessons[key] = view
        return view
