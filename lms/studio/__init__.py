"""The trainers' studio under /giang-vien/: writing lessons and quizzes, importing question
banks, question statistics, and the classes trainers run.

Views stay thin: content goes in and out through :mod:`lms.publishing`, question types
through :mod:`lms.quiz.types`. A trainer sees personal data only of their own classes'
members (404 otherwise).
"""

from flask import Blueprint

bp = Blueprint("studio", __name__, url_prefix="/giang-vien")

# Each module registers its views on bp.
from . import (  # noqa: E402,F401
    class_members,
    classes,
    history,
    images,
    lessons,
    quizzes,
    stats,
    views,
)
