"""An officer opens the dashboard of her commune, drills down to a village, finds a
citizen, confirms her level and downloads the list as Excel; the citizen then sees the
confirmation on her progress page and downloads her certificate, which anyone can check.
On a phone, axe checked on every page."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from lms.places.villages import add_village
from lms.web import db

from ..factories import STAFF_PASSWORD, add_citizen, make_staff

PASSWORD = "luavangdongque"


def log_in(page, login, password, greeting):
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".flash")).to_contain_text(greeting)


def test_officer_drills_down_confirms_and_exports_and_the_citizen_gets_her_certificate(
    new_page, live_server, tmp_path
):
    app = live_server.app
    with app.app_context():
        session = db.session()
        village = add_village(session, 20791, "Thôn Bình Hoà")
        session.commit()
        add_citizen(session, "Nguyễn Thị Hoa", village_id=village.id, levels=["KNS-1"],
                     username="hoa", password=PASSWORD)  # fmt: skip
        add_citizen(session, "Nguyễn Văn Nam", village_id=village.id, gender="nam")
        add_citizen(session, "Trần Thị Lan")
        add_citizen(session, "Nguyễn Văn Xa", commune=20275)  # another commune
    make_staff(app, "officer", "canbo.xa", 20791)

    officer = new_page()
    log_in(officer, "canbo.xa", STAFF_PASSWORD, "Chào")
    officer.get_by_role("link", name="Trang cán bộ").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kỹ năng số ở Xã Thăng Bình")
    villages = officer.get_by_role("region", name="Bảng số liệu: Theo thôn, tổ dân phố")
    expect(villages).to_contain_text("Thôn Bình Hoà")
    # Drill down: the village's count of registered learners opens the list it counts.
    villages.locator(f'a[href*="thon={village.id}"]').first.click()
    rows = officer.locator("table.citizens tbody tr")
    expect(rows).to_have_count(2)  # Hoa and Nam live there; Lan does not
    expect(officer.locator("table.citizens")).not_to_contain_text("Trần Thị Lan")
    officer.goto("/can-bo/nguoi-hoc")
    officer.get_by_label("Tìm tên hoặc số điện thoại").fill("nguyen")
    officer.get_by_role("button", name="Tìm").click()
    rows = officer.locator("table.citizens tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Nguyễn Thị Hoa")  # Hoa before Nam
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360
    officer.get_by_role("link", name="Nguyễn Thị Hoa").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Hoa")
    officer.get_by_label("Mức cần xác nhận").select_option("KNS-1")
    officer.get_by_role("button", name="Xác nhận kết quả").click()
    expect(officer.locator(".flash")).to_contain_text("Đã xác nhận KNS-1")
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360

    officer.goto("/can-bo/nguoi-hoc?xac-nhan=co")
    expect(officer.locator("table.citizens tbody tr")).to_have_count(1)
    with officer.expect_download() as download:
        officer.get_by_role("link", name="Tải tệp Excel (.xlsx)").click()
    path = tmp_path / "list.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path, read_only=True)["Người học"]
    header, *cells = list(sheet.iter_rows(values_only=True))
    assert header[1] == "Họ và tên"
    assert [(row[1], row[6], row[9]) for row in cells] == [
        ("Nguyễn Thị Hoa", "Thôn Bình Hoà", "KNS-1")
    ]

    citizen = new_page()
    log_in(citizen, "hoa", PASSWORD, "Chào Nguyễn Thị Hoa")
    citizen.goto("/tien-do")
    expect(citizen.locator(".confirmed")).to_contain_text("Đã được cán bộ xã xác nhận ngày")
    citizen.get_by_role("button", name="Giấy chứng nhận KNS-1").click()
    expect(citizen.locator("article.certificate")).to_contain_text("Nguyễn Thị Hoa")
    code = citizen.locator(".certificate-code strong").inner_text()
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="Tải tệp PDF").click()
    with open(download.value.path(), "rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Nguyễn Thị Hoa" in text and code in text
    citizen.goto("/tai-khoan/du-lieu")
    expect(citizen.locator("main")).to_contain_text("Xác nhận tiêu chí")

    checker = new_page()
    checker.goto(f"/xac-minh/{code}")
    expect(checker.locator("main")).to_contain_text("Giấy chứng nhận này còn hiệu lực")
    expect(checker.locator("main")).to_contain_text("N. T. H.")
    expect(checker.locator("main")).not_to_contain_text("Nguyễn Thị Hoa")
