"""Learning: the catalogue, lessons, quizzes and a learner's progress."""

from flask import Blueprint

bp = Blueprint("learn", __name__)

from . import certificate_views, views  # noqa: E402,F401  (views register themselves on bp)
