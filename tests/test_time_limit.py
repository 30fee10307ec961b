"""Quizzes with a time limit: the deadline is shown and enforced on the server."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lms.content import load_curriculum
from lms.models import Attempt
from lms.web import db
from lms.web.site import vn_datetime

from .factories import age
from .paths import TIMED
from .people import answer_phone_quiz, csrf_from


def stored(app) -> SimpleNamespace:
    """The first attempt as stored, read in a context of its own."""
    with app.app_context():
        attempt = db.session().scalar(select(Attempt).order_by(Attempt.id))
        names = ("started_at", "submitted_at", "score", "passed", "answers")
        return SimpleNamespace(**{name: getattr(attempt, name) for name in names})


def test_the_time_limit_is_stored_with_the_revision(timed_root):
    curriculum = load_curriculum(timed_root)
    quiz = next(q for q in curriculum.quizzes if q.slug == "dien-thoai").quiz
    assert quiz.time_limit_minutes == 10
    assert quiz.to_dict()["time_limit_minutes"] == 10


@pytest.mark.parametrize("value", ["0", "181", "mười", "true", "2.5"])
def test_a_bad_time_limit_names_file_and_line(timed_root, value):
    quiz = timed_root / "quizzes" / "dien-thoai.yaml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace(TIMED, f"time_limit_minutes: {value}\n")
    )
    found = [str(p) for p in load_curriculum(timed_root).problems]
    assert found == [
        "quizzes/dien-thoai.yaml:4: 'time_limit_minutes' phải là số phút, số nguyên từ 1 đến 180"
    ]


def test_the_deadline_is_shown(timed):
    assert "làm trong 10 phút" in timed.client.get("/kiem-tra/dien-thoai").get_data(as_text=True)
    url = timed.start_quiz("dien-thoai")
    html = timed.client.get(url).get_data(as_text=True)
    attempt = stored(timed.app)
    assert "Bài này làm trong 10 phút" in html
    assert f"Hạn nộp: <strong>{vn_datetime(attempt.started_at + timedelta(minutes=10))}" in html


def test_answers_within_the_grace_are_accepted(timed):
    url = timed.start_quiz("dien-thoai")
    answers = answer_phone_quiz(timed, url)
    age(timed.app, 11)  # a minute late: a slow upload
    assert timed.submit(url, answers).status_code == 302
    assert stored(timed.app).score == 100


def test_late_answers_are_refused_and_the_attempt_closed_at_the_deadline(timed):
    url = timed.start_quiz("dien-thoai")
    answers = answer_phone_quiz(timed, url)
    age(timed.app, 13)
    response = timed.submit(url, answers)
    assert response.status_code == 409
    assert "Đã hết giờ làm bài" in response.get_data(as_text=True)
    attempt = stored(timed.app)
    assert attempt.submitted_at == attempt.started_at + timedelta(minutes=10)
    assert (attempt.score, attempt.passed, attempt.answers) == (0, False, {})
    token = csrf_from(timed.client.get("/").get_data(as_text=True))
    again = timed.client.post(url, data={"csrf_token": token, **answers})  # a replay
    assert again.status_code == 409
    assert stored(timed.app).score == 0


def test_an_expired_attempt_page_changes_nothing_and_a_retake_starts_afresh(timed):
    url = timed.start_quiz("dien-thoai")
    age(timed.app, 60)
    response = timed.client.get(url)
    assert response.status_code == 409 and "Làm lại bài kiểm tra" in response.get_data(as_text=True)
    assert stored(timed.app).submitted_at is None  # a GET changes nothing
    second = timed.start_quiz("dien-thoai")
    assert second != url
    assert stored(timed.app).submitted_at is not None  # the old one was closed
    assert timed.submit(second, answer_phone_quiz(timed, second)).status_code == 302


def test_quizzes_without_a_limit_have_no_deadline(learner):
    url = learner.start_quiz("an-toan")
    assert "Hạn nộp" not in learner.client.get(url).get_data(as_text=True)
