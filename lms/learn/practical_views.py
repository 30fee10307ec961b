"""Pages of a practical test: one simulated screen per step, plain HTML forms."""

import os

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..inputs import small_int
from ..quiz.practical import (
    IMAGE,
    MAX_IMAGE_BYTES,
    NOT_AN_IMAGE,
    NOT_CONFIRMED,
    RULE_BROKEN,
    SAME_AS_OLD,
    TOO_BIG,
    accept_step,
    fill,
    forget_secrets,
    read_step,
    task_values,
)
from ..web import db
from .attempts import AlreadySubmitted, quiz_of, save_step, submit


def _context(attempt):
    quiz = quiz_of(attempt)
    question = quiz.practical
    values = task_values(question.variables, attempt.seed, question.id)
    saved = (attempt.answers or {}).get(question.id) or {}
    return quiz, question, values, saved


def _step_number(question, saved, requested: str | None) -> int:
    """1-based step to show: the one asked for, else the first not yet filled in."""
    number = small_int(requested, max_digits=3)
    if number is not None and 1 <= number <= len(question.steps):
        return number
    for number, step in enumerate(question.steps, start=1):
        if step.id not in saved:
            return number
    return len(question.steps)


def _site_messages() -> dict[str, str]:
    """The simulated site's refusals, in the interface language."""
    return {
        RULE_BROKEN: _(
            "Mật khẩu phải dài từ 8 đến 20 ký tự, có ít nhất một chữ số và một ký tự đặc biệt."
        ),
        SAME_AS_OLD: _("Mật khẩu mới phải khác mật khẩu hiện tại."),
        NOT_CONFIRMED: _("Mật khẩu nhập lại không khớp với mật khẩu mới."),
        NOT_AN_IMAGE: _("Tệp đính kèm phải là ảnh (PNG, JPEG, WebP hoặc GIF)."),
        TOO_BIG: _("Ảnh quá lớn: tối đa 10 MB. Hãy chọn ảnh nhỏ hơn."),
    }


def _prefilled(step, values, entries):
    """What each field shows: the learner's saved entry, else the site's pre-filled value."""
    shown = {f.name: fill(f.prefill, values) for f in step.fields if f.prefill}
    shown.update({k: v for k, v in (entries or {}).items() if v})
    return shown


#: A practical step may carry one phone photo (up to MAX_IMAGE_BYTES) besides its form.
UPLOAD_REQUEST_LIMIT = MAX_IMAGE_BYTES + 256 * 1024


def allow_photo_upload() -> None:
    """Before every request, ahead of the CSRF check (which reads the form): the one
    page that takes a photo may receive a bigger body than the site's usual limit.

    The file is spooled by Werkzeug, judged by its first bytes and size, and dropped."""
    if request.method == "POST" and request.endpoint == "learn.submit_attempt":
        request.max_content_length = UPLOAD_REQUEST_LIMIT


def step_page(attempt, status: int = 200, number: int | None = None, entries=None, errors=()):
    quiz, question, values, saved = _context(attempt)
    if number is None:
        number = _step_number(question, saved, request.args.get("buoc"))
    step = question.steps[number - 1]
    if entries is None:
        entries = saved.get(step.id, {})
    return render_template(
        "learn/practical.html",
        attempt=attempt,
        quiz=quiz,
        # Author HTML was sanitized at import; task values are escaped by fill().
        task_html=fill(question.html, values, html=True),
        screen_html=fill(step.screen_html, values, html=True),
        step=step,
        number=number,
        count=len(question.steps),
        entries=_prefilled(step, values, entries),
        errors=errors,
        upload=any(f.kind == IMAGE for f in step.fields),
    ), status


def save_and_continue(attempt, user):
    _quiz, question, values, saved = _context(attempt)
    step_id = request.form.get("buoc", "")
    steps = {step.id: index for index, step in enumerate(question.steps, start=1)}
    if step_id not in steps:
        flash(_("Không rõ bạn đang ở bước nào. Vui lòng làm tiếp từ bước này."), "error")
        return redirect(url_for("learn.attempt", attempt_id=attempt.id))
    step = question.steps[steps[step_id] - 1]
    entries = read_step(step, request.form.to_dict(flat=False))
    uploads = {}
    for field in step.fields:
        file = request.files.get(f"f-{field.name}") if field.kind == IMAGE else None
        if file is not None and file.filename:
            # Judged by its first bytes and its size; the rest is never read or kept.
            head = file.stream.read(16)
            file.stream.seek(0, os.SEEK_END)
            uploads[field.name] = (head, file.stream.tell())
            file.close()  # a big photo was spooled to a temporary file: gone now
        elif field.kind == IMAGE:
            uploads[field.name] = None
    kept, errors = accept_step(step, entries, uploads, values, saved)
    if errors:
        messages = _site_messages()
        # Typed passwords are never sent back into the page.
        shown = {k: v for k, v in entries.items() if "password" not in _kind(step, k)}
        return step_page(attempt, 422, steps[step_id], shown, [messages[e] for e in errors])
    session = db.session()
    try:
        save_step(session, attempt, step_id, kept)
        empty = [field.label for field in step.fields if not (kept.get(field.name) or "").strip()]
        if empty:
            flash(
                _(
                    "Bạn để trống: %(fields)s. Bài vẫn được ghi nhận như bạn đã điền; bạn có "
                    "thể quay lại bước này để sửa trước khi nộp.",
                    fields=", ".join(empty),
                ),
                "info",
            )
        if steps[step_id] < len(question.steps):
            return redirect(
                url_for("learn.attempt", attempt_id=attempt.id, buoc=steps[step_id] + 1)
            )
        missing = [s.title for s in question.steps if s.id not in saved and s.id != step_id]
        if missing:
            flash(
                _(
                    "Bạn chưa làm: %(steps)s. Bài được chấm như bạn đã làm; các bước này tính "
                    "là sai.",
                    steps=", ".join(missing),
                ),
                "info",
            )
        # The new password's digest served the sign-in step; it is not kept past here.
        for saved_id, cleaned in forget_secrets(question, attempt.answers[question.id]).items():
            save_step(session, attempt, saved_id, cleaned)
        submit(session, user, attempt, {}, allow_unanswered=True)
    except AlreadySubmitted:
        return render_template("learn/already_submitted.html", attempt=attempt), 409
    return redirect(url_for("learn.result", attempt_id=attempt.id))


def _kind(step, name: str) -> str:
    return next((f.kind for f in step.fields if f.name == name), "")
