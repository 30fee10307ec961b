"""Revision history for lessons and quizzes: who saved what and when, the words changed
between any two revisions, restoring an old one as a new draft, publishing a draft."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..models import DRAFT, Quiz
from ..publishing import ContentProblems, publish
from ..publishing.diff import word_diff
from ..publishing.editing import find_lesson
from ..publishing.history import CannotRestore, history, restore, revision, revision_text
from ..web import db
from ..web.permissions import IsTrainer, require
from . import bp

LESSON_HISTORY = "/bai-hoc/<slug:module_slug>/<slug:lesson_slug>/lich-su"
QUIZ_HISTORY = "/cau-hoi/<slug:slug>/lich-su"


def _lesson(module_slug: str, lesson_slug: str):
    lesson = find_lesson(db.session(), module_slug, lesson_slug)
    if lesson is None:
        abort(404)
    return lesson


def _quiz(slug: str) -> Quiz:
    quiz = db.session().scalar(select(Quiz).where(Quiz.slug == slug))
    if quiz is None:
        abort(404)
    return quiz


def _number(name: str) -> int | None:
    text = request.args.get(name, "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 9 else None


def _history_page(kind: str, owner, links: dict, problems=(), status: int = 200):
    session = db.session()
    rows = history(session, kind, owner)
    numbers = [row.number for row in rows]
    older = _number("tu") or (numbers[1] if len(numbers) > 1 else None)
    newer = _number("den") or (numbers[0] if numbers else None)
    comparison = None
    if older is not None and newer is not None and older != newer:
        before, after = revision(session, kind, owner, older), revision(session, kind, owner, newer)
        if before is None or after is None:
            abort(404)
        comparison = {
            "older": older,
            "newer": newer,
            "diff": word_diff(revision_text(before), revision_text(after)),
        }
    return render_template(
        "studio/history.html",
        kind=kind,
        owner=owner,
        rows=rows,
        comparison=comparison,
        older=older,
        newer=newer,
        problems=list(problems),
        **links,
    ), status


def _lesson_links(lesson) -> dict:
    args = {"module_slug": lesson.module.slug, "lesson_slug": lesson.slug}
    return {
        "title": _("Lịch sử bài học"),
        "subject": lesson.module.slug + "/" + lesson.slug,
        "here": url_for(".lesson_history", **args),
        "restore_url": lambda n: url_for(".restore_lesson", number=n, **args),
        "publish_url": lambda n: url_for(".publish_lesson_revision", number=n, **args),
        "edit_url": url_for(".edit_lesson", **args),
        "back_url": url_for(".lessons"),
    }


def _quiz_links(quiz) -> dict:
    return {
        "title": _("Lịch sử bài kiểm tra"),
        "subject": quiz.slug,
        "here": url_for(".quiz_history", slug=quiz.slug),
        "restore_url": lambda n: url_for(".restore_quiz", number=n, slug=quiz.slug),
        "publish_url": lambda n: url_for(".publish_quiz_revision", number=n, slug=quiz.slug),
        "edit_url": None,
        "back_url": url_for(".home"),
    }


@bp.route(LESSON_HISTORY)
@require(IsTrainer)
def lesson_history(module_slug: str, lesson_slug: str):
    lesson = _lesson(module_slug, lesson_slug)
    return _history_page("lesson", lesson, _lesson_links(lesson))


@bp.route(QUIZ_HISTORY)
@require(IsTrainer)
def quiz_history(slug: str):
    quiz = _quiz(slug)
    return _history_page("quiz", quiz, _quiz_links(quiz))


def _restore(kind: str, owner, links: dict, number: int):
    try:
        made = restore(
            db.session(),
            kind,
            owner,
            number,
            current_user,
            static_root=current_app.config["CONTENT_ROOT"] / "static",
        )
    except CannotRestore:
        message = _(
            "Bản %(number)s được nhập từ trước khi trang lưu văn bản gốc nên không khôi phục được.",
            number=number,
        )
        return _history_page(kind, owner, links, [message], 422)
    except ContentProblems as error:
        heading = _("Bản %(number)s không còn qua được bước kiểm tra hôm nay:", number=number)
        messages = [heading] + [
            _("Dòng %(line)s: %(message)s", line=p.line, message=p.message) for p in error.problems
        ]
        return _history_page(kind, owner, links, messages, 422)
    if made is None:
        abort(404)
    flash(
        _("Đã khôi phục bản %(old)s thành bản nháp mới %(new)s.", old=number, new=made.number),
        "success",
    )
    return redirect(links["edit_url"] or links["here"])


@bp.route(LESSON_HISTORY + "/<int:number>/khoi-phuc", methods=["POST"])
@require(IsTrainer)
def restore_lesson(module_slug: str, lesson_slug: str, number: int):
    lesson = _lesson(module_slug, lesson_slug)
    return _restore("lesson", lesson, _lesson_links(lesson), number)


@bp.route(QUIZ_HISTORY + "/<int:number>/khoi-phuc", methods=["POST"])
@require(IsTrainer)
def restore_quiz(slug: str, number: int):
    quiz = _quiz(slug)
    return _restore("quiz", quiz, _quiz_links(quiz), number)


def _publish(kind: str, owner, links: dict, number: int):
    found = revision(db.session(), kind, owner, number)
    if found is None:
        abort(404)
    if found.state == DRAFT:
        publish(db.session(), found)
        flash(_("Đã đăng bản %(number)s.", number=number), "success")
    return redirect(links["here"])


@bp.route(LESSON_HISTORY + "/<int:number>/dang", methods=["POST"])
@require(IsTrainer)
def publish_lesson_revision(module_slug: str, lesson_slug: str, number: int):
    lesson = _lesson(module_slug, lesson_slug)
    return _publish("lesson", lesson, _lesson_links(lesson), number)


@bp.route(QUIZ_HISTORY + "/<int:number>/dang", methods=["POST"])
@require(IsTrainer)
def publish_quiz_revision(slug: str, number: int):
    quiz = _quiz(slug)
    return _publish("quiz", quiz, _quiz_links(quiz), number)
