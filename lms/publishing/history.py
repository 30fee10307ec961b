"""The history of a lesson or quiz: its immutable revisions, the words that changed
between any two, and restoring an old one as a new draft (old revisions never change,
so attempts keep pointing at the revision they were taken on).
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Lesson, LessonRevision, Module, Quiz, QuizRevision, User
from .current import Kind
from .revisions import STATIC_ROOT, save_lesson, save_quiz


@dataclass(frozen=True)
class HistoryRow:
    number: int
    state: str
    note: str
    author: str | None
    created_at: datetime
    origin: str
    current: bool


def _model(kind: Kind):
    if kind == "lesson":
        return LessonRevision, LessonRevision.lesson_id
    return QuizRevision, QuizRevision.quiz_id


def history(db: Session, kind: Kind, owner: Lesson | Quiz) -> list[HistoryRow]:
    """Every revision, newest first, with its author's name (None for a file import)."""
    model, owner_column = _model(kind)
    rows = db.execute(
        select(
            model.number,
            model.state,
            model.note,
            User.display_name,
            model.created_at,
            model.origin,
        )
        .outerjoin(User, User.id == model.author_id)
        .where(owner_column == owner.id)
        .order_by(model.number.desc())
    ).all()
    return [HistoryRow(*row, current=row.number == owner.current_number) for row in rows]


def revision(db: Session, kind: Kind, owner: Lesson | Quiz, number: int):
    model, owner_column = _model(kind)
    return db.scalar(select(model).where(owner_column == owner.id, model.number == number))


def revision_text(found: LessonRevision | QuizRevision) -> str:
    """The text a trainer wrote: the source text, or for a lesson imported before texts
    were kept, its Markdown body."""
    if found.source_text is not None:
        return found.source_text
    return getattr(found, "body", "") or ""


class CannotRestore(ValueError):
    """The revision predates stored source texts: there is nothing to restore from."""


RESTORE_NOTE = "Khôi phục bản {number}"


def restore(
    db: Session,
    kind: Kind,
    owner: Lesson | Quiz,
    number: int,
    author: User,
    *,
    static_root: Path = STATIC_ROOT,
) -> LessonRevision | QuizRevision | None:
    """Save revision ``number``'s text again as a new draft revision ("Khôi phục bản N").

    None when there is no such revision; raises CannotRestore, or ContentProblems when the
    old text no longer passes today's checks (a picture since removed), writing nothing.
    """
    old = revision(db, kind, owner, number)
    if old is None:
        return None
    if old.source_text is None:
        raise CannotRestore(f"revision {number} has no stored text")
    note = RESTORE_NOTE.format(number=number)
    if kind == "lesson":
        module = db.get(Module, owner.module_id)
        return save_lesson(
            db,
            module.slug,
            owner.slug,
            old.source_text,
            author,
            note,
            False,
            static_root=static_root,
        )
    return save_quiz(db, owner.slug, old.source_text, author, note, False)
