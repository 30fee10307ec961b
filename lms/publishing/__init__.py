"""Publishing the curriculum: the one way lessons, quizzes and rules enter the database."""

from .importing import (
    CurriculumError,
    ImportReport,
    current_rules,
    current_rules_row,
    import_curriculum,
)

__all__ = [
    "CurriculumError",
    "ImportReport",
    "current_rules",
    "current_rules_row",
    "import_curriculum",
]
