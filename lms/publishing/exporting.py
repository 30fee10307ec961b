"""Writing the published curriculum back out as files, in the formats it came in.

Every text is written exactly as it was stored (a quiz's YAML may say things the quiz
parser normalises, so nothing is re-serialised): an export of a fresh import is
byte-identical to the files imported, and importing an export makes no new revision.
"""

import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content import CRITERIA_FILE, referenced_files
from ..content.glossary import GLOSSARY_FILE
from ..models import Lesson, LessonRevision, Module, Quiz, QuizRevision
from .current import published_lessons, published_quizzes
from .images import stored_image
from .importing import current_rules_row


class ExportError(ValueError):
    """Some published content cannot be written out; nothing was written."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def export_curriculum(db: Session, to: Path, static_root: Path) -> list[str]:
    """Write ``to/content/``, ``to/quizzes/`` and the pictures and recordings the lessons
    use (from ``static_root``, or the database for pictures uploaded in the studio) under
    ``to/static/``. Returns the paths written."""
    files: dict[str, bytes | Path] = {}
    problems: list[str] = []

    def add(path: str, text: str | None) -> None:
        if text is None:
            problems.append(
                f"{path}: no source text (imported before texts were kept): "
                "run 'lms content import' first"
            )
        else:
            files[path] = text.encode("utf-8")

    for slug, text in db.execute(
        select(Module.slug, Module.source_text).where(Module.active).order_by(Module.position)
    ):
        add(f"content/{slug}/module.yaml", text)
    for module, position, slug, text, body, audio in db.execute(
        published_lessons(
            Module.slug,
            Lesson.position,
            Lesson.slug,
            LessonRevision.source_text,
            LessonRevision.body,
            LessonRevision.audio,
        )
    ):
        add(f"content/{module}/{position:02d}-{slug}.md", text)
        for site_path in referenced_files(body, audio):
            relative = site_path.removeprefix("/static/")
            source = static_root / relative
            uploaded = stored_image(db, site_path)
            if uploaded is not None:  # a studio upload: the database holds it
                files[f"static/{relative}"] = uploaded[0]
            elif source.is_file():
                files[f"static/{relative}"] = source
            else:
                problems.append(f"{site_path}: used by {module}/{slug} but not in {static_root}")
    for slug, text in db.execute(published_quizzes(Quiz.slug, QuizRevision.source_text)):
        add(f"quizzes/{slug}.yaml", text)
    rules = current_rules_row(db)
    if rules is not None:
        add(f"quizzes/{CRITERIA_FILE}", rules.source_text)
    # The glossary is reference text that nothing edits in the browser yet: it travels
    # from the curriculum folder as it is, like the pictures.
    glossary = static_root.parent / "content" / GLOSSARY_FILE
    if glossary.is_file():
        files[f"content/{GLOSSARY_FILE}"] = glossary
    if problems:
        raise ExportError(problems)
    for path, data in sorted(files.items()):
        target = to / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            target.write_bytes(data)
    return sorted(files)
