"""Bringing the checked curriculum from files into the database, all or nothing.

A file whose text has not changed keeps its current revision; a changed file adds a new
revision and makes it current. Lessons and quizzes whose files are gone are hidden, not
deleted, because attempts and progress still point at them.
"""

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content import Curriculum, LessonSource, QuizSource
from ..criteria import Rules
from ..models import (
    CriterionRules,
    CurriculumImport,
    Lesson,
    LessonRevision,
    Module,
    Quiz,
    QuizRevision,
)
from ..standing import record_all_standings


class CurriculumError(ValueError):
    """The files have problems; nothing was imported."""

    def __init__(self, curriculum: Curriculum):
        super().__init__(f"{len(curriculum.problems)} problem(s) in the curriculum")
        self.problems = curriculum.problems


@dataclass
class ImportReport:
    new_revisions: list[str] = field(default_factory=list)
    unchanged: int = 0
    hidden: list[str] = field(default_factory=list)
    #: learners whose criterion status was recomputed because the rules changed
    restated: int = 0


def import_curriculum(db: Session, curriculum: Curriculum) -> ImportReport:
    if not curriculum.ok:
        raise CurriculumError(curriculum)
    report = ImportReport()
    modules = {m.slug: m for m in db.scalars(select(Module))}
    seen_modules = set()
    for source in curriculum.modules:
        module = modules.get(source.slug) or Module(slug=source.slug)
        module.title, module.summary = source.title, source.summary
        module.position, module.competence, module.active = (
            source.position,
            source.competence,
            True,
        )
        db.add(module)
        modules[source.slug] = module
        seen_modules.add(source.slug)
    db.flush()
    for slug, module in modules.items():
        if slug not in seen_modules and module.active:
            module.active = False
            report.hidden.append(f"module {slug}")

    lessons = {(item.module_id, item.slug): item for item in db.scalars(select(Lesson))}
    seen = set()
    for source in curriculum.lessons:
        module = modules[source.module]
        lesson = lessons.get((module.id, source.slug))
        _import_lesson(db, module, lesson, source, report)
        seen.add((module.id, source.slug))
    for key, lesson in lessons.items():
        if key not in seen and lesson.active:
            lesson.active = False
            report.hidden.append(f"lesson {lesson.slug}")

    quizzes = {q.slug: q for q in db.scalars(select(Quiz))}
    for source in curriculum.quizzes:
        _import_quiz(db, modules, quizzes.get(source.slug), source, report)
    for slug, quiz in quizzes.items():
        if slug not in {s.slug for s in curriculum.quizzes} and quiz.active:
            quiz.active = False
            report.hidden.append(f"quiz {slug}")
    _import_rules(db, curriculum.criteria, report)
    # Every import is a new curriculum version, even an unchanged one (a module's title
    # may change without any revision): pages cached per version are then rebuilt.
    db.add(CurriculumImport(new_revisions=len(report.new_revisions), hidden=len(report.hidden)))
    db.flush()
    return report


def _import_rules(db: Session, definition: dict, report: ImportReport) -> None:
    digest = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()
    latest = current_rules_row(db)
    if latest is not None and latest.source_hash == digest:
        report.unchanged += 1
        return
    db.add(CriterionRules(definition=definition, source_hash=digest))
    report.new_revisions.append("quizzes/criteria.yaml")
    if latest is not None:
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


def _import_lesson(db, module, lesson, source: LessonSource, report: ImportReport) -> None:
    if lesson is None:
        lesson = Lesson(
            module_id=module.id, slug=source.slug, position=source.position, current_number=0
        )
        db.add(lesson)
        db.flush()
    lesson.position, lesson.active = source.position, True
    number = _next_revision(
        db, LessonRevision, LessonRevision.lesson_id, lesson, source.source_hash
    )
    if number is None:
        report.unchanged += 1
        return
    db.add(
        LessonRevision(
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
        )
    )
    lesson.current_number = number
    report.new_revisions.append(source.path)


def _import_quiz(db, modules, quiz, source: QuizSource, report: ImportReport) -> None:
    module = modules.get(source.quiz.module) if source.quiz.module else None
    if quiz is None:
        quiz = Quiz(slug=source.slug, current_number=0)
        db.add(quiz)
        db.flush()
    quiz.module_id, quiz.active = (module.id if module else None), True
    number = _next_revision(db, QuizRevision, QuizRevision.quiz_id, quiz, source.source_hash)
    if number is None:
        report.unchanged += 1
        return
    db.add(
        QuizRevision(
            quiz_id=quiz.id,
            number=number,
            title=source.quiz.title,
            definition=source.quiz.to_dict(),
            question_count=len(source.quiz.questions),
            source_hash=source.source_hash,
        )
    )
    quiz.current_number = number
    report.new_revisions.append(source.path)


def _next_revision(db: Session, revision_model, owner_column, owner, source_hash: str):
    """The number for a new revision, or None when the newest one has the same source.

    An unchanged file points its owner back at that newest revision (it may have been
    hidden and come back) and adds nothing.
    """
    latest = db.scalar(
        select(revision_model)
        .where(owner_column == owner.id)
        .order_by(revision_model.number.desc())
        .limit(1)
    )
    if latest is not None and latest.source_hash == source_hash:
        owner.current_number = latest.number
        return None
    return latest.number + 1 if latest else 1
