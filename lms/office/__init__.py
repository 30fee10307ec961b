"""Commune and province officers' pages: the dashboard of their area, the citizens list and
each citizen's record, confirmations, exports, reset codes, and (for province officers)
their communes' officers."""

from flask import Blueprint

bp = Blueprint("office", __name__, url_prefix="/can-bo")

# Each module registers its views on bp.
from . import citizens, dashboard, exports, officers, summary, views  # noqa: E402,F401
