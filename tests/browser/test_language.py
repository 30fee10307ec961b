"""English interface on request: the lesson stays Vietnamese, and is marked so."""

from playwright.sync_api import expect


def test_a_learner_can_switch_the_interface_to_english_and_back(page, shoot):
    page.goto("/bai/dien-thoai/ket-noi-wifi")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url("/bai/dien-thoai/ket-noi-wifi")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_text("About 1 minute to read")).to_be_visible()
    # The lesson itself is content: Vietnamese, marked so readers and voices say it right.
    body = page.locator(".lesson-body")
    expect(body).to_have_attribute("lang", "vi")
    expect(body).to_contain_text("Có Wi-Fi thì dùng Wi-Fi.")
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "vi")
    shoot(page, "lesson-360-english-interface")

    page.get_by_role("link", name="Log in").click()
    expect(page.get_by_label("Phone number or username")).to_be_visible()

    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
