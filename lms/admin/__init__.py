"""Running the site: pages for admins only (so far, the audit log)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")

from . import targets, views  # noqa: E402,F401  (views register themselves on bp)
