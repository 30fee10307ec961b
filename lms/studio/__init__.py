"""The trainers' studio under /giang-vien/: writing lessons and quizzes, importing question
banks, question statistics, and the classes trainers run.

Views stay thin: content goes in and out through :mod:`lms.publishing`, question types
through :mod:`lms.quiz.types`. A trainer sees personal data only of their own classes'
members (404 otherwise).
"""

from flask import Blueprint

bp = Blueprint("studio", __name__, url_prefix="/giang-vien")

from . import class_members, classes, views  # noqa: E402,F401  (views register on bp)
