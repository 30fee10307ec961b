"""Commune and province officers' pages: reset codes, the citizens list and exports."""

from flask import Blueprint

bp = Blueprint("office", __name__, url_prefix="/can-bo")

from . import citizens, exports, views  # noqa: E402,F401  (views register themselves on bp)
