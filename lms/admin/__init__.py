"""Running the site: pages for admins only (staff roles, the audit log)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")

from . import roles, targets, views  # noqa: E402,F401  (views register themselves on bp)
