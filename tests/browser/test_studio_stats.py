"""A trainer on a phone: the statistics of a quiz, a flagged question and its edit link;
a lesson picture uploaded; a learner shares a lesson."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from ..factories import STAFF_PASSWORD, grade_papers, make_staff

#: Most learners tick the wrong way to turn the phone on (question 1 of the phone quiz).
PAPERS = [({"bat-may": [1], "wifi-o-nha": [False], "buoc-ket-noi": [0, 1, 2]}, 60, 90, False)] * 4
PAPERS += [({"bat-may": [0], "wifi-o-nha": [False], "buoc-ket-noi": [0, 1, 2]}, 100, 60, True)]


def log_in_trainer(page, app):
    make_staff(app, "trainer", "cobalan")
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("cobalan")
    page.get_by_label("Mật khẩu").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_trainer_finds_the_question_people_fail_and_its_edit_link(page, live_server):
    grade_papers(live_server.app, "dien-thoai", PAPERS)
    log_in_trainer(page, live_server.app)
    page.goto("/giang-vien/")
    page.get_by_role("link", name="Thống kê câu hỏi").click()
    page.get_by_role("link", name="Kiểm tra — Làm quen với điện thoại").click()
    expect(page.locator("h1")).to_have_text("Kiểm tra — Làm quen với điện thoại")
    flagged = page.locator(".needs-review")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("Cần xem lại")
    expect(flagged).to_contain_text("Nhấn nhanh nút tăng âm lượng")  # the usual wrong answer
    expect(flagged).to_contain_text("20%")
    edit = flagged.get_by_role("link", name="Sửa câu 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    edit.click()
    expect(page).to_have_url(re.compile(r"/giang-vien/cau-hoi/dien-thoai#cau-1$"))
    question = page.locator("#cau-1")
    expect(question).to_be_in_viewport()
    expect(question.get_by_role("textbox").first).to_have_value("Muốn bật điện thoại, bạn làm gì?")


def test_a_trainer_uploads_a_lesson_picture_and_gets_the_line_to_paste(page, live_server):
    log_in_trainer(page, live_server.app)
    page.goto("/giang-vien/bai-hoc/dien-thoai/bat-tat-may/anh")
    picture = io.BytesIO()
    Image.new("RGB", (1600, 900), (30, 90, 200)).save(picture, "PNG")
    page.get_by_label("Ảnh", exact=True).set_input_files(
        {"name": "man-hinh.png", "mimeType": "image/png", "buffer": picture.getvalue()}
    )
    page.get_by_label("Mô tả ảnh").fill("Màn hình cài đặt Wi-Fi")
    page.get_by_role("button", name="Tải ảnh lên").click()
    expect(page.locator(".flash")).to_contain_text("Đã lưu ảnh")
    line = page.get_by_label("Dòng để dán vào bài học")
    expect(line).to_have_value(
        re.compile(r"^!\[Màn hình cài đặt Wi-Fi\]\(/static/lessons/dien-thoai/.+\.webp\)$")
    )
    image = page.locator("img.lesson-picture")
    expect(image).to_have_attribute("width", "800")
    assert page.evaluate("document.querySelector('img.lesson-picture').naturalWidth") == 800
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_sharing_a_lesson_copies_its_address(new_page):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto("/bai/dien-thoai/bat-tat-may")
    expect(page.get_by_label("Chia sẻ bài này: chép đường dẫn")).to_be_hidden()
    page.get_by_role("button", name="Chia sẻ").click()
    expect(page.locator("[data-share-status]")).to_have_text("Đã chép đường dẫn")
    assert page.evaluate("navigator.clipboard.readText()").endswith("/bai/dien-thoai/bat-tat-may")
