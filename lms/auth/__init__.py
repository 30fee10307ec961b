"""Accounts: sign up, log in and out, keep the account safe, and the learner's data rights."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import account, privacy, reset, sessions, views  # noqa: E402,F401  (views register on bp)

bp.before_app_request(sessions.enforce_idle_timeout)
