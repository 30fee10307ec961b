"""Pages of a practical test: one simulated screen per step, plain HTML forms."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..inputs import small_int
from ..quiz.practical import fill, read_step, task_values, withhold
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


def step_page(attempt, status: int = 200):
    quiz, question, values, saved = _context(attempt)
    number = _step_number(question, saved, request.args.get("buoc"))
    step = question.steps[number - 1]
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
        entries=saved.get(step.id, {}),
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
    session = db.session()
    try:
        save_step(session, attempt, step_id, withhold(step, entries, values))
        empty = [field.label for field in step.fields if not entries[field.name].strip()]
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
        submit(session, user, attempt, {}, allow_unanswered=True)
    except AlreadySubmitted:
        return render_template("learn/already_submitted.html", attempt=attempt), 409
    return redirect(url_for("learn.result", attempt_id=attempt.id))
