"""The content library: lessons and quizzes from files, checked, rendered to safe HTML.

No Flask here. ``render_markdown`` is the single entry point for HTML made from text
that someone typed.
"""

from .curriculum import CRITERIA_FILE, Curriculum, load_curriculum
from .lessons import (
    COMPETENCES,
    MAX_WORDS,
    LessonSource,
    ModuleSource,
    lesson_from_text,
    module_from_text,
    referenced_files,
    text_hash,
)
from .markdown import render_markdown
from .problems import Problem, Problems
from .quizzes import QuizSource, quiz_from_text

__all__ = [
    "COMPETENCES",
    "CRITERIA_FILE",
    "MAX_WORDS",
    "Curriculum",
    "LessonSource",
    "ModuleSource",
    "Problem",
    "Problems",
    "QuizSource",
    "lesson_from_text",
    "load_curriculum",
    "module_from_text",
    "quiz_from_text",
    "referenced_files",
    "render_markdown",
    "text_hash",
]
