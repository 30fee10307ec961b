"""Modules from the studio: the same checks and the same ``module.yaml`` text as a file.

Modules have no revisions (see ``lms.models.content``): saving replaces the stored fields
and text, and marks a new curriculum version so learners' cached pages are rebuilt.
"""

from dataclasses import dataclass

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..content import Problems, module_from_text
from ..content.lessons import SLUG
from ..models import Lesson, Module
from .revisions import ContentProblems, new_version


@dataclass
class ModuleFields:
    title: str = ""
    position: int = 0
    competence: str = ""
    summary: str = ""


def module_text(fields: ModuleFields) -> str:
    """The module.yaml text for these fields, keys in the order the shipped files use."""
    data = {"title": fields.title.strip(), "position": fields.position}
    data["competence"] = fields.competence
    if fields.summary.strip():
        data["summary"] = fields.summary.strip()
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def next_position(db: Session) -> int:
    return (db.scalar(select(func.max(Module.position))) or 0) + 1


def save_module(db: Session, slug: str, fields: ModuleFields, *, new: bool) -> Module:
    """Create (``new``) or change a module; raises ContentProblems having written nothing."""
    problems = Problems(f"content/{slug}/module.yaml")
    if not SLUG.match(slug):
        problems.add(1, f"tên phần '{slug}' phải là chữ thường không dấu, nối bằng '-'")
        raise ContentProblems(problems)
    module = db.scalar(select(Module).where(Module.slug == slug))
    if new and module is not None:
        problems.add(1, f"đã có phần '{slug}'; hãy chọn tên khác")
    text = module_text(fields)
    source = module_from_text(slug, text, problems.path, problems)
    if problems or source is None:
        raise ContentProblems(problems)
    if module is None:
        module = Module(slug=slug, active=True)
        db.add(module)
    module.title, module.summary = source.title, source.summary
    module.position, module.competence = source.position, source.competence
    module.source_text = text
    new_version(db)
    db.flush()
    return module


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    lessons: int


def modules_for_studio(db: Session) -> list[ModuleRow]:
    counts = select(Lesson.module_id, func.count().label("n")).group_by(Lesson.module_id).subquery()
    rows = db.execute(
        select(Module, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.module_id == Module.id)
        .order_by(Module.position, Module.slug)
    ).all()
    return [ModuleRow(*row) for row in rows]
