"""The content library: lessons and quizzes from files, checked, rendered to safe HTML.

No Flask here. ``render_markdown`` is the single entry point for HTML made from text
that someone typed.
"""

from .curriculum import Curriculum, load_curriculum
from .lessons import COMPETENCES, MAX_WORDS, LessonSource, ModuleSource
from .markdown import render_markdown
from .problems import Problem
from .quizzes import QuizSource

__all__ = [
    "COMPETENCES",
    "MAX_WORDS",
    "Curriculum",
    "LessonSource",
    "ModuleSource",
    "Problem",
    "QuizSource",
    "load_curriculum",
    "render_markdown",
]
