"""A learner with a level gets her certificate on a phone: the printable page, the PDF
(its text keeps her name's diacritics), and the public check its QR code links to.
An admin gives a role at /quan-tri/ on the same phone width."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from ..factories import STAFF_PASSWORD, give_level, make_citizen, make_staff

NAME = "Nguyễn Thị Hằng"


def log_in(page, login):
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".flash")).to_be_visible()


def test_a_learner_downloads_her_certificate_and_anyone_checks_it(new_page, live_server, shoot):
    user_id = make_citizen(live_server.app, "hang", NAME)
    give_level(live_server.app, user_id, "KNS-1", points=6)
    page = new_page()
    log_in(page, "hang")
    page.goto("/tien-do")
    page.get_by_role("button", name="Giấy chứng nhận KNS-1").click()
    expect(page.locator("article.certificate")).to_contain_text(NAME)
    expect(page.locator("article.certificate")).to_contain_text("Xã Thăng Bình")
    expect(page.get_by_role("img", name="Mã QR xác minh giấy chứng nhận")).to_be_visible()
    expect(page.get_by_role("button", name="In giấy này")).to_be_visible()  # script ran
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    code = page.locator(".certificate-code strong").inner_text()
    shoot(page, "certificate-page")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp PDF").click()
    saved = download.value
    assert saved.suggested_filename == "giay-chung-nhan-KNS-1.pdf"
    with open(saved.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert NAME in text and code in text

    # Printed, the sheet stands alone: no header, no buttons.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Tải tệp PDF")).to_be_hidden()
    expect(page.locator("article.certificate")).to_be_visible()
    page.emulate_media(media="screen")

    checker = new_page()
    checker.goto(f"/xac-minh/{code}")
    expect(checker.locator("main")).to_contain_text("Giấy chứng nhận này còn hiệu lực")
    expect(checker.locator("main")).to_contain_text("N. T. H.")
    expect(checker.locator("main")).not_to_contain_text(NAME)
    shoot(checker, "certificate-check")


def test_an_admin_makes_a_commune_officer_on_a_phone(new_page, live_server):
    make_staff(live_server.app, "admin", "quantri")
    make_citizen(live_server.app, "hoa", "Lê Thị Hoa")
    page = new_page()
    log_in(page, "quantri")
    page.get_by_role("link", name="Trang quản trị").click()
    page.get_by_role("link", name="Vai trò của mọi người").click()
    page.get_by_label("Tên gọi, tên đăng nhập hoặc số điện thoại").fill("Hoa")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Lê Thị Hoa").click()
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Đà Nẵng")
    page.get_by_role("button", name="Xem các xã, phường").click()
    page.get_by_label("Phạm vi làm việc").select_option(label="Xã Thăng Bình")
    page.get_by_role("button", name="Cấp vai trò cán bộ").click()
    expect(page.locator(".flash")).to_contain_text("Đã cấp vai trò Cán bộ (Xã Thăng Bình)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Thu hồi vai trò Cán bộ").click()
    expect(page.locator(".flash")).to_contain_text("Đã thu hồi vai trò")
