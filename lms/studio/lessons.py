"""Lessons and modules in the studio: list, write with a preview, save as a draft or
publish. Everything is saved through lms.publishing, like the file import."""

from itertools import groupby

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..models import Module
from ..publishing import ContentProblems
from ..publishing.diff import word_diff
from ..publishing.editing import (
    EditConflict,
    find_lesson,
    lesson_fields,
    lesson_text,
    lessons_for_studio,
    newest_lesson_revision,
    place_problems,
    preview_lesson,
    save_lesson_edit,
)
from ..publishing.history import revision_text
from ..publishing.modules import modules_for_studio, next_position, save_module
from ..web import db
from ..web.forms import keeps_input_on_stale_form
from ..web.permissions import IsTrainer, require
from . import bp
from .lesson_forms import LessonForm, ModuleForm, NewLessonForm, NewModuleForm

PREVIEW, DRAFT, PUBLISH = "preview", "draft", "publish"


def _static_root():
    return current_app.config["CONTENT_ROOT"] / "static"


@bp.route("/bai-hoc")
@require(IsTrainer)
def lessons():
    rows = lessons_for_studio(db.session())
    groups = [(module, list(group)) for module, group in groupby(rows, lambda row: row.module)]
    return render_template("studio/lessons.html", groups=groups)


@bp.route("/bai-hoc/moi", methods=["GET", "POST"])
@require(IsTrainer)
@keeps_input_on_stale_form
def new_lesson():
    session = db.session()
    form = NewLessonForm()
    modules = session.scalars(select(Module).order_by(Module.position, Module.slug)).all()
    form.module.choices = [("", _("— Chọn phần —"))] + [(m.slug, m.title) for m in modules]
    if request.method == "GET":
        form.based_on.data = "0"
        form.module.data = request.args.get("phan", "")
    return _editor(form, None, None)


@bp.route("/bai-hoc/<slug:module_slug>/<slug:lesson_slug>", methods=["GET", "POST"])
@require(IsTrainer)
@keeps_input_on_stale_form
def edit_lesson(module_slug: str, lesson_slug: str):
    session = db.session()
    lesson = find_lesson(session, module_slug, lesson_slug)
    if lesson is None:
        abort(404)
    form = LessonForm()
    if request.method == "GET":
        newest = newest_lesson_revision(session, lesson)
        form.fill(lesson_fields(newest.source_text, newest))
        form.based_on.data = str(newest.number)
    return _editor(form, module_slug, lesson_slug)


def _editor(form: LessonForm, module_slug: str | None, lesson_slug: str | None):
    """The editor page; on POST: preview, or save (draft or published) and go back."""
    page = {"form": form, "module_slug": module_slug, "lesson_slug": lesson_slug}
    if module_slug is not None:
        lesson = find_lesson(db.session(), module_slug, lesson_slug)
        page["lesson_is_public"] = lesson is not None and lesson.current_number > 0
    if request.method != "POST":
        return _page(page, 200)
    if not form.validate_on_submit():
        return _page(page, 422)
    if module_slug is None:
        module_slug, lesson_slug = form.module.data, form.slug.data
        if find_lesson(db.session(), module_slug, lesson_slug) is not None:
            form.slug.errors = [_("Phần này đã có bài tên như vậy; hãy chọn tên khác.")]
            return _page(page, 422)
    based_on = form.based_on_number()
    if based_on is None:
        page["general"] = [_("Trang soạn bài thiếu số bản gốc. Vui lòng mở lại trang soạn.")]
        return _page(page, 422)
    text = lesson_text(form.fields())
    source, problems = preview_lesson(text, module_slug, lesson_slug, _static_root())
    _put_on_fields(form, problems)
    action = request.form.get("action", DRAFT)
    if action == PREVIEW or problems:
        page.update(preview_html=source.html if source else None, problems=problems)
        return _page(page, 422 if problems else 200)
    session = db.session()
    try:
        revision, changed = save_lesson_edit(
            session,
            module_slug,
            lesson_slug,
            text.text,
            author=current_user,
            note=form.note.data or "",
            publish_now=action == PUBLISH,
            based_on=based_on,
            static_root=_static_root(),
        )
    except ContentProblems as error:
        page["problems"] = place_problems(error.problems, text)
        _put_on_fields(form, page["problems"])
        return _page(page, 422)
    except EditConflict as conflict:
        theirs = revision_text(conflict.newest)
        form.based_on.data = str(conflict.newest.number)  # saving again keeps this text
        page["conflict"] = {
            "number": conflict.newest.number,
            "who": conflict.author.display_name if conflict.author else None,
            "when": conflict.newest.created_at,
            "theirs": theirs,
            "diff": word_diff(theirs, text.text),
        }
        return _page(page, 409)
    if not changed:
        flash(_("Bài không có gì thay đổi nên chưa lưu bản mới."), "info")
    elif revision.state == "published":
        flash(
            _(
                "Đã lưu và đăng bản %(number)s. Người học thấy bài mới ngay.",
                number=revision.number,
            ),
            "success",
        )
    else:
        flash(
            _("Đã lưu bản nháp %(number)s. Người học chưa thấy bản này.", number=revision.number),
            "success",
        )
    return redirect(url_for(".edit_lesson", module_slug=module_slug, lesson_slug=lesson_slug))


def _put_on_fields(form: LessonForm, problems) -> None:
    """Problems in the front matter go next to their field; body lines stay with the body."""
    for name, items in problems.fields.items():
        if name != "body" and name in form:
            form[name].errors = [*form[name].errors, *(message for _line, message in items)]


def _page(page: dict, status: int):
    return render_template("studio/lesson_edit.html", **page), status


@bp.route("/bai-hoc/xem-truoc", methods=["POST"])
@require(IsTrainer)
def preview_lesson_fragment():
    """The live preview: the form's text rendered as learners would get it, and its
    problems; an HTML fragment for static/js/studio-preview.js. Saves nothing."""
    form = LessonForm()
    module_slug = request.form.get("module") or request.form.get("module_slug") or "bai-moi"
    lesson_slug = request.form.get("slug") or request.form.get("lesson_slug") or "bai-moi"
    text = lesson_text(form.fields())
    source, problems = preview_lesson(text, module_slug, lesson_slug, _static_root())
    labels = {name: form[name].label.text for name in ("title", "summary", "domain", "audio")}
    html = render_template(
        "studio/lesson_preview.html",
        preview_html=source.html if source else None,
        fragment_problems=problems,
        labels=labels,
    )
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}


@bp.route("/phan")
@require(IsTrainer)
def modules():
    return render_template("studio/modules.html", rows=modules_for_studio(db.session()))


@bp.route("/phan/moi", methods=["GET", "POST"])
@require(IsTrainer)
@keeps_input_on_stale_form
def new_module():
    session = db.session()
    form = NewModuleForm()
    if request.method == "GET":
        form.position.data = next_position(session)
    return _module_editor(form, None)


@bp.route("/phan/<slug:module_slug>", methods=["GET", "POST"])
@require(IsTrainer)
@keeps_input_on_stale_form
def edit_module(module_slug: str):
    session = db.session()
    module = session.scalar(select(Module).where(Module.slug == module_slug))
    if module is None:
        abort(404)
    form = ModuleForm(obj=module if request.method == "GET" else None)
    return _module_editor(form, module)


def _module_editor(form: ModuleForm, module: Module | None):
    page = {"form": form, "module": module, "general": []}
    if request.method != "POST":
        return render_template("studio/module_edit.html", **page)
    if not form.validate_on_submit():
        return render_template("studio/module_edit.html", **page), 422
    slug = module.slug if module else form.slug.data
    try:
        save_module(db.session(), slug, form.fields(), new=module is None)
    except ContentProblems as error:
        page["general"] = [problem.message for problem in error.problems]
        return render_template("studio/module_edit.html", **page), 422
    flash(_("Đã lưu phần “%(title)s”.", title=form.title.data), "success")
    return redirect(url_for(".modules"))
