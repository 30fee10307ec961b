"""Commune and province officers' pages: the dashboard of their area, reset codes."""

from flask import Blueprint

bp = Blueprint("office", __name__, url_prefix="/can-bo")

from . import dashboard, officers, views  # noqa: E402,F401  (views register themselves on bp)
