"""An officer of a province reads the dashboard on a phone and drills down to a commune."""

import json

from openpyxl import load_workbook
from playwright.sync_api import expect

from lms.cli import main

from ..factories import STAFF_PASSWORD, make_staff

#: axe checks every page first: a province's page (a hundred communes) takes a while.
SLOW = 60_000


def test_a_province_officer_reads_the_dashboard_at_360px_and_drills_down(
    new_page, live_server, shoot, tmp_path
):
    app = live_server.app
    filled = app.test_cli_runner().invoke(main, ["demo-data", "--citizens", "400", "--seed", "2"])
    assert filled.exit_code == 0, filled.output
    commune = json.loads(filled.output.strip().splitlines()[-1])["communes"][0]
    make_staff(app, "officer", "canbo.danang", 48)
    page = new_page()
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("canbo.danang")
    page.get_by_label("Mật khẩu").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Trang cán bộ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kỹ năng số ở Thành phố Đà Nẵng", timeout=SLOW
    )
    expect(
        page.get_by_role("img", name="Theo xã, phường: tỉ lệ người đạt KNS-1 và KNS-2")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Bảng số liệu: Theo độ tuổi")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(page, "dashboard-01-province")

    # Drill down: the commune's name in the table opens its own dashboard, by village.
    table = page.get_by_role("region", name="Bảng số liệu: Theo xã, phường")
    link = table.locator(f'a[href*="xa={commune}&"]').first
    name = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kỹ năng số ở {name}", timeout=SLOW)
    expect(page.get_by_role("heading", name="Theo thôn, tổ dân phố")).to_be_visible()
    village_rows = page.get_by_role("region", name="Bảng số liệu: Theo thôn, tổ dân phố")
    expect(village_rows.locator("tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(page, "dashboard-02-commune")

    # The same figures as a file for the district: one row per village, then the total.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bảng tổng hợp (Excel)").click()
    path = tmp_path / "tong-hop.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path)["Tổng hợp"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[0] == "Thôn, tổ dân phố"
    labels = village_rows.locator("tbody th").all_inner_texts()
    assert [row[0] for row in rows] == [*labels, "Tổng cộng"]

    # Another year, through the form (no script needed).
    page.get_by_label("Năm", exact=True).fill("2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.locator("main")).to_contain_text("Số liệu tính đến hết năm 2025", timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kỹ năng số ở {name}")

    # Printed for a meeting: no menus, no forms, the figures stay.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".year-form")).to_be_hidden()
    expect(page.locator("table.figures").first).to_be_visible()
    page.emulate_media(media="screen")
