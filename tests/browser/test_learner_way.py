"""The learner's way at phone size: where am I, what comes next, and a forgotten password.

Run on the shipped curriculum: its first module has the six lessons a real learner reads.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.config import ROOT
from lms.models import User
from lms.people.accounts import create_user
from lms.web import db

from .server import serving

FIRST_MODULE = "lam-quen-dien-thoai"


@pytest.fixture
def shipped_server(tmp_path, monkeypatch):
    with serving(tmp_path, monkeypatch, content_root=ROOT) as server:
        yield server


@pytest.fixture
def live_server(shipped_server):
    """new_page's pages open on the shipped curriculum."""
    return shipped_server


def sign_up(page, name="Bà Hoa", phone="0912 345 678"):
    page.goto("/")
    page.get_by_role("link", name="Bắt đầu: đăng ký").click()
    page.wait_for_load_state()
    page.get_by_label("Bạn sống ở tỉnh, thành phố nào?").select_option(label="Thành phố Đà Nẵng")
    page.wait_for_url("**/dang-ky?tinh=48")
    page.get_by_label("Tên gọi của bạn").fill(name)
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(phone)
    page.get_by_label("Mật khẩu", exact=True).fill("luavangdongque")
    page.get_by_label("Nhập lại mật khẩu").fill("luavangdongque")
    page.get_by_label("Năm sinh").fill("1961")
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_label("Bạn thuộc nhóm nào?").select_option(label="Nông dân, lao động nông thôn")
    page.get_by_label("Xã, phường nơi bạn sống").select_option(label="Xã Thăng Bình")
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator(".flash")).to_contain_text(f"Chào mừng {name}")


def test_a_new_learner_is_shown_the_next_step_all_the_way_to_the_quiz(page, shoot):
    page.goto("/")
    expect(page.locator(".three-steps li")).to_have_count(3)
    shoot(page, "way-01-first-visit")
    sign_up(page)

    # Lands on the three steps, with one button to lesson 1.
    expect(page.locator(".three-steps")).to_contain_text("Bạn đã đăng ký xong")
    start = page.get_by_role("link", name="Bắt đầu học bài 1")
    expect(start).to_have_attribute("href", f"/bai/{FIRST_MODULE}/nut-bam-va-man-hinh")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(page, "way-02-three-steps")
    start.click()
    lessons = [page.url]
    page.get_by_role("button", name="Tôi đã học xong bài này").click()
    lessons.append(page.url)

    # Home again: the big button goes on with lesson 2.
    page.goto("/")
    go_on = page.get_by_role("link", name="Học tiếp")
    expect(go_on).to_be_visible()
    assert lessons[1].endswith(go_on.get_attribute("href"))
    expect(page.locator(".next-what")).to_contain_text("Bài 2 của phần 1")
    expect(page.locator(".next-what")).to_contain_text("phút")
    card = page.locator(".card").first
    expect(card).to_contain_text("Đã học 1/6 bài")
    shoot(page, "way-03-go-on")

    # Lessons 2 to 6, then the module's quiz is next.
    go_on.click()
    for _ in range(5):
        page.get_by_role("button", name="Tôi đã học xong bài này").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kiểm tra")
    page.goto("/")
    quiz = page.get_by_role("link", name="Làm bài kiểm tra")
    expect(quiz).to_have_attribute("href", f"/kiem-tra/{FIRST_MODULE}")
    expect(page.locator(".next-what")).to_contain_text("Bạn đã học xong phần 1")
    expect(card).to_contain_text("Đã học 6/6 bài")
    bar = card.locator("progress")
    expect(bar).to_have_attribute("value", "6")
    expect(bar).to_have_attribute("max", "6")
    expect(card).to_contain_text("Bài kiểm tra: chưa làm")
    shoot(page, "way-04-quiz-next")

    # The module's own page lists its lessons, all read.
    card.get_by_role("link").first.click()
    expect(page.locator(".lessons .done")).to_have_count(6)
    shoot(page, "way-05-module-page")

    # Progress counts what remains instead of saying "not met".
    page.goto("/tien-do")
    expect(page.locator("#level-KNS-1 + .level-status")).to_have_text("Còn 5 bài kiểm tra nữa")
    expect(page.locator(".dots .dot")).to_have_count(10)
    expect(page.get_by_role("link", name="Làm bài kiểm tra")).to_be_visible()
    shoot(page, "way-06-progress")


def test_a_forgotten_password_comes_back_through_the_commune_officer(
    new_page, shipped_server, shoot
):
    app = shipped_server.app
    with app.app_context():
        session = db.session()
        for username, commune in (("canbo.thangbinh", 20791), ("canbo.anhai", 20275)):
            create_user(
                session,
                username=username,
                password="giu-bi-mat-cong-viec",
                role="officer",
                scope_code=commune,
                scope_kind="commune",
                display_name=username,
            )
        db.commit()

    # Bà Hoa signs up on her phone and stays signed in there.
    old_phone = new_page()
    sign_up(old_phone)

    # On a borrowed phone she cannot remember the password: the login page says what to do.
    borrowed = new_page()
    borrowed.goto("/dang-nhap")
    borrowed.get_by_role("link", name="Quên mật khẩu?").click()
    expect(borrowed.get_by_role("heading", level=1)).to_have_text("Quên mật khẩu?")
    expect(borrowed.locator("main")).to_contain_text("cán bộ xã")
    shoot(borrowed, "reset-01-forgot")

    # The officer of her commune finds her and gives a code.
    officer = new_page()
    log_in(officer, "canbo.thangbinh", "giu-bi-mat-cong-viec")
    officer.get_by_role("link", name="Trang cán bộ").click()
    officer.get_by_role("link", name="Cấp mã đặt lại mật khẩu").click()
    officer.get_by_label("Tên gọi hoặc số điện thoại của người học").fill("0912345678")
    officer.get_by_role("button", name="Tìm").click()
    shoot(officer, "reset-02-officer-finds")
    officer.get_by_role("button", name="Cấp mã cho Bà Hoa").click()
    code = officer.locator(".reset-code").inner_text()
    assert re.fullmatch(r"\d{4} \d{4}", code)
    shoot(officer, "reset-03-code-given")

    # An officer of another commune cannot give her a code.
    with app.app_context():
        hoa = db.session().scalar(select(User.id).where(User.phone == "0912345678"))
    other = new_page()
    log_in(other, "canbo.anhai", "giu-bi-mat-cong-viec")
    other.goto("/can-bo/ma-dat-lai?q=0912345678")
    expect(other.locator("main")).to_contain_text("Không tìm thấy người học nào")
    token = other.locator("input[name=csrf_token]").first.get_attribute("value")
    refused = other.request.post(
        f"/can-bo/ma-dat-lai/{hoa}", form={"csrf_token": token}, max_redirects=0
    )
    assert refused.status == 404

    # She sets a new password with the code.
    borrowed.get_by_role("link", name="Tôi đã có mã, đặt mật khẩu mới").click()
    fill_reset(borrowed, code)
    expect(borrowed.locator(".flash")).to_contain_text("Bạn đã đặt mật khẩu mới")
    shoot(borrowed, "reset-04-new-password")

    # Her old phone's session has ended.
    old_phone.goto("/tien-do")
    expect(old_phone).to_have_url(re.compile(r"/dang-nhap"))

    # The code no longer works.
    third = new_page()
    third.goto("/dat-lai-mat-khau")
    fill_reset(third, code, "mot-cau-khac-de-nho")
    expect(third.locator(".error-summary")).to_contain_text("đã dùng rồi")
    refusal = [p for p in third.problems if "status of 422" in p]
    assert len(refusal) == 1  # the refused form's own status, expected here
    third.problems[:] = [p for p in third.problems if p not in refusal]

    # The reset is on her data page.
    borrowed.goto("/tai-khoan/du-lieu")
    expect(borrowed.locator("main")).to_contain_text("Cấp mã đặt lại mật khẩu")


def log_in(page, username, password):
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".flash")).to_contain_text("Chào")


def fill_reset(page, code, password="caylua-tren-dong"):
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("0912 345 678")
    page.get_by_label("Mã đặt lại mật khẩu").fill(code)
    page.get_by_label("Mật khẩu mới", exact=True).fill(password)
    page.get_by_label("Nhập lại mật khẩu mới").fill(password)
    page.get_by_role("button", name="Đặt mật khẩu mới").click()
