"""Offline: lessons opened or saved open without a connection; a quiz answered offline is
sent once when the connection returns; a shared phone keeps nobody's personal pages."""

from playwright.sync_api import expect
from sqlalchemy import func, select

from lms.models import Attempt
from lms.web import db

from .quiz_pages import answer_phone_quiz

SAVED = """path => caches.open("hocso-lessons").then(c => c.match(path)).then(r => !!r)"""
OUTBOX = """() => JSON.parse(localStorage.getItem("hocso-outbox") || "[]")"""

# Every page the service worker holds, as text: what a later user of the phone could see.
EVERYTHING_CACHED = """async () => {
  const texts = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      if (!(response.headers.get("Content-Type") || "").startsWith("text/html")) continue;
      texts.push(request.url + "\\n" + await response.text());
    }
  }
  return texts;
}"""


def controlled(page) -> None:
    """Wait until the service worker controls the page (it claims it on first install)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def wait_saved(page, path: str) -> None:
    page.wait_for_function(SAVED, arg=path)


def test_a_lesson_opened_once_opens_without_a_connection(page, shoot):
    page.goto("/bai/dien-thoai/bat-tat-may")
    controlled(page)
    wait_saved(page, "/bai/dien-thoai/bat-tat-may")

    page.context.set_offline(True)
    page.goto("/bai/dien-thoai/bat-tat-may")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bật và tắt điện thoại")
    picture = page.get_by_role("img", name="Nút nguồn ở cạnh phải điện thoại")
    expect(picture).to_be_visible()
    assert page.evaluate("img => img.naturalWidth > 0", picture.element_handle())
    assert page.evaluate("() => getComputedStyle(document.body).fontSize") == "18px"  # styled

    # A lesson never opened here: the offline page says what still works, and lists it.
    page.goto("/bai/dien-thoai/ket-noi-wifi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đang không có mạng")
    saved = page.get_by_role("region", name="Bài đã lưu trên máy này")
    expect(saved.get_by_role("link", name="Bật và tắt điện thoại")).to_be_visible()
    shoot(page, "offline-page")
    saved.get_by_role("link", name="Bật và tắt điện thoại").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bật và tắt điện thoại")
    page.context.set_offline(False)


def test_a_whole_module_can_be_downloaded_for_offline_reading(page):
    page.goto("/phan/an-toan")
    controlled(page)
    module = page.get_by_role("main")
    module.get_by_role("button", name="Tải về cả phần này để học khi mất mạng").click()
    expect(module.get_by_role("status")).to_have_text(
        "Đã lưu 2 bài trên máy. Khi mất mạng, bạn vẫn mở được các bài này."
    )
    page.context.set_offline(True)
    page.goto("/bai/an-toan/duong-link-la")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cẩn thận với đường link lạ")
    page.goto("/bai/an-toan/ma-otp")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không đưa mã OTP cho ai")
    page.context.set_offline(False)


def test_a_quiz_answered_offline_is_sent_once_when_the_connection_returns(
    page, live_server, learner_login, shoot
):
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    learner_login(page)
    page.goto("/kiem-tra/dien-thoai")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page.get_by_role("button", name="Nộp bài")).to_be_visible()
    controlled(page)
    attempt_url = page.url
    posts.clear()

    # The bus leaves the village: no connection while she answers and submits.
    page.context.set_offline(True)
    answer_phone_quiz(page)
    page.get_by_role("button", name="Nộp bài").click()
    notice = page.locator("[data-offline-notice]")
    expect(notice).to_contain_text("Bài làm đã được giữ trên máy này")
    expect(notice).to_be_focused()  # pressed at the bottom, seen at the top
    assert page.url == attempt_url and posts == []
    assert len(page.evaluate(OUTBOX)) == 1
    shoot(page, "quiz-kept-offline")

    # Meanwhile the browser dropped its session (phone restarted): the form token saved
    # with the answers is no longer valid. Her remembered login still is.
    page.context.clear_cookies(name="session")
    page.context.set_offline(False)
    expect(notice).to_contain_text("Đã gửi bài làm bạn làm khi mất mạng.")
    assert page.evaluate(OUTBOX) == []
    with live_server.app.app_context():
        session = db.session()
        attempt = session.scalar(select(Attempt))
        assert attempt.submitted_at is not None and attempt.score == 100
    assert posts == [attempt_url]

    # Coming back, reloading, another "online": nothing is sent again.
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.reload()
    notice.get_by_role("link", name="Xem kết quả").or_(page.locator(".score")).first.wait_for()
    page.goto("/")
    assert posts == [attempt_url]
    with live_server.app.app_context():
        session = db.session()
        assert session.scalar(select(func.count()).where(Attempt.submitted_at.is_not(None))) == 1
    page.goto(attempt_url + "/ket-qua")
    expect(page.locator(".score")).to_contain_text("đúng 3/3 câu (100%)")


def test_an_unfinished_quiz_is_not_kept_offline_until_every_question_is_answered(
    page, learner_login
):
    learner_login(page)
    page.goto("/kiem-tra/dien-thoai")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    controlled(page)
    page.context.set_offline(True)
    page.get_by_label("Nhấn giữ nút nguồn khoảng 3 giây").check()
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.locator("[data-offline-notice]")).to_have_text(
        "Bạn chưa trả lời câu 2, 3. Hãy trả lời rồi nộp bài."
    )
    assert page.evaluate(OUTBOX) == []
    page.context.set_offline(False)


def test_after_logout_a_shared_phone_shows_nothing_of_the_last_learner(page, learner_login):
    learner_login(page)
    page.goto("/bai/dien-thoai/bat-tat-may")
    expect(page.get_by_role("button", name="Tôi đã học xong bài này")).to_be_visible()
    controlled(page)
    wait_saved(page, "/bai/dien-thoai/bat-tat-may")
    page.goto("/tien-do")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiến độ của tôi")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.locator(".flash")).to_have_text("Bạn đã đăng xuất.")

    pages = page.evaluate(EVERYTHING_CACHED)
    assert any("/bai/dien-thoai/bat-tat-may" in text for text in pages)
    for text in pages:
        for personal in ("Bà Ba", 'name="csrf_token"', "Đăng xuất", "Tiến độ của tôi"):
            assert personal not in text, f"{personal!r} kept in {text[:80]}"

    page.context.set_offline(True)
    page.goto("/bai/dien-thoai/bat-tat-may")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bật và tắt điện thoại")
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()
    page.goto("/tien-do")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đang không có mạng")
    page.go_back()
    expect(page.get_by_text("Bà Ba")).to_have_count(0)
    page.context.set_offline(False)


def test_answers_kept_for_one_learner_are_never_sent_as_another(page, live_server, learner_login):
    """A shared family phone: answers queued by one person wait for that person."""
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    learner_login(page)
    page.goto("/kiem-tra/dien-thoai")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page.get_by_role("button", name="Nộp bài")).to_be_visible()
    attempt_url = page.url
    page.context.set_offline(True)
    answer_phone_quiz(page)
    page.get_by_role("button", name="Nộp bài").click()
    kept = page.evaluate(OUTBOX)
    assert len(kept) == 1 and kept[0]["owner"] == page.evaluate(
        "() => document.querySelector('script[data-learner]').dataset.learner"
    )
    # Pretend the queued answers were someone else's, then let the connection return.
    page.evaluate(
        """() => { const e = JSON.parse(localStorage.getItem("hocso-outbox"));
        e[0].owner = "someone-else"; localStorage.setItem("hocso-outbox", JSON.stringify(e)); }"""
    )
    posts.clear()
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.goto("/")
    assert posts == []
    assert len(page.evaluate(OUTBOX)) == 1  # still waiting for its owner
    with live_server.app.app_context():
        attempt = db.session().scalar(select(Attempt))
        assert attempt.submitted_at is None
        assert attempt_url.endswith(f"/lam-bai/{attempt.id}")
