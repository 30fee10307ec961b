"""Quizzes in the studio: the list, the editor (a form per question, no raw YAML) and
the import of Moodle question banks (GIFT, Aiken). Logic lives in
:mod:`lms.studio.quiz_editing` and :mod:`lms.publishing.question_banks`."""

from pathlib import PurePath

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..content.lessons import SLUG
from ..content.quiz_text import read_quiz
from ..models import Module, Quiz
from ..publishing import current_revision
from ..publishing.question_banks import BankRefused, import_bank
from ..quiz import TYPES
from ..web import db
from ..web.i18n import N_
from ..web.permissions import IsTrainer, require
from . import bp
from .quiz_editing import (
    FORM_FIELDS,
    FORM_TYPES,
    Editor,
    StaleSave,
    act,
    blank_question,
    choice_rows,
    editor_for,
    from_form,
    is_practical,
    problems_of_question,
    quiz_level_problems,
    save_editor,
)

#: The largest bank a trainer may upload (a few hundred questions fit in far less).
BANK_LIMIT = 100 * 1024
#: Moodle's kinds we do not import, as a trainer knows them.
KINDS = {
    "essay": N_("tự luận"),
    "short answer": N_("trả lời ngắn"),
    "numerical": N_("điền số"),
    "matching": N_("ghép đôi"),
    "description": N_("đoạn giới thiệu không có đáp án"),
}


@bp.route("/cau-hoi")
@require(IsTrainer)
def quizzes():
    session = db.session()
    rows = []
    for quiz in session.scalars(select(Quiz).order_by(Quiz.slug)):
        newest = current_revision(session, "quiz", quiz.id, include_drafts=True)
        rows.append((quiz, newest))
    return render_template("studio/quizzes.html", rows=rows)


@bp.route("/cau-hoi/moi", methods=["GET", "POST"])
@require(IsTrainer)
def new_quiz():
    if request.method == "GET":
        editor = Editor({"title": "", "questions": [blank_question(set())]})
        return _page(editor, new=True)
    return _posted(new=True)


@bp.route("/cau-hoi/<slug>", methods=["GET", "POST"])
@require(IsTrainer)
def edit_quiz(slug: str):
    quiz = db.session().scalar(select(Quiz).where(Quiz.slug == slug))
    if quiz is None:
        abort(404)
    editor = editor_for(db.session(), quiz)
    if editor is None or is_practical(editor.quiz):
        status = 422 if request.method == "POST" else 200
        page = render_template("studio/quiz_practical.html", quiz=quiz, no_text=editor is None)
        return page, status
    if request.method == "GET":
        return _page(editor)
    return _posted(slug=slug)


def _posted(slug: str | None = None, new: bool = False):
    editor = from_form(request.form)
    if slug:
        editor.slug = slug
    action = request.form.get("action", "")
    if action not in ("save", "publish"):
        act(editor, action)
        return _page(editor, new=new)
    try:
        revision = save_editor(
            db.session(), editor, current_user, publish=action == "publish", new=new
        )
    except StaleSave as stale:
        editor.base = stale.newest.number
        other = read_quiz(stale.newest.source_text or "")
        return _page(editor, new=new, stale=stale, other=other), 409
    if revision is None:
        return _page(editor, new=new), 422
    if action == "publish":
        flash(_("Đã xuất bản bản %(number)s. Người học thấy ngay bản này.", number=revision.number))
    else:
        flash(
            _(
                "Đã lưu bản nháp %(number)s. Người học chưa thấy bản này cho đến khi bạn xuất bản.",
                number=revision.number,
            )
        )
    return redirect(url_for("studio.edit_quiz", slug=editor.slug))


def _page(editor: Editor, new: bool = False, stale=None, other=None):
    modules = db.session().execute(
        select(Module.slug, Module.title).where(Module.active).order_by(Module.position)
    )
    questions = [
        {
            "data": question,
            "rows": choice_rows(question),
            "problems": problems_of_question(editor, index),
        }
        for index, question in enumerate(editor.quiz["questions"])
    ]
    return render_template(
        "studio/quiz_edit.html",
        editor=editor,
        new=new,
        questions=questions,
        quiz_problems=quiz_level_problems(editor),
        modules=list(modules),
        types=[(name, TYPES[name].label) for name in FORM_TYPES],
        form_fields=FORM_FIELDS,
        stale=stale,
        other=other,
    )


@bp.route("/cau-hoi/nhap", methods=["GET", "POST"])
@require(IsTrainer)
def import_questions():
    session = db.session()
    slugs = list(session.scalars(select(Quiz.slug).order_by(Quiz.slug)))
    form = {
        "format": request.form.get("format", "gift"),
        "into": request.form.get("into", ""),
        "new_slug": request.form.get("new_slug", "").strip(),
        "title": request.form.get("title", "").strip(),
        "skip": request.form.get("skip") == "1",
        "filename": request.form.get("filename", ""),
    }
    page = {"form": form, "slugs": slugs, "kinds": KINDS, "field_errors": {}}
    if request.method == "GET":
        return render_template("studio/quiz_import.html", **page)
    errors = page["field_errors"]
    upload = request.files.get("file")
    data: bytes | None = None
    if upload and upload.filename:
        data = upload.stream.read(BANK_LIMIT + 1)
        form["filename"] = PurePath(upload.filename.replace("\\", "/")).name[:100]
    elif request.form.get("bank_text"):
        data = request.form["bank_text"].encode("utf-8")
    if data is not None and len(data) > BANK_LIMIT:
        errors["file"] = _(
            "Tệp lớn quá %(size)s KB. Hãy chia ngân hàng câu hỏi thành nhiều tệp nhỏ hơn.",
            size=BANK_LIMIT // 1024,
        )
        return render_template("studio/quiz_import.html", **page), 413
    if not data:
        errors["file"] = _("Bạn chưa chọn tệp câu hỏi.")
    if form["format"] not in ("gift", "aiken"):
        errors["format"] = _("Hãy chọn GIFT hoặc Aiken.")
    slug = form["into"] or form["new_slug"]
    if not slug:
        errors["new_slug"] = _("Hãy chọn một bài có sẵn hoặc đặt tên cho bài mới.")
    elif form["into"] and form["into"] not in slugs:
        errors["into"] = _("Không có bài kiểm tra này.")
    elif not form["into"] and not SLUG.match(form["new_slug"]):
        errors["new_slug"] = _(
            "Tên viết tắt chỉ gồm chữ thường không dấu, số và dấu gạch ngang,"
            " ví dụ: lop-thang-binh."
        )
    elif not form["into"] and form["new_slug"] in slugs:
        errors["new_slug"] = _("Đã có bài kiểm tra tên này: hãy chọn bài đó ở ô trên.")
    if errors:
        return render_template("studio/quiz_import.html", **page), 422
    preview = request.form.get("action") != "import"
    try:
        report = import_bank(
            session,
            data,
            form["format"],
            slug,
            filename=form["filename"] or "tệp",
            skip_unsupported=form["skip"],
            author=current_user,
            note=f"nhập từ {form['filename'] or 'tệp'}",
            title=form["title"] or None,
            dry_run=preview,
        )
    except BankRefused as refused:
        page["report"] = refused.report
        try:  # kept in the page, so ticking "skip" and sending again needs no new upload
            page["text"] = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        return render_template("studio/quiz_import.html", **page), 422
    if preview:
        page.update(report=report, preview=True, slug=slug, text=data.decode("utf-8-sig"))
        return render_template("studio/quiz_import.html", **page)
    flash(
        _(
            "Đã nhập %(count)s câu hỏi vào bản nháp %(number)s. Người học chưa thấy các câu"
            " này cho đến khi bạn xuất bản.",
            count=report.imported,
            number=report.revision.number,
        )
    )
    return redirect(url_for("studio.edit_quiz", slug=slug))
