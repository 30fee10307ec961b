"""A trainer writes a lesson on a phone, previews it (live, and with the button when
JavaScript is off), publishes it, and a learner reads it. axe checks every page."""

from playwright.sync_api import expect

from ..factories import STAFF_PASSWORD, make_staff
from .accessibility import assert_accessible

PICTURE = "![Nút nguồn ở cạnh phải điện thoại](/static/lessons/nut-nguon.svg)"
BODY = (
    "Điện thoại có ít nút bấm.\n\n"
    "- **Nút nguồn** ở cạnh phải.\n"
    "- Nút âm lượng ngay phía trên.\n\n"
    f"{PICTURE}\n\n"
    "::: ghi-nho\nNhấn giữ nút nguồn để bật máy.\n:::\n"
)


def log_in_trainer(page, live_server):
    make_staff(live_server.app, "trainer", "colan")
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("colan")
    page.get_by_label("Mật khẩu").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def fill_lesson(page, body: str = BODY):
    page.get_by_label("Thuộc phần").select_option(label="Làm quen với điện thoại")
    page.get_by_label("Tên đường dẫn của bài").fill("cac-nut-bam")
    page.get_by_label("Tên bài", exact=True).fill("Các nút bấm của điện thoại")
    page.get_by_label("Lĩnh vực năng lực số").select_option(label="Giải quyết vấn đề")
    page.get_by_label("Nội dung bài (Markdown)").fill(body)


def fits_a_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_trainer_writes_previews_and_publishes_a_lesson_that_a_learner_reads(
    new_page, live_server, learner_login
):
    page = new_page()
    log_in_trainer(page, live_server)
    page.goto("/giang-vien/")
    page.get_by_role("link", name="Soạn bài học").click()
    expect(page.get_by_role("heading", name="Soạn bài học")).to_be_visible()
    fits_a_phone(page)
    page.get_by_role("link", name="Viết bài mới").click()
    expect(page.get_by_role("heading", name="Viết bài mới")).to_be_visible()
    fits_a_phone(page)

    # Live preview as she types: the learners' pipeline, list and picture included.
    fill_lesson(page)
    preview = page.locator("#preview-area")
    expect(preview.locator("li strong")).to_have_text("Nút nguồn")
    expect(preview.locator("img")).to_have_attribute("alt", "Nút nguồn ở cạnh phải điện thoại")
    expect(preview.locator(".ghi-nho")).to_contain_text("Nhấn giữ nút nguồn")
    assert_accessible(page)

    # A '#' heading (the title's own level) is named with its line, live.
    page.get_by_label("Nội dung bài (Markdown)").fill(BODY + "\n# Tiêu đề lớn\n")
    expect(preview.locator(".error-summary")).to_contain_text("Dòng 12:")
    page.get_by_label("Nội dung bài (Markdown)").fill(BODY)
    expect(preview.locator(".error-summary")).to_have_count(0)

    # The button preview (the same with JavaScript on), then publish.
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#preview-area li strong")).to_have_text("Nút nguồn")
    expect(page.get_by_label("Nội dung bài (Markdown)")).to_have_value(BODY)
    page.get_by_label("Ghi chú cho lần lưu này (không bắt buộc)").fill("bài mới về nút bấm")
    page.get_by_role("button", name="Lưu và đăng").click()
    expect(page.locator(".flash")).to_contain_text("Đã lưu và đăng bản 1")
    fits_a_phone(page)

    page.get_by_role("link", name="Lịch sử các bản").click()
    expect(page.locator(".revision").first).to_contain_text("bài mới về nút bấm")
    expect(page.locator(".revision").first).to_contain_text("người học đang thấy bản này")
    fits_a_phone(page)

    reader = new_page()
    learner_login(reader)
    reader.goto("/phan/dien-thoai")
    reader.get_by_role("link", name="Các nút bấm của điện thoại").click()
    expect(reader.get_by_role("heading", name="Các nút bấm của điện thoại")).to_be_visible()
    body = reader.locator(".lesson-body")
    expect(body.locator("li")).to_have_count(2)
    expect(body.locator("img")).to_have_attribute("src", "/static/lessons/nut-nguon.svg")
    assert (
        reader.evaluate("document.querySelector('.lesson-body img').naturalWidth") > 0
    )  # the picture really loads
    fits_a_phone(reader)


def test_without_javascript_the_preview_button_renders_the_lesson_and_saves_nothing(
    new_page, live_server
):
    page = new_page()
    # The editor without its script: what a phone with JavaScript off gets (axe itself
    # needs JavaScript, so the page keeps it and only the live preview is left out).
    page.route(
        "**/js/studio-preview*.js",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
    )
    log_in_trainer(page, live_server)
    page.goto("/giang-vien/bai-hoc/moi")
    fill_lesson(page)
    expect(page.locator("#preview-area li")).to_have_count(0)  # nothing live without a script
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#preview-area li strong")).to_have_text("Nút nguồn")
    expect(page.locator("#preview-area img")).to_be_visible()
    expect(page.get_by_label("Nội dung bài (Markdown)")).to_have_value(BODY)
    fits_a_phone(page)
    page.goto("/giang-vien/bai-hoc")
    expect(page.locator("main")).not_to_contain_text("Các nút bấm của điện thoại")

    # A '#' heading: refused with its line, the text kept; fixed, saved as a draft.
    page.goto("/giang-vien/bai-hoc/moi")
    fill_lesson(page, BODY + "\n# Tiêu đề lớn\n")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator("#body-problems")).to_contain_text("Dòng 12:")
    expect(page.get_by_label("Nội dung bài (Markdown)")).to_have_value(BODY + "\n# Tiêu đề lớn\n")
    refusal = [p for p in page.problems if "status of 422" in p]
    assert len(refusal) == 1  # the browser logs the refused form's status: expected here
    page.problems[:] = [p for p in page.problems if p not in refusal]
    page.get_by_label("Nội dung bài (Markdown)").fill(BODY)
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".flash")).to_contain_text("Đã lưu bản nháp 1")
    page.goto("/giang-vien/bai-hoc")
    expect(page.locator("main")).to_contain_text("Bản nháp, chưa đăng")
    fits_a_phone(page)
