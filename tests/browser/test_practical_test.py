"""The practical test in Chromium, on the shipped curriculum: wrong once, then right.

KNS-2 must appear only after the right attempt. The learner reads the task values off
the page, as a person would; the core quizzes and the Công dân học tập quiz are passed
beforehand over HTTP with the real grading path.
"""

import re
import unicodedata

import pytest
from playwright.sync_api import expect

from lms.config import ROOT

from ..answers import attempt_quiz, quiz_form
from ..people import Person
from .server import serving

CORE_QUIZZES = [
    "lam-quen-dien-thoai",
    "tim-kiem-thong-tin",
    "giao-tiep-truc-tuyen",
    "an-toan-tren-mang",
    "dich-vu-cong-truc-tuyen",
    "cong-dan-hoc-tap-so",  # KNS-2 requires it too
]


@pytest.fixture
def live_server(tmp_path, monkeypatch):
    with serving(tmp_path, monkeypatch, content_root=ROOT) as server:
        yield server


@pytest.fixture
def learner_with_kns1(live_server):
    from lms.web import db

    person = Person(live_server.app.test_client())
    assert person.sign_up(login="bahoa1960").status_code == 302
    with live_server.app.app_context():
        session = db.session()
        for slug in CORE_QUIZZES:
            url = person.start_quiz(slug)
            quiz, seed = attempt_quiz(session, url)
            assert person.submit(url, quiz_form(quiz, seed)).status_code == 302
    return "bahoa1960", "luavangdongque"


def read_task(page) -> list[str]:
    """The task card's bold values, in order: id number, password, course, hours, evidence."""
    return page.locator(".task li strong").all_inner_texts()


def do_practical(page, *, type_course_without_accents: bool, shoot=None):
    page.goto("/kiem-tra/thuc-hanh-cong-dan-hoc-tap")
    page.get_by_role("button", name=re.compile("Bắt đầu làm bài|Làm lại bài kiểm tra")).click()
    expect(page.locator(".sim-label")).to_contain_text("không phải trang thật")
    id_number, password, course, hours, evidence = read_task(page)
    page.get_by_label("Số định danh cá nhân").fill(id_number)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Hồ sơ học tập").check()
    page.get_by_role("button", name="Tiếp tục").click()
    if type_course_without_accents:
        # The most common real mistake: typing without the Vietnamese keyboard.
        course = "".join(
            c for c in unicodedata.normalize("NFD", course) if not unicodedata.combining(c)
        ).replace("đ", "d")
    page.get_by_label("Tên khoá học").fill(course)
    page.get_by_label("Số giờ học").fill(hours)
    page.get_by_label(evidence, exact=True).check()
    if shoot:
        shoot(page, "practical-00-step-3")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Lưu thông tin").check()
    page.get_by_role("button", name="Tiếp tục").click()
    code = page.locator(".sim-screen strong").inner_text()
    assert re.fullmatch(r"CDHT-\d{4}", code)
    page.get_by_label("Gõ lại mã xác nhận trang vừa hiện").fill(code)
    page.get_by_role("button", name="Nộp bài thực hành").click()


def test_practical_test_wrong_then_right(page, learner_with_kns1, shoot):
    login, password = learner_with_kns1
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto("/tien-do")
    expect(page.locator("#level-KNS-1 + .level-status")).to_contain_text("Đã đạt")
    expect(page.locator("#level-KNS-2 + .level-status")).to_contain_text("Còn 1 bài kiểm tra nữa")

    do_practical(page, type_course_without_accents=True, shoot=shoot)
    expect(page.locator(".score")).to_contain_text("đúng 4/5 bước (80%)")
    wrong = page.locator(".review li.wrong")
    expect(wrong).to_have_count(1)
    expect(wrong).to_contain_text("Ghi thêm khoá học")
    shoot(page, "practical-01-wrong-result")
    page.goto("/tien-do")
    expect(page.locator("#level-KNS-2 + .level-status")).to_contain_text("Còn 1 bài kiểm tra nữa")

    do_practical(page, type_course_without_accents=False)
    expect(page.locator(".score")).to_contain_text("đúng 5/5 bước (100%)")
    expect(page.locator(".score")).to_contain_text("Đạt.")
    page.goto("/tien-do")
    expect(page.locator("#level-KNS-2 + .level-status")).to_contain_text("Đã đạt")
    expect(page.locator(".points")).to_have_text("10/10 điểm")
    shoot(page, "practical-02-progress-kns2")
