"""Saving, publishing and retiring lessons and quizzes: the one way content changes.

The file import and the trainers' studio both come through here, so every revision is
checked by ``lms.content`` (the same checks as ``lms content check``), rendered to HTML
once, stored immutably with its source text, author, note and state, and every change
adds a ``CurriculumImport`` row so pages cached per curriculum version are rebuilt.
Nothing here commits: the request or the CLI command does.
"""

from pathlib import Path
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..config import ROOT
from ..content import (
    LessonSource,
    Problem,
    Problems,
    QuizSource,
    lesson_from_text,
    quiz_from_text,
)
from ..content.glossary import GLOSSARY_FILE, Glossary, load_glossary
from ..content.lessons import IMAGE, SLUG
from ..models import (
    DRAFT,
    FROM_FILE,
    FROM_STUDIO,
    PUBLISHED,
    CurriculumImport,
    Lesson,
    LessonRevision,
    Module,
    Quiz,
    QuizRevision,
    User,
)
from .images import uploaded_paths

#: The note on every revision the file import makes (it has no author to name).
FILE_NOTE = "nhập từ tệp"
STATIC_ROOT = ROOT / "static"


class ContentProblems(ValueError):
    """The text has problems (``path:line: message``); nothing was saved."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def new_version(db: Session, new_revisions: int = 0, hidden: int = 0) -> None:
    """Mark a new curriculum version, so pages cached for the old one are rebuilt."""
    db.add(CurriculumImport(new_revisions=new_revisions, hidden=hidden))


def _next_number(db: Session, model, owner_column, owner_id: int) -> int:
    return (db.scalar(select(func.max(model.number)).where(owner_column == owner_id)) or 0) + 1


def store_lesson(
    db: Session,
    lesson: Lesson,
    source: LessonSource,
    *,
    author: User | None,
    note: str,
    publish: bool,
    origin: str,
) -> LessonRevision:
    """Add a checked lesson text as the lesson's next revision (and make it current if
    published). Callers have checked the text; use :func:`save_lesson` otherwise."""
    number = _next_number(db, LessonRevision, LessonRevision.lesson_id, lesson.id)
    revision = LessonRevision(
        lesson_id=lesson.id,
        number=number,
        title=source.title,
        summary=source.summary,
        body=source.body,
        html=source.html,
        words=source.words,
        minutes=source.minutes,
        source_hash=source.source_hash,
        audio=source.audio or None,
        source_text=source.source_text,
        **_provenance(author, note, publish, origin),
    )
    return _add(db, lesson, revision, publish)


def _provenance(author: User | None, note: str, publish: bool, origin: str) -> dict:
    """Who made a revision, why, where, and whether learners see it: the same for every kind."""
    return {
        "author_id": author.id if author else None,
        "note": note,
        "state": PUBLISHED if publish else DRAFT,
        "origin": origin,
    }


def _add(db: Session, owner, revision, publish: bool):
    """Store the revision; a published one becomes its owner's current revision."""
    db.add(revision)
    if publish:
        owner.current_number = revision.number
    db.flush()
    return revision


def store_quiz(
    db: Session,
    quiz: Quiz,
    source: QuizSource,
    *,
    author: User | None,
    note: str,
    publish: bool,
    origin: str,
) -> QuizRevision:
    """Add a checked quiz text as the quiz's next revision (see :func:`store_lesson`)."""
    number = _next_number(db, QuizRevision, QuizRevision.quiz_id, quiz.id)
    revision = QuizRevision(
        quiz_id=quiz.id,
        number=number,
        title=source.quiz.title,
        definition=source.quiz.to_dict(),
        question_count=source.show,  # per attempt, not the pool
        source_hash=source.source_hash,
        source_text=source.source_text,
        **_provenance(author, note, publish, origin),
    )
    return _add(db, quiz, revision, publish)


def save_lesson(
    db: Session,
    module: str,
    slug: str,
    source_text: str,
    author: User | None = None,
    note: str = "",
    publish: bool = False,
    *,
    static_root: Path = STATIC_ROOT,
    position: int | None = None,
) -> LessonRevision:
    """Check and store a lesson's text (Markdown with front matter) as a new revision.

    A new lesson goes last in its module unless ``position`` says otherwise. Raises
    :class:`ContentProblems` with every problem, having written nothing.
    """
    owner = db.scalar(select(Module).where(Module.slug == module))
    problems = Problems(f"content/{module}/{slug}.md")
    if owner is None:
        problems.add(1, f"không có module '{module}'")
    if not SLUG.match(slug):
        problems.add(1, f"tên bài '{slug}' phải là chữ thường không dấu, nối bằng '-'")
    if problems:
        raise ContentProblems(problems)
    lesson = db.scalar(select(Lesson).where(Lesson.module_id == owner.id, Lesson.slug == slug))
    if position is None:
        position = lesson.position if lesson else _last_position(db, owner.id) + 1
    source = lesson_from_text(
        source_text,
        problems.path,
        module,
        slug,
        position,
        static_root,
        problems,
        _glossary(static_root.parent),
        uploaded=uploaded_paths(db, [src for _alt, src in IMAGE.findall(source_text)]),
    )
    if problems or source is None:
        raise ContentProblems(problems)
    if lesson is None:
        lesson = Lesson(module_id=owner.id, slug=slug, position=position, current_number=0)
        db.add(lesson)
        db.flush()
    revision = store_lesson(
        db, lesson, source, author=author, note=note, publish=publish, origin=FROM_STUDIO
    )
    new_version(db, new_revisions=1)
    return revision


def _glossary(root: Path) -> Glossary | None:
    """The glossary beside the curriculum, so a studio lesson links its terms like a file's."""
    return load_glossary(root / "content" / GLOSSARY_FILE, Problems(GLOSSARY_FILE))


def _last_position(db: Session, module_id: int) -> int:
    return db.scalar(select(func.max(Lesson.position)).where(Lesson.module_id == module_id)) or 0


def save_quiz(
    db: Session,
    slug: str,
    source_text: str,
    author: User | None = None,
    note: str = "",
    publish: bool = False,
) -> QuizRevision:
    """Check and store a quiz's YAML text as a new revision (see :func:`save_lesson`)."""
    problems = Problems(f"quizzes/{slug}.yaml")
    if not SLUG.match(slug):
        problems.add(1, f"tên bài kiểm tra '{slug}' phải là chữ thường không dấu, nối bằng '-'")
        raise ContentProblems(problems)
    source = quiz_from_text(slug, source_text, problems.path, problems)
    module = None
    if source is not None and source.quiz.module:
        module = db.scalar(select(Module).where(Module.slug == source.quiz.module))
        if module is None:
            problems.add(1, f"không có module '{source.quiz.module}'")
    if problems or source is None:
        raise ContentProblems(problems)
    quiz = db.scalar(select(Quiz).where(Quiz.slug == slug))
    if quiz is None:
        quiz = Quiz(slug=slug, current_number=0)
        db.add(quiz)
    quiz.module_id = module.id if module else None
    db.flush()
    revision = store_quiz(
        db, quiz, source, author=author, note=note, publish=publish, origin=FROM_STUDIO
    )
    new_version(db, new_revisions=1)
    return revision


def publish(db: Session, revision: LessonRevision | QuizRevision) -> None:
    """Publish a draft. Learners see the newest published revision, so publishing a draft
    older than the current one only changes its state."""
    if revision.state == PUBLISHED:
        return
    revision.state = PUBLISHED
    if isinstance(revision, LessonRevision):
        owner = db.get(Lesson, revision.lesson_id)
    else:
        owner = db.get(Quiz, revision.quiz_id)
    owner.current_number = max(owner.current_number, revision.number)
    new_version(db)
    db.flush()


RetireKind = Literal["module", "lesson", "quiz"]


def retire(db: Session, kind: RetireKind, slug: str) -> bool:
    """Hide a module, a lesson (``module/slug``) or a quiz from learners.

    Nothing is deleted (attempts and progress point at it), and an import never brings
    it back or hides anything itself: retiring is always this explicit act. Returns False
    when there is no such thing.
    """
    if kind == "module":
        found = db.scalar(select(Module).where(Module.slug == slug))
    elif kind == "quiz":
        found = db.scalar(select(Quiz).where(Quiz.slug == slug))
    else:
        module, _, lesson = slug.partition("/")
        found = db.scalar(
            select(Lesson).join(Module).where(Module.slug == module, Lesson.slug == lesson)
        )
    if found is None:
        return False
    if found.active:
        found.active = False
        new_version(db, hidden=1)
        db.flush()
    return True


__all__ = [
    "FILE_NOTE",
    "FROM_FILE",
    "ContentProblems",
    "new_version",
    "publish",
    "retire",
    "save_lesson",
    "save_quiz",
    "store_lesson",
    "store_quiz",
]
