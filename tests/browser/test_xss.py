"""Known XSS payloads, typed into every place a person can type text that others see —
lessons, quiz texts, names and village names — rendered in Chromium: none may run.

The browser context bypasses the Content-Security-Policy on purpose: CSP is the second
wall, tested on its own (tests/test_site.py); here escaping and render_markdown must
hold alone. Three things would show a payload that ran: a call to xss(n) (recorded by an
init script), an alert dialog, and document.title set to 'PWNED'.
"""

from pathlib import Path

import pytest
from sqlalchemy import select

from lms import quiz as quizcore
from lms.audit import record_access
from lms.content import render_markdown
from lms.content.markdown import render_inline
from lms.models import (
    AuditEntry,
    Lesson,
    LessonProgress,
    LessonRevision,
    Module,
    Quiz,
    QuizRevision,
    RoleGrant,
    User,
)
from lms.people.passwords import hash_password
from lms.web import db

PAYLOADS_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "xss-payloads.txt"
PASSWORD = "mat-khau-thu-xss"
WATCH = """
window.__xss = [];
window.xss = function (n) { window.__xss.push(n); };
"""


def payloads() -> list[str]:
    lines = PAYLOADS_FILE.read_text(encoding="utf-8").splitlines()
    raw = [line for line in lines if line.strip() and not line.startswith("#")]
    return [text.replace("XSS", f"xss({n})") for n, text in enumerate(raw, start=1)]


def test_the_corpus_is_big_enough():
    assert len(payloads()) >= 50


def plant(app, texts: list[str]) -> dict:
    """Put every payload where people's text goes: lessons, a quiz, names, villages."""
    with app.app_context():
        session = db.session()
        module = Module(
            slug="thu-xss", title=texts[0], summary=texts[1], position=99, competence="an-toan"
        )
        session.add(module)
        session.flush()
        lessons = []
        for n, text in enumerate(texts, start=1):
            lesson = Lesson(module_id=module.id, slug=f"bai-{n}", position=n, current_number=1)
            session.add(lesson)
            session.flush()
            session.add(
                LessonRevision(
                    lesson_id=lesson.id,
                    number=1,
                    title=text[:200],
                    summary=text,
                    body=text,
                    html=render_markdown(text),
                    words=1,
                    minutes=1,
                    source_hash=f"xss-{n}",
                )
            )
            lessons.append(lesson)
        questions = tuple(
            quizcore.Question(
                id=f"cau-{n}",
                type=quizcore.SINGLE,
                html=render_markdown(text),
                explanation_html=render_markdown(text),
                choices=(
                    quizcore.Choice(render_inline(text), correct=True),
                    quizcore.Choice(render_inline(f"Không phải {n}")),
                ),
            )
            for n, text in enumerate(texts, start=1)
        )
        definition = quizcore.Quiz("thu-xss", texts[2], render_markdown(texts[3]), None, questions)
        quiz = Quiz(slug="thu-xss", module_id=module.id, current_number=1)
        session.add(quiz)
        session.flush()
        session.add(
            QuizRevision(
                quiz_id=quiz.id,
                number=1,
                title=texts[2][:200],
                definition=definition.to_dict(),
                question_count=len(questions),
                source_hash="xss",
            )
        )
        password_hash = hash_password(PASSWORD)
        admin = User(username="quantri", password_hash=password_hash, display_name=texts[4][:80])
        admin.roles.append(RoleGrant(role="admin"))
        session.add(admin)
        people = []
        for n, text in enumerate(texts, start=1):
            person = User(
                username=f"nguoi{n}",
                password_hash=password_hash,
                display_name=text[:80],
                village=text[-100:],
                province_code=48,
                commune_code=20791,
            )
            person.roles.append(RoleGrant(role="learner"))
            session.add(person)
            people.append(person)
        session.commit()
        for person in people:
            record_access(
                session, admin, person, "view_profile", where=f"/ho-so/{person.display_name[:50]}"
            )
        for lesson in lessons:
            session.add(LessonProgress(user_id=people[0].id, lesson_id=lesson.id))
        session.commit()
        assert session.scalar(select(AuditEntry.id).limit(1)) is not None
        return {"lessons": [f"/bai/thu-xss/bai-{n}" for n in range(1, len(texts) + 1)]}


@pytest.fixture
def watched(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        bypass_csp=True,
        viewport={"width": 360, "height": 740},
    )
    context.add_init_script(WATCH)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            # A sanitized <img src="x"> that 404s is not a script running.
            if m.type == "error" and "Failed to load resource" not in m.text
            else None
        ),
    )
    page.problems = problems
    yield page
    context.close()


def assert_nothing_ran(page, where: str) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(40)  # onerror, ontoggle and autofocus handlers fire after load
    state = page.evaluate(
        "() => ({hits: window.__xss, title: document.title, pwned: window.pwned === 1})"
    )
    assert state["hits"] == [], f"{where}: payloads {state['hits']} ran"
    assert state["title"] != "PWNED", f"{where}: document.title was changed"
    assert not state["pwned"], f"{where}: a payload set window.pwned"
    assert page.problems == [], f"{where}: {page.problems}"


def test_the_watch_sees_a_payload_that_runs(watched):
    """The hooks must catch a payload that does run, or the real test proves nothing."""
    watched.goto("/healthz")
    watched.set_content("<img src=x onerror=xss(0)><script>document.title='PWNED'</script>")
    watched.wait_for_timeout(100)
    state = watched.evaluate("() => ({hits: window.__xss, title: document.title})")
    assert state == {"hits": [0], "title": "PWNED"}


def log_in(page, username):
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def test_no_payload_runs_anywhere(watched, live_server):
    texts = payloads()
    planted = plant(live_server.app, texts)
    page = watched

    # Lessons: the catalogue lists every title, each lesson shows title, summary and body.
    page.goto("/")
    assert_nothing_ran(page, "catalogue")
    for url in planted["lessons"]:
        page.goto(url)
        assert_nothing_ran(page, url)

    # Names and villages: the admin's audit log lists every person who was looked at.
    log_in(page, "quantri")  # the greeting names the admin: a payload too
    assert_nothing_ran(page, "greeting")
    for url in ("/quan-tri/nhat-ky", "/quan-tri/nhat-ky?trang=2"):
        page.goto(url)
        assert page.locator("table.audit tbody tr").count() > 0
        assert_nothing_ran(page, url)

    # A learner whose own name and village are payloads, with every payload lesson done.
    page.context.clear_cookies()
    log_in(page, "nguoi1")
    assert_nothing_ran(page, "greeting of nguoi1")
    for url in ("/tai-khoan", "/tai-khoan/du-lieu", "/tai-khoan/sua", "/tien-do"):
        page.goto(url)
        assert_nothing_ran(page, url)

    # Quiz texts, choices and explanations: the intro, the attempt, the result.
    page.goto("/kiem-tra/thu-xss")
    assert_nothing_ran(page, "quiz intro")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_url("**/lam-bai/*")
    assert page.locator("fieldset.question").count() == len(texts)
    assert_nothing_ran(page, "attempt")
    page.get_by_role("button", name="Nộp bài").click()
    page.get_by_role("button", name="Vẫn nộp bài").click()
    page.wait_for_url("**/ket-qua")
    assert page.locator(".review > li").count() == len(texts)
    assert_nothing_ran(page, "result")
