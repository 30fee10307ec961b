"""The studio's home: what a trainer may do here."""

from flask import render_template

from ..web.permissions import IsTrainer, require
from . import bp


@bp.route("/")
@require(IsTrainer)
def home():
    return render_template("studio/home.html")
