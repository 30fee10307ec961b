"""The staff pages no journey passes through, opened on a phone: each at 360 px with no
sideways scrolling, axe checked (by the page fixture) on every one."""

from playwright.sync_api import expect

from ..factories import STAFF_PASSWORD, make_staff


def log_in(page, username):
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".flash")).to_be_visible()


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_a_trainer_opens_modules_and_a_quiz_history(page, live_server):
    make_staff(live_server.app, "trainer", "cobalan")
    log_in(page, "cobalan")
    for path in [
        "/giang-vien/phan",
        "/giang-vien/phan/moi",
        "/giang-vien/phan/dien-thoai",
        "/giang-vien/cau-hoi",
        "/giang-vien/cau-hoi/dien-thoai/lich-su",
        "/giang-vien/cau-hoi/dien-thoai/lich-su?tu=1&den=1",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("h1")).to_be_visible()
        fits(page)


def test_an_admin_and_a_province_officer_open_their_own_pages(new_page, live_server):
    make_staff(live_server.app, "admin", "quantri")
    make_staff(live_server.app, "officer", "canbo.tinh", 48)
    admin = new_page()
    log_in(admin, "quantri")
    for path in ["/quan-tri/", "/quan-tri/chi-tieu", "/quan-tri/nhat-ky"]:
        assert admin.goto(path).status == 200, path
        expect(admin.locator("h1")).to_be_visible()
        fits(admin)
    officer = new_page()
    log_in(officer, "canbo.tinh")
    assert officer.goto("/can-bo/can-bo-xa").status == 200
    expect(officer.locator("h1")).to_be_visible()
    fits(officer)
