"""Publishing the curriculum: the one way lessons, quizzes and rules enter the database.

``revisions`` saves, publishes and retires (for the file import and the studio alike),
``importing`` brings files in without overwriting newer edits, ``exporting`` writes the
published curriculum back out, ``current`` says which revision learners see.
"""

from .current import current_revision, published_lessons, published_quizzes
from .exporting import ExportError, export_curriculum
from .importing import (
    Conflict,
    CurriculumError,
    ImportConflict,
    ImportReport,
    current_rules,
    current_rules_row,
    import_curriculum,
)
from .revisions import ContentProblems, publish, retire, save_lesson, save_quiz

__all__ = [
    "Conflict",
    "ContentProblems",
    "CurriculumError",
    "ExportError",
    "ImportConflict",
    "ImportReport",
    "current_revision",
    "current_rules",
    "current_rules_row",
    "export_curriculum",
    "import_curriculum",
    "publish",
    "published_lessons",
    "published_quizzes",
    "retire",
    "save_lesson",
    "save_quiz",
]
