"""Officer pages: parse the request, call a service, render.

Every learner an officer can find or act on comes through
:func:`lms.places.scope.officer_scope`: outside the officer's area a learner is a 404.
"""

from flask import abort, current_app, render_template, request
from flask_login import current_user

from .. import audit
from ..auth.events import auth_event
from ..people.reset_codes import SEARCH_LIMIT, find_learners, give_code, only_learner
from ..web import db
from ..web.permissions import IsOfficer, citizen_for_officer, require
from . import bp


@bp.route("/ma-dat-lai")
@require(IsOfficer)
def find_learner():
    query = request.args.get("q", "")[:80]
    found = find_learners(db.session(), current_user, query) if query else []
    return render_template("office/find_learner.html", query=query, found=found, limit=SEARCH_LIMIT)


@bp.route("/ma-dat-lai/<int(max=2147483647):user_id>", methods=["POST"])
@require(IsOfficer)
def give_reset_code(user_id: int):
    session = db.session()
    learner = citizen_for_officer(session, current_user, user_id)
    if not only_learner(learner):
        abort(404)  # staff accounts are reset by an admin, never from a commune office
    # Logged before the code is shown: the learner sees it on her data page.
    audit.record_access(session, current_user, learner, "give_reset_code", where=request.path)
    given = give_code(session, current_app.secret_key, current_user, learner)
    auth_event("reset_code.given", learner.id)
    response = render_template("office/code_given.html", learner=learner, given=given)
    return response, 200, {"Cache-Control": "no-store"}
