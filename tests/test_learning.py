"""The learner's path: catalogue, lessons, quizzes graded on the server, progress."""

import re
from datetime import datetime

from sqlalchemy import delete, func, select, update

from lms.models import Attempt, CriterionStatus, LessonProgress, User

from .answers import attempt_quiz, practical_steps
from .people import answer_phone_quiz, csrf_from


def test_catalogue_lists_modules_and_each_module_page_its_lessons(client):
    html = client.get("/").get_data(as_text=True)
    assert "Làm quen với điện thoại" in html and "An toàn trên mạng" in html
    assert "Bật và tắt điện thoại" not in html  # lessons are on the module's own page
    assert 'href="/phan/dien-thoai"' in html
    module = client.get("/phan/dien-thoai").get_data(as_text=True)
    assert module.index("Bật và tắt điện thoại") < module.index("Kết nối Wi-Fi")
    assert "1 phút" in module
    assert client.get("/phan/khong-co").status_code == 404


def test_lessons_are_public_with_a_next_lesson_link(client):
    response = client.get("/bai/dien-thoai/bat-tat-may")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Bật và tắt điện thoại</h1>" in html
    assert '<div class="ghi-nho">' in html
    assert 'href="/bai/dien-thoai/ket-noi-wifi"' in html


def test_last_lesson_of_a_module_leads_into_the_next_module(client):
    html = client.get("/bai/dien-thoai/ket-noi-wifi").get_data(as_text=True)
    assert 'href="/bai/an-toan/ma-otp"' in html


def test_unknown_lesson_is_a_vietnamese_404(client):
    response = client.get("/bai/dien-thoai/khong-co")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_marking_a_lesson_done_shows_on_the_catalogue(learner, session):
    response = learner.post_form(
        "/bai/dien-thoai/bat-tat-may", {}, action="/bai/dien-thoai/bat-tat-may/da-hoc"
    )
    assert response.headers["Location"] == "/bai/dien-thoai/ket-noi-wifi"
    learner.post_form(
        "/bai/dien-thoai/bat-tat-may", {}, action="/bai/dien-thoai/bat-tat-may/da-hoc"
    )  # twice: still one mark
    assert session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    home = learner.client.get("/").get_data(as_text=True)
    assert "Đã học 1/2 bài" in home
    assert 'href="/bai/dien-thoai/ket-noi-wifi">Học tiếp' in home


def test_quizzes_need_an_account(client):
    response = client.get("/kiem-tra/dien-thoai")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_the_attempt_page_never_contains_the_answers(learner):
    html = learner.client.get(learner.start_quiz("dien-thoai")).get_data(as_text=True)
    assert "correct" not in html and "Nút nguồn phải được" not in html  # nor explanations
    assert 'value="true"' in html and 'value="false"' in html  # true/false is a fair choice


def test_a_right_quiz_earns_kns1_in_the_same_transaction(learner, session):
    url = learner.start_quiz("dien-thoai")
    response = learner.submit(url, answer_phone_quiz(learner, url))
    assert response.headers["Location"] == f"{url}/ket-qua"
    user = session.scalar(select(User))
    assert (user.criterion_level, user.criterion_points) == ("KNS-1", 6)
    status = session.scalar(select(CriterionStatus))
    assert status.level == "KNS-1"
    assert status.evidence[0]["quiz"] == "dien-thoai" and status.evidence[0]["score"] == 100
    progress = learner.client.get("/tien-do").get_data(as_text=True)
    assert "✓ Đã đạt" in progress and "6/10 điểm" in progress


def test_progress_shows_the_stored_status_not_a_recomputation(learner, session):
    """/tien-do and officer reports read the same rows: the page never recomputes."""
    url = learner.start_quiz("dien-thoai")
    learner.submit(url, answer_phone_quiz(learner, url))
    status = session.scalar(select(CriterionStatus))
    status.met_at = datetime(2025, 3, 4, 9, 0)
    session.commit()
    progress = learner.client.get("/tien-do").get_data(as_text=True)
    assert "từ ngày 04/03/2025" in progress
    session.execute(delete(CriterionStatus))
    session.execute(update(User).values(criterion_level=None, criterion_points=0))
    session.commit()
    progress = learner.client.get("/tien-do").get_data(as_text=True)
    assert "✓ Đã đạt" not in progress and "0/10 điểm" in progress


def test_a_wrong_answer_is_explained_and_the_criterion_not_met(learner, session):
    url = learner.start_quiz("dien-thoai")
    learner.submit(url, answer_phone_quiz(learner, url, wrong_first=True))
    html = learner.client.get(f"{url}/ket-qua").get_data(as_text=True)
    assert "đúng <strong>2/3</strong> câu (66%)" in html
    assert "Chưa đạt" in html
    assert "✗ Chưa đúng" in html and "Nhấn nhanh nút tăng âm lượng" in html
    assert "Nút nguồn phải được <strong>nhấn giữ</strong>" in html  # the explanation
    assert session.scalar(select(User.criterion_level)) is None
    progress = learner.client.get("/tien-do").get_data(as_text=True)
    assert "Chưa đạt." not in progress  # what remains, counted, instead of a red verdict
    assert "Còn 1 bài kiểm tra nữa" in progress


def test_retake_after_failing_then_passing(learner, session):
    url = learner.start_quiz("dien-thoai")
    learner.submit(url, answer_phone_quiz(learner, url, wrong_first=True))
    second = learner.start_quiz("dien-thoai")
    assert second != url
    learner.submit(second, answer_phone_quiz(learner, second))
    assert session.scalar(select(User.criterion_level)) == "KNS-1"
    assert session.scalar(select(func.count(Attempt.id))) == 2


def test_reopening_a_quiz_reuses_the_unsubmitted_attempt(learner):
    assert learner.start_quiz("dien-thoai") == learner.start_quiz("dien-thoai")


def test_a_second_submission_is_refused_and_changes_nothing(learner, session):
    url = learner.start_quiz("dien-thoai")
    right = answer_phone_quiz(learner, url)
    token = csrf_from(learner.client.get("/").get_data(as_text=True))
    assert learner.client.post(url, data={"csrf_token": token, **right}).status_code == 302
    wrong = right | {"q-wifi-o-nha": "true"}
    again = learner.client.post(url, data={"csrf_token": token, **wrong})
    assert again.status_code == 409
    assert "đã được nộp rồi" in again.get_data(as_text=True)
    attempt = session.scalar(select(Attempt))
    assert attempt.score == 100


def test_unanswered_questions_are_asked_again_with_answers_kept(learner, session):
    url = learner.start_quiz("dien-thoai")
    response = learner.submit(url, {"q-wifi-o-nha": "false"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bạn chưa trả lời câu 1, 3." in html
    assert re.search(r'name="q-wifi-o-nha" value="false" checked', html)
    assert session.scalar(select(Attempt.submitted_at)) is None
    response = learner.submit(url, {"q-wifi-o-nha": "false", "nop-thieu": "1"})
    assert response.status_code == 302
    assert session.scalar(select(Attempt.score)) == 33


def test_tampered_values_are_graded_as_unanswered_not_500(learner):
    url = learner.start_quiz("dien-thoai")
    response = learner.submit(
        url, {"q-bat-may": "99", "q-wifi-o-nha": "có lẽ", "q-buoc-ket-noi-0": "x", "nop-thieu": "1"}
    )
    assert response.status_code == 302
    assert "(chưa trả lời)" in learner.client.get(f"{url}/ket-qua").get_data(as_text=True)


def test_another_learners_attempt_is_not_found(learner, client, session):
    url = learner.start_quiz("dien-thoai")
    learner.log_out()
    learner.sign_up(login="0987654321", display_name="Ông Ba")
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/ket-qua").status_code == 404
    assert learner.submit(url, {"q-wifi-o-nha": "false", "nop-thieu": "1"}).status_code == 404
    assert session.scalar(select(Attempt.submitted_at)) is None


def test_kns2_needs_kns1_first(learner, session):
    url = learner.start_quiz("thuc-hanh")
    quiz, seed = attempt_quiz(session, url)
    for step_id, entries in practical_steps(quiz, seed):
        learner.post_form(url, {"buoc": step_id, **{f"f-{k}": v for k, v in entries.items()}})
    assert session.scalar(select(Attempt.passed)) is True
    assert session.scalar(select(User.criterion_level)) is None
    url = learner.start_quiz("dien-thoai")
    learner.submit(url, answer_phone_quiz(learner, url))
    user = session.scalar(select(User))
    session.refresh(user)
    assert (user.criterion_level, user.criterion_points) == ("KNS-2", 10)
    levels = set(session.scalars(select(CriterionStatus.level)))
    assert levels == {"KNS-1", "KNS-2"}
