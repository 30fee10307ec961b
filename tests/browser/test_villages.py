"""Choosing a village at sign-up, on a phone (the form needs no script: see
tests/test_villages.py, which posts it as a browser without JavaScript would)."""

from playwright.sync_api import expect

from lms.places.villages import add_village
from lms.web import db


def test_signup_chooses_a_listed_village_on_a_phone(new_page, live_server):
    with live_server.app.app_context():
        session = db.session()
        for commune, name in [(20791, "Thôn Bình Hoà"), (20791, "Thôn 2"), (20794, "Thôn 1")]:
            add_village(session, commune, name)
        db.commit()
    page = new_page()
    page.goto("/dang-ky?tinh=48")
    page.get_by_label("Tên gọi của bạn").fill("Bà Hoa")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("0912345678")
    page.get_by_label("Mật khẩu", exact=True).fill("luavangdongque")
    page.get_by_label("Nhập lại mật khẩu").fill("luavangdongque")
    page.get_by_label("Năm sinh").fill("1958")
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_label("Bạn thuộc nhóm nào?").select_option(label="Nông dân, lao động nông thôn")
    page.get_by_label("Xã, phường nơi bạn sống").select_option(label="Xã Thăng Bình")
    village = page.locator("#village_id")
    expect(village.locator("optgroup[label='Xã Thăng Bình'] option")).to_have_count(2)
    village.select_option(label="Thôn Bình Hoà")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator(".flash")).to_contain_text("Chào mừng Bà Hoa")
    page.goto("/tai-khoan")
    expect(page.locator("main")).to_contain_text("Thôn Bình Hoà, Xã Thăng Bình")
