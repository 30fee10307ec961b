"""Accounts: sign up, log in, log out."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import views  # noqa: E402,F401  (views register themselves on bp)
