"""Editing a lesson in the studio: its form fields as a lesson text, a preview that saves
nothing, and a save that notices when someone else saved first.

The studio's form has fields (title, summary, domain, recording, body); the publishing
service stores texts. ``lesson_text`` writes the fields as the same Markdown-with-front-
matter a file holds, so the file import, the export and the studio share one format and
one set of checks (``lms.content.lesson_from_text``), and problems found in that text are
placed back on the field they came from (``place_problems``).
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..content import LessonSource, Problem, Problems, lesson_from_text
from ..content.glossary import GLOSSARY_FILE, Glossary, load_glossary
from ..content.lessons import split_front_matter
from ..models import DRAFT, Lesson, LessonRevision, Module, User
from .current import current_revision
from .revisions import STATIC_ROOT, publish, save_lesson

#: The front matter's keys, in the order a lesson file writes them.
FRONT_KEYS = ("title", "domain", "summary", "audio")


@dataclass
class LessonFields:
    title: str = ""
    domain: str = ""
    summary: str = ""
    audio: str = ""
    body: str = ""


@dataclass(frozen=True)
class LessonText:
    text: str
    #: line of each front-matter key in ``text``
    key_lines: dict
    #: the line of ``text`` where the body starts
    body_start: int


def lesson_text(fields: LessonFields) -> LessonText:
    """The lesson file's text for these fields (empty optional fields left out)."""
    lines, key_lines = ["---\n"], {}
    for key in FRONT_KEYS:
        value = getattr(fields, key).strip()
        if not value and key in ("summary", "audio"):
            continue
        key_lines[key] = len(lines) + 1
        lines.append(yaml.safe_dump({key: value}, allow_unicode=True, width=10**6))
    lines.append("---\n")
    body = fields.body.replace("\r\n", "\n").replace("\r", "\n")
    if body and not body.endswith("\n"):
        body += "\n"
    return LessonText("".join(lines) + body, key_lines, len(lines) + 1)


def lesson_fields(text: str | None, revision: LessonRevision | None = None) -> LessonFields:
    """The form's fields for a stored lesson text (or, for a revision imported before
    texts were kept, what its columns still say)."""
    parts = split_front_matter(text) if text else None
    if parts is None:
        if revision is None:
            return LessonFields(body=text or "")
        return LessonFields(
            revision.title, "", revision.summary, revision.audio or "", revision.body
        )
    front, body, _start = parts
    try:
        meta = yaml.safe_load(front)
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict):
        return LessonFields(body=text)
    values = {key: meta.get(key) for key in FRONT_KEYS}
    return LessonFields(
        **{key: "" if value is None else str(value) for key, value in values.items()}, body=body
    )


@dataclass
class PlacedProblems:
    """Problems of a lesson text, placed on the form: per field, body lines counted from
    the body's first line (what the trainer sees in the text box)."""

    fields: dict[str, list[tuple[int | None, str]]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)


def place_problems(problems: list[Problem], text: LessonText) -> PlacedProblems:
    placed = PlacedProblems()
    by_line = {line: key for key, line in text.key_lines.items()}
    for problem in sorted(problems):
        if problem.line >= text.body_start:
            line = problem.line - text.body_start + 1
            placed.fields.setdefault("body", []).append((line, problem.message))
        elif problem.line in by_line:
            placed.fields.setdefault(by_line[problem.line], []).append((None, problem.message))
        else:
            placed.general.append(problem.message)
    return placed


@lru_cache(maxsize=4)
def _glossary_version(path: str, _mtime_ns: int, _size: int) -> Glossary | None:
    return load_glossary(Path(path), Problems(GLOSSARY_FILE))


def glossary_for(root: Path) -> Glossary | None:
    """The curriculum's glossary, read again only when its file changes: parsing it is
    most of a preview's cost, and the live preview runs at every pause in typing."""
    path = root / "content" / GLOSSARY_FILE
    try:
        stat = path.stat()
    except OSError:
        return None
    return _glossary_version(str(path), stat.st_mtime_ns, stat.st_size)


def preview_lesson(
    text: LessonText, module: str, slug: str, static_root: Path = STATIC_ROOT
) -> tuple[LessonSource | None, PlacedProblems]:
    """Check and render a lesson text exactly as saving would, writing nothing: the HTML
    is what learners would get (glossary links included)."""
    problems = Problems(f"content/{module}/{slug}.md")
    source = lesson_from_text(
        text.text,
        problems.path,
        module,
        slug,
        1,
        static_root,
        problems,
        glossary_for(static_root.parent),
    )
    return source, place_problems(problems, text)


class EditConflict(Exception):
    """Someone saved a newer revision after the trainer opened the form; nothing saved."""

    def __init__(self, newest: LessonRevision, author: User | None):
        super().__init__(f"revision {newest.number} was saved first")
        self.newest = newest
        self.author = author


def find_lesson(db: Session, module: str, slug: str) -> Lesson | None:
    return db.scalar(select(Lesson).join(Module).where(Module.slug == module, Lesson.slug == slug))


def newest_lesson_revision(db: Session, lesson: Lesson | None) -> LessonRevision | None:
    if lesson is None:
        return None
    return current_revision(db, "lesson", lesson.id, include_drafts=True)


def _conflict(db: Session, newest: LessonRevision) -> EditConflict:
    author = db.get(User, newest.author_id) if newest.author_id else None
    return EditConflict(newest, author)


def save_lesson_edit(
    db: Session,
    module: str,
    slug: str,
    text: str,
    *,
    author: User,
    note: str,
    publish_now: bool,
    based_on: int,
    static_root: Path = STATIC_ROOT,
) -> tuple[LessonRevision, bool]:
    """Save the trainer's text as a new revision of the lesson, if nobody saved since
    revision ``based_on`` (0 for a new lesson); returns (revision, whether anything
    changed). The same text as the newest revision adds nothing: publishing it publishes
    that draft. Raises :class:`EditConflict` or ``ContentProblems``, having written nothing.
    """
    lesson = find_lesson(db, module, slug)
    newest = newest_lesson_revision(db, lesson)
    if (newest.number if newest else 0) != based_on:
        raise _conflict(db, newest)
    if newest is not None and newest.source_text == text:
        if publish_now and newest.state == DRAFT:
            publish(db, newest)
            return newest, True
        return newest, False
    try:
        with db.begin_nested():
            revision = save_lesson(
                db, module, slug, text, author, note, publish_now, static_root=static_root
            )
    except IntegrityError:
        # Another save took the same number between our check and our insert.
        db.expire_all()
        raise _conflict(db, newest_lesson_revision(db, find_lesson(db, module, slug))) from None
    return revision, True


@dataclass(frozen=True)
class LessonRow:
    module: Module
    lesson: Lesson
    title: str
    newest: int
    newest_state: str

    @property
    def state(self) -> str:
        """hidden, draft (never published), newer-draft (a draft after the published
        revision) or published."""
        if not self.lesson.active or not self.module.active:
            return "hidden"
        if self.lesson.current_number == 0:
            return "draft"
        if self.newest > self.lesson.current_number:
            return "newer-draft"
        return "published"


def lessons_for_studio(db: Session) -> list[LessonRow]:
    """Every lesson with its newest revision (drafts included), in reading order."""
    newest = (
        select(LessonRevision.lesson_id, func.max(LessonRevision.number).label("number"))
        .group_by(LessonRevision.lesson_id)
        .subquery()
    )
    rows = db.execute(
        select(Module, Lesson, LessonRevision.title, LessonRevision.number, LessonRevision.state)
        .join(Lesson, Lesson.module_id == Module.id)
        .join(newest, newest.c.lesson_id == Lesson.id)
        .join(
            LessonRevision,
            and_(LessonRevision.lesson_id == Lesson.id, LessonRevision.number == newest.c.number),
        )
        .order_by(Module.position, Module.slug, Lesson.position, Lesson.slug)
    ).all()
    return [LessonRow(*row) for row in rows]
