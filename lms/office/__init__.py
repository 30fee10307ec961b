"""Commune and province officers' pages (so far: giving a learner a password reset code)."""

from flask import Blueprint

bp = Blueprint("office", __name__, url_prefix="/can-bo")

from . import officers, views  # noqa: E402,F401  (views register themselves on bp)
