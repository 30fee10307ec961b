"""Bringing the checked curriculum from files into the database, all or nothing.

The database is the master copy; the files are one way to propose changes. For each
file, compared with the newest revision:

- the same text: nothing happens; likewise when the file is unchanged since its last
  import and newer revisions were made elsewhere (they stand);
- the newest revision was made by a file import (published, no author) and the file
  differs: the file becomes a new published revision;
- otherwise the file changed since its last import *and* newer revisions were made
  elsewhere (in the studio, or a draft): importing it would hide them, so it is a
  conflict. One conflict and the import writes nothing at all.

Missing files never hide anything: retiring is explicit (``revisions.retire``).
"""

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content import Curriculum, text_hash
from ..criteria import Rules
from ..models import (
    FROM_FILE,
    PUBLISHED,
    CriterionRules,
    Lesson,
    LessonRevision,
    Module,
    Quiz,
    QuizRevision,
    User,
)
from ..standing import record_all_standings
from .revisions import FILE_NOTE, new_version, store_lesson, store_quiz

CRITERIA_PATH = "quizzes/criteria.yaml"


class CurriculumError(ValueError):
    """The files have problems; nothing was imported."""

    def __init__(self, curriculum: Curriculum):
        super().__init__(f"{len(curriculum.problems)} problem(s) in the curriculum")
        self.problems = curriculum.problems


@dataclass(frozen=True)
class Conflict:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: conflict: {self.message}"


class ImportConflict(ValueError):
    """A file would replace or hide a newer revision made elsewhere; nothing was imported."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} conflict(s)")
        self.conflicts = conflicts


@dataclass
class ImportReport:
    new_revisions: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: learners whose criterion status was recomputed because the rules changed
    restated: int = 0


# What to do with one file: "new" (a revision), "same" (nothing) or "fill" (the newest
# revision has the same hash but, imported before source texts were kept, no text).
NEW, SAME, FILL = "new", "same", "fill"


def import_curriculum(db: Session, curriculum: Curriculum) -> ImportReport:
    """Import every file, or raise (CurriculumError, ImportConflict) having written nothing."""
    if not curriculum.ok:
        raise CurriculumError(curriculum)
    conflicts: list[Conflict] = []
    lesson_plan = [
        (source, *_plan(db, source.path, _lesson_revisions(db, source), source.source_hash))
        for source in curriculum.lessons
    ]
    quiz_plan = [
        (source, *_plan(db, source.path, _quiz_revisions(db, source.slug), source.source_hash))
        for source in curriculum.quizzes
    ]
    rules_action, rules_row, rules_conflict = _plan_rules(db, curriculum)
    for _source, _action, _owner, conflict in lesson_plan + quiz_plan:
        if conflict:
            conflicts.append(conflict)
    if rules_conflict:
        conflicts.append(rules_conflict)
    if conflicts:
        raise ImportConflict(conflicts)

    report = ImportReport()
    modules = _import_modules(db, curriculum)
    for source, action, lesson, _ in lesson_plan:
        if lesson is None:
            lesson = Lesson(
                module_id=modules[source.module].id,
                slug=source.slug,
                position=source.position,
                current_number=0,
            )
            db.add(lesson)
            db.flush()
        lesson.position = source.position
        _apply(db, report, source, action, lesson, LessonRevision, store_lesson)
    for source, action, quiz, _ in quiz_plan:
        module = modules.get(source.quiz.module) if source.quiz.module else None
        if quiz is None:
            quiz = Quiz(slug=source.slug, current_number=0)
            db.add(quiz)
        quiz.module_id = module.id if module else None
        db.flush()
        _apply(db, report, source, action, quiz, QuizRevision, store_quiz)
    _import_rules(db, curriculum, rules_action, rules_row, report)
    # Every import is a new curriculum version, even an unchanged one (a module's title
    # may change without any revision): pages cached per version are then rebuilt.
    new_version(db, new_revisions=len(report.new_revisions))
    db.flush()
    return report


def _apply(db, report, source, action, owner, model, store) -> None:
    if action == NEW:
        store(db, owner, source, author=None, note=FILE_NOTE, publish=True, origin=FROM_FILE)
        report.new_revisions.append(source.path)
        return
    report.unchanged += 1
    if action == FILL:
        owner_column = model.lesson_id if model is LessonRevision else model.quiz_id
        newest = db.scalar(
            select(model).where(owner_column == owner.id).order_by(model.number.desc()).limit(1)
        )
        newest.source_text = source.source_text


def _import_modules(db: Session, curriculum: Curriculum) -> dict[str, Module]:
    """Modules have no revisions: the file's fields and text replace the stored ones."""
    modules = {m.slug: m for m in db.scalars(select(Module))}
    for source in curriculum.modules:
        module = modules.get(source.slug)
        if module is None:
            module = modules[source.slug] = Module(slug=source.slug, active=True)
            db.add(module)
        module.title, module.summary = source.title, source.summary
        module.position, module.competence = source.position, source.competence
        module.source_text = source.source_text
    db.flush()
    return modules


def _lesson_revisions(db: Session, source) -> tuple[Lesson | None, list]:
    lesson = db.scalar(
        select(Lesson).join(Module).where(Module.slug == source.module, Lesson.slug == source.slug)
    )
    return lesson, _history(db, LessonRevision, LessonRevision.lesson_id, lesson)


def _quiz_revisions(db: Session, slug: str) -> tuple[Quiz | None, list]:
    quiz = db.scalar(select(Quiz).where(Quiz.slug == slug))
    return quiz, _history(db, QuizRevision, QuizRevision.quiz_id, quiz)


def _history(db: Session, model, owner_column, owner) -> list:
    """Every revision of ``owner``, newest first, without the large text columns."""
    if owner is None:
        return []
    return db.execute(
        select(
            model.number,
            model.source_hash,
            model.origin,
            model.author_id,
            model.state,
            model.created_at,
            model.source_text.is_(None).label("no_text"),
        )
        .where(owner_column == owner.id)
        .order_by(model.number.desc())
    ).all()


def _plan(db: Session, path: str, found: tuple, digest: str):
    """(action, owner, conflict) for one file against its owner's revisions."""
    owner, history = found
    if not history:
        return NEW, owner, None
    newest = history[0]
    if newest.source_hash == digest:
        return (FILL if newest.no_text else SAME), owner, None
    last_import = next((row for row in history if _from_file_import(row)), None)
    if last_import is not None and last_import.source_hash == digest:
        # The file has not changed since it was last imported; the newer revisions made
        # in the studio stand. Nothing to do, and nothing to complain about.
        return SAME, owner, None
    if _from_file_import(newest):
        return NEW, owner, None
    return None, owner, Conflict(path, f"the file differs from the newer {_describe(db, newest)}")


def _from_file_import(row) -> bool:
    return row.origin == FROM_FILE and row.author_id is None and row.state == PUBLISHED


def _describe(db: Session, row) -> str:
    """'revision 3 (draft) by giangvien, 2026-11-29 14:05, made in the studio'."""
    author = db.get(User, row.author_id) if row.author_id else None
    who = f" by {author.username or author.display_name}" if author else ""
    state = "" if row.state == PUBLISHED else f" ({row.state})"
    where = "made in the studio" if row.origin != FROM_FILE else "imported from a file"
    return f"revision {row.number}{state}{who}, {row.created_at:%Y-%m-%d %H:%M}, {where}"


def _definition_hash(definition: dict) -> str:
    """How criterion rules were compared before their text was kept (old rows)."""
    return hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()


def _plan_rules(db: Session, curriculum: Curriculum):
    latest = current_rules_row(db)
    if latest is None:
        return NEW, None, None
    digest = text_hash(curriculum.criteria_text)
    if latest.source_hash == digest:
        return SAME, latest, None
    if latest.source_text is None and latest.source_hash == _definition_hash(curriculum.criteria):
        return FILL, latest, None
    rows = db.execute(
        select(CriterionRules.id, CriterionRules.source_hash).order_by(CriterionRules.id.desc())
    ).all()
    if any(row.source_hash == digest for row in rows[1:]):
        message = (
            "this file is an older version of the rules than the one in force since "
            f"{latest.created_at:%Y-%m-%d %H:%M}"
        )
        return None, latest, Conflict(CRITERIA_PATH, message)
    if latest.origin != FROM_FILE or latest.author_id is not None:
        message = f"the rules were changed elsewhere on {latest.created_at:%Y-%m-%d %H:%M}"
        return None, latest, Conflict(CRITERIA_PATH, message)
    return NEW, latest, None


def _import_rules(db: Session, curriculum: Curriculum, action, latest, report) -> None:
    if action == FILL:
        latest.source_text = curriculum.criteria_text
    if action != NEW:
        report.unchanged += 1
        return
    definition = curriculum.criteria
    db.add(
        CriterionRules(
            definition=definition,
            source_hash=text_hash(curriculum.criteria_text),
            source_text=curriculum.criteria_text,
            note=FILE_NOTE,
            origin=FROM_FILE,
        )
    )
    report.new_revisions.append(CRITERIA_PATH)
    if latest is not None and latest.definition != definition:
        # New rules (a quiz now required, a pass mark moved): every learner's stored
        # status is recomputed in this same transaction, so reports never read old rules.
        db.flush()
        report.restated = record_all_standings(db, Rules.from_dict(definition))


def current_rules_row(db: Session) -> CriterionRules | None:
    return db.scalar(select(CriterionRules).order_by(CriterionRules.id.desc()).limit(1))


def current_rules(db: Session) -> Rules:
    """The criterion rules in force: the newest imported criteria file."""
    row = current_rules_row(db)
    return Rules.from_dict(row.definition if row else {"levels": []})
