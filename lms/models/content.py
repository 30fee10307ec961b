"""The curriculum in the database: modules, lessons and quizzes with immutable revisions.

The database is the master copy: each revision keeps its source text, who made it and
where (a file import or the studio), and whether it is a draft or published. A lesson or
quiz points at its newest published revision by number (``current_number``, kept by
``lms.publishing``; 0 while it has none); queries find it through
``lms.publishing.current``. Old revisions are never deleted, so an attempt always knows
exactly what it was graded against.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

DRAFT, PUBLISHED = "draft", "published"
FROM_FILE, FROM_STUDIO = "file", "studio"


class Module(Base):
    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int]
    competence: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(default=True)
    # module.yaml's exact text (modules have no revisions); NULL until an import fills it.
    source_text: Mapped[str | None] = mapped_column(Text, deferred=True)

    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="module", order_by="Lesson.position"
    )


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    current_number: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)

    module: Mapped[Module] = relationship(back_populates="lessons")


class LessonRevision(Base):
    __tablename__ = "lesson_revisions"
    __table_args__ = (UniqueConstraint("lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The Markdown source is kept for export and history; pages only ever need the HTML.
    body: Mapped[str] = mapped_column(Text, deferred=True)
    # Rendered and sanitized once, at import: pages never render Markdown per request.
    html: Mapped[str] = mapped_column(Text)
    words: Mapped[int]
    minutes: Mapped[int]
    source_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The trainer's recording (a /static/lessons/ path), kept with the text it reads.
    audio: Mapped[str | None] = mapped_column(String(300))
    # Where the revision came from, so an import can tell a file's own history from an
    # edit made elsewhere. The file import has no author: its note says so.
    source_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(12), default=PUBLISHED)
    origin: Mapped[str] = mapped_column(String(12), default=FROM_FILE)


class Quiz(Base):
    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"))
    current_number: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)

    module: Mapped[Module | None] = relationship()


class QuizRevision(Base):
    __tablename__ = "quiz_revisions"
    __table_args__ = (UniqueConstraint("quiz_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    # lms.quiz.Quiz.to_dict(): question texts already rendered to safe HTML.
    definition: Mapped[dict] = mapped_column(JSON)
    question_count: Mapped[int]
    source_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Where the revision came from, so an import can tell a file's own history from an
    # edit made elsewhere. The file import has no author: its note says so.
    source_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(12), default=PUBLISHED)
    origin: Mapped[str] = mapped_column(String(12), default=FROM_FILE)

    quiz: Mapped[Quiz] = relationship()


class CriterionRules(Base):
    """The criterion file (quizzes/criteria.yaml) as imported; the newest row is in force."""

    __tablename__ = "criterion_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    definition: Mapped[dict] = mapped_column(JSON)
    source_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    source_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(300), default="")
    origin: Mapped[str] = mapped_column(String(12), default=FROM_FILE)


class CurriculumImport(Base):
    """One row per import of the curriculum: its id is the curriculum's version.

    Pages that are the same for every reader are kept in memory per version; anything
    that changes lessons, quizzes or modules must add a row (lms.publishing does).
    """

    __tablename__ = "curriculum_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    new_revisions: Mapped[int] = mapped_column(default=0)
    hidden: Mapped[int] = mapped_column(default=0)
