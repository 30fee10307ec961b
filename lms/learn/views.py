"""Learner pages: parse the request, call a service, render."""

import hashlib

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import quiz as quizcore
from ..citizens import confirmations
from ..publishing import current_revision, current_rules
from ..publishing.images import stored_image
from ..standing import stored_levels
from ..web import db
from . import bp
from .attempts import (
    AlreadySubmitted,
    TooLate,
    attempts_for,
    deadline,
    find_attempt,
    is_expired,
    open_attempt,
    quiz_of,
    retry_wait,
    submit,
)
from .catalogue import (
    bests,
    catalogue,
    done_lesson_ids,
    find_quiz,
    mark_done,
    quiz_titles,
)
from .glossary import glossary_terms
from .practical_views import save_and_continue, step_page
from .reading import ReadingCache
from .sharing import lesson_card
from .way import level_views, module_cards, next_step

#: Lesson pictures change name when they change, so a week's caching is safe.
MEDIA_MAX_AGE = 7 * 24 * 3600


def _user():
    return current_user if current_user.is_authenticated else None


def _reading() -> ReadingCache:
    """The app's cache of public pages, one per app (tests run several apps at once)."""
    return current_app.extensions.setdefault("lms.reading", ReadingCache())


def _way(session, user):
    """The module cards and, for a signed-in learner, the one next step."""
    rules = current_rules(session)
    by_id, by_slug = bests(session, user)
    cards = module_cards(catalogue(session, _reading(), user), by_id, rules)
    if user is None:
        return cards, None
    step = next_step(cards, by_slug, rules, quiz_titles(session))
    return cards, step


@bp.route("/", endpoint="catalogue")
def catalogue_page():
    cards, step = _way(db.session(), _user())
    return render_template("learn/catalogue.html", cards=cards, step=step)


@bp.route("/phan/<slug:module_slug>")
def module(module_slug: str):
    cards, _step = _way(db.session(), _user())
    card = next((c for c in cards if c.entry.module.slug == module_slug), None)
    if card is None:
        abort(404)
    return render_template("learn/module.html", card=card)


@bp.route("/bai/<slug:module_slug>/<slug:lesson_slug>")
def lesson(module_slug: str, lesson_slug: str):
    session = db.session()
    view = _reading().lesson(session, module_slug, lesson_slug)
    if view is None:
        abort(404)
    return render_template(
        "learn/lesson.html",
        lesson=view,
        revision=view,
        module=view.module,
        next_lesson=view.next,
        quizzes=view.module.quizzes,
        done=view.id in done_lesson_ids(session, _user()),
        share=lesson_card(view),
    )


@bp.route("/tu-dien")
def glossary():
    """The small dictionary lessons link their terms to; public like the lessons."""
    terms = glossary_terms(str(current_app.config["CONTENT_ROOT"]))
    return render_template("learn/glossary.html", terms=terms)


@bp.route("/static/lessons/<path:filename>")
def lesson_media(filename: str):
    """Pictures that belong to lessons live with the curriculum, wherever it is: in the
    database when a trainer uploaded them in the studio, else in the curriculum's files."""
    uploaded = stored_image(db.session(), f"/static/lessons/{filename}")
    if uploaded is not None:
        data, media_type = uploaded
        response = Response(data, mimetype=media_type)
        response.cache_control.public = True
        response.cache_control.max_age = MEDIA_MAX_AGE
        response.set_etag(hashlib.sha256(data).hexdigest()[:16])
        return response.make_conditional(request)
    folder = current_app.config["CONTENT_ROOT"] / "static" / "lessons"
    return send_from_directory(folder, filename, max_age=MEDIA_MAX_AGE)


@bp.route("/bai/<slug:module_slug>/<slug:lesson_slug>/da-hoc", methods=["POST"])
@login_required
def lesson_done(module_slug: str, lesson_slug: str):
    session = db.session()
    view = _reading().lesson(session, module_slug, lesson_slug)
    if view is None:
        abort(404)
    mark_done(session, current_user, view.id)
    following = view.next
    if following is not None and following.module_slug == module_slug:
        return redirect(url_for(".lesson", module_slug=module_slug, lesson_slug=following.slug))
    quizzes = view.module.quizzes
    if quizzes:
        flash(_("Bạn đã học xong các bài của phần này. Hãy làm bài kiểm tra!"), "success")
        return redirect(url_for(".quiz", slug=quizzes[0].slug))
    return redirect(url_for(".catalogue"))


@bp.route("/kiem-tra/<slug:slug>")
@login_required
def quiz(slug: str):
    session = db.session()
    found = find_quiz(session, slug)
    if found is None:
        abort(404)
    return _quiz_intro(session, found, _wait(session, found))


def _wait(session, found) -> int:
    minutes = current_app.config["QUIZ_RETRY_WAIT_MINUTES"]
    return retry_wait(session, current_user, found, minutes)


def _quiz_intro(session, found, wait: int, status: int = 200):
    revision = current_revision(session, "quiz", found.id)
    definition = quizcore.Quiz.from_dict(revision.definition)
    return render_template(
        "learn/quiz_intro.html",
        quiz=found,
        revision=revision,
        practical=definition.practical,
        pass_mark=current_rules(session).pass_mark(found.slug),
        attempts=attempts_for(session, current_user, found),
        wait=wait,
        study_url=url_for(".module", module_slug=definition.module)
        if definition.module
        else url_for(".catalogue"),
    ), status


@bp.route("/kiem-tra/<slug:slug>", methods=["POST"])
@login_required
def start_quiz(slug: str):
    session = db.session()
    found = find_quiz(session, slug)
    if found is None:
        abort(404)
    wait = _wait(session, found)
    if wait:
        return _quiz_intro(session, found, wait, status=429)  # the page says how long
    attempt = open_attempt(session, current_user, found)
    return redirect(url_for(".attempt", attempt_id=attempt.id))


def _own_attempt(attempt_id: int):
    attempt = find_attempt(db.session(), current_user, attempt_id)
    if attempt is None:
        abort(404)  # someone else's attempt looks exactly like a missing one
    return attempt


@bp.route("/lam-bai/<int(max=2147483647):attempt_id>")
@login_required
def attempt(attempt_id: int):
    found = _own_attempt(attempt_id)
    if found.submitted_at is not None:
        return redirect(url_for(".result", attempt_id=found.id))
    if is_expired(found):
        return _too_late_page(found)
    if quiz_of(found).practical is not None:
        return step_page(found)
    return _attempt_page(found, {}, [])


def _too_late_page(found):
    return render_template("learn/too_late.html", attempt=found, slug=found.revision.quiz.slug), 409


def _attempt_page(found, given, unanswered, status=200):
    quiz = quiz_of(found)
    return render_template(
        "learn/attempt.html",
        attempt=found,
        quiz=quiz,
        questions=quizcore.present(quiz, found.seed),
        given=given,
        unanswered=set(unanswered),
        unanswered_numbers=[n for n, q in enumerate(quiz.questions, 1) if q.id in unanswered],
        deadline=deadline(found),
    ), status


@bp.route("/lam-bai/<int(max=2147483647):attempt_id>", methods=["POST"])
@login_required
def submit_attempt(attempt_id: int):
    found = _own_attempt(attempt_id)
    if found.submitted_at is None and quiz_of(found).practical is not None:
        try:
            return save_and_continue(found, current_user)
        except TooLate:
            return _too_late_page(found)
    form = request.form.to_dict(flat=False)
    try:
        outcome = submit(
            db.session(), current_user, found, form, allow_unanswered="nop-thieu" in request.form
        )
    except AlreadySubmitted:
        return render_template("learn/already_submitted.html", attempt=found), 409
    except TooLate:
        return _too_late_page(found)
    if not outcome.accepted:
        return _attempt_page(found, form, outcome.unanswered, status=422)
    return redirect(url_for(".result", attempt_id=found.id))


@bp.route("/lam-bai/<int(max=2147483647):attempt_id>/ket-qua")
@login_required
def result(attempt_id: int):
    found = _own_attempt(attempt_id)
    if found.submitted_at is None:
        return redirect(url_for(".attempt", attempt_id=found.id))
    quiz = quiz_of(found)
    return render_template(
        "learn/result.html",
        attempt=found,
        quiz=quiz,
        slug=found.revision.quiz.slug,
        reviews=quizcore.review(quiz, found.answers or {}, found.seed),
        # Where an unanswered question sends the learner instead of its key: the module's
        # lessons (no per-question lesson mapping exists).
        study_url=url_for(".module", module_slug=quiz.module)
        if quiz.module
        else url_for(".catalogue"),
        pass_mark=current_rules(db.session()).pass_mark(found.revision.quiz.slug),
        # After two failures in a row the retake waits: say so here, not after a click.
        wait=_wait(db.session(), found.revision.quiz),
    )


@bp.route("/tien-do")
@login_required
def progress():
    session = db.session()
    rules = current_rules(session)
    statuses = stored_levels(session, current_user, rules)
    _cards, step = _way(session, current_user)
    return render_template(
        "learn/progress.html",
        statuses=statuses,
        levels=level_views(statuses, rules),
        step=step,
        rules=rules,
        points=current_user.criterion_points,
        confirmed=confirmations.in_force(session, current_user),
        quiz_titles=quiz_titles(session),
        modules=catalogue(session, _reading(), current_user),
    )
