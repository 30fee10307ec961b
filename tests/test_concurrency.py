"""Racing requests: a submission counts once (double tap, two tabs, replay), and a crowd
of learners writing at once loses nothing, doubles nothing, and never sees "database is
locked" (SQLite writers begin immediately and queue; see lms.database)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from bench._http import Browser, serving
from lms.models import Attempt, CriterionStatus, User
from lms.people.accounts import create_user
from lms.web import db

from .answers import attempt_quiz, practical_steps, quiz_form
from .factories import database_url
from .paths import CURRICULUM
from .people import csrf_from


def race(app, cookie: str, url: str, data: dict, contenders: int = 4) -> list[int]:
    barrier = threading.Barrier(contenders)
    statuses: list[int] = []

    def contender():
        client = app.test_client()
        client.set_cookie("session", cookie, domain="localhost")
        barrier.wait()
        statuses.append(client.post(url, data=data).status_code)

    threads = [threading.Thread(target=contender) for _ in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_racing_submissions_are_accepted_exactly_once(app, learner, session):
    # Five failed papers in a row: the cooldown after two is not what is tested here.
    app.config["QUIZ_RETRY_WAIT_MINUTES"] = 0
    cookie = learner.client.get_cookie("session", domain="localhost").value
    for _ in range(5):
        url = learner.start_quiz("dien-thoai")
        token = csrf_from(learner.client.get(url).get_data(as_text=True))
        statuses = race(
            app, cookie, url, {"csrf_token": token, "q-wifi-o-nha": "false", "nop-thieu": "1"}
        )
        assert sorted(statuses) == [302, 409, 409, 409], statuses
    submitted = select(func.count(Attempt.id)).where(Attempt.submitted_at.is_not(None))
    assert session.scalar(submitted) == 5


# Many learners at once, against `lms serve` (two processes, each with its own
# connections) on this test's database: SQLite, or PostgreSQL with LMS_TEST_DATABASE_URL.

CROWD = 50
PASSWORD = "luavangdongque"


@pytest.fixture
def crowd_site(tmp_path):
    """A real server with room for contention, and a session of our own on its database."""
    url = database_url(tmp_path)
    env = {
        "LMS_SECRET_KEY": "crowd-test-secret",
        "LMS_INSTANCE_PATH": str(tmp_path / "instance"),
        "LMS_DATABASE_URL": url,
        "LMS_CONTENT_ROOT": str(CURRICULUM),
        "LMS_DEMO_ACCOUNTS": "0",
    }
    with serving(env, workers=2, threads=8) as server:
        engine = create_engine(url)
        with Session(engine) as reader:
            server.reader = reader
            yield server
        engine.dispose()
    log = server.log.read_text(errors="replace")
    assert "database is locked" not in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]


def all_at_once(jobs: list) -> list:
    """Run every job in its own thread, released together."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        barrier.wait()
        return job()

    with ThreadPoolExecutor(len(jobs)) as pool:
        return list(pool.map(run, jobs))


def signed_up(server, count: int) -> list[Browser]:
    browsers = [Browser(server.url, timeout=120) for _ in range(count)]
    statuses = all_at_once(
        [lambda b=b, n=n: b.sign_up(f"09{n:08d}", PASSWORD)[0] for n, b in enumerate(browsers)]
    )
    assert statuses == [302] * count
    return browsers


def attempt_id(url: str) -> int:
    return int(url.rstrip("/").rsplit("/", 1)[1])


def test_fifty_learners_submitting_at_once_lose_none_and_double_none(crowd_site):
    browsers = signed_up(crowd_site, CROWD)
    sheets = []
    for browser in browsers:
        status, _, headers = browser.post_form("/kiem-tra/dien-thoai", {})
        assert status == 302
        sheets.append(headers["Location"])
    twice = set(range(0, CROWD, 5))  # every fifth learner taps "Nộp bài" twice at once

    jobs = []
    for n, (browser, sheet) in enumerate(zip(browsers, sheets, strict=True)):
        # The form is on screen before the taps: both carry its token.
        form = {"csrf_token": csrf_from(browser.get(sheet)[1]), "q-wifi-o-nha": "false"}
        form["nop-thieu"] = "1"
        for _ in range(2 if n in twice else 1):
            jobs.append(lambda b=browser, s=sheet, f=form: b.request(s, f)[0])
    statuses = all_at_once(jobs)
    assert sorted(statuses) == [302] * CROWD + [409] * len(twice), statuses
    submitted = crowd_site.reader.scalars(
        select(Attempt.id).where(Attempt.submitted_at.is_not(None))
    ).all()
    assert sorted(submitted) == sorted(attempt_id(sheet) for sheet in sheets)


def test_fifty_sign_ups_at_once_keep_each_phone_once(crowd_site):
    # Four phones are wanted by three people each: 42 different phones in all.
    phones = [f"0933{n:06d}" for n in range(42)] + [f"0933{n:06d}" for n in range(4)] * 2
    browsers = [Browser(crowd_site.url, timeout=120) for _ in phones]
    answers = all_at_once(
        [lambda b=b, p=p: b.sign_up(p, PASSWORD)[:2] for b, p in zip(browsers, phones, strict=True)]
    )
    assert [status for status, _ in answers].count(302) == 42
    refused = [html for status, html in answers if status != 302]
    assert len(refused) == 8
    assert all("Số điện thoại hoặc tên đăng nhập này đã có người dùng" in html for html in refused)
    assert {status for status, _ in answers} <= {302, 422}
    stored = crowd_site.reader.scalars(select(User.phone)).all()
    assert sorted(stored) == sorted(set(phones))


def test_a_learner_finishing_two_quizzes_at_once_reaches_the_right_level(crowd_site):
    """The phone quiz (KNS-1) and the practical (KNS-2) handed in at the same moment:
    each submission must see the other's result, or the level would be one short."""
    reader = crowd_site.reader
    jobs = []
    for browser in signed_up(crowd_site, 10):
        phone_sheet = browser.post_form("/kiem-tra/dien-thoai", {})[2]["Location"]
        practical = browser.post_form("/kiem-tra/thuc-hanh", {})[2]["Location"]
        quiz, seed = attempt_quiz(reader, phone_sheet)
        answers = quiz_form(quiz, seed)
        quiz, seed = attempt_quiz(reader, practical)
        *steps, (last_id, last) = practical_steps(quiz, seed)
        for step_id, entries in steps:
            browser.post_form(practical, {"buoc": step_id, **fields(entries)})
        jobs.append(lambda b=browser, s=phone_sheet, a=answers: b.post_form(s, a)[0])
        step = {"buoc": last_id, **fields(last)}
        jobs.append(lambda b=browser, s=practical, f=step: b.post_form(s, f)[0])
    assert all_at_once(jobs) == [302] * len(jobs)
    reader.rollback()  # a fresh look
    users = reader.scalars(select(User)).all()
    assert [(u.criterion_level, u.criterion_points) for u in users] == [("KNS-2", 10)] * 10
    levels = reader.execute(select(CriterionStatus.user_id, CriterionStatus.level)).all()
    assert sorted(levels) == sorted((u.id, code) for u in users for code in ("KNS-1", "KNS-2"))


def fields(entries: dict) -> dict:
    return {f"f-{name}": value for name, value in entries.items()}


def test_a_writer_that_read_first_waits_its_turn_instead_of_failing(app):
    """SQLite: a writing transaction that has read, while another connection commits a
    write, must still write. Begun deferred, its read lock could not be upgraded and
    it would fail at once with "database is locked"; begun immediately, the other writer
    queues behind it on the busy timeout."""
    with app.app_context():
        user = create_user(db.session(), username="baba", password=PASSWORD, role="learner")
        db.commit()
    engine = db.engine(app)
    renamed = User.__table__.update().where(User.id == user.id)
    other_wrote = threading.Event()

    def other_writer():
        with engine.begin() as connection:
            connection.execute(renamed.values(display_name="Bà Ba"))
        other_wrote.set()

    with Session(engine) as mine, mine.begin():
        with mine.begin_nested():
            assert mine.scalar(select(func.count(User.id))) == 1  # a read first
            other = threading.Thread(target=other_writer)
            other.start()
            other_wrote.wait(timeout=1)  # it cannot, while we hold the write lock
            mine.execute(renamed.values(birth_year=1955))  # then a write
    other.join(timeout=30)
    assert other_wrote.is_set()
    with Session(engine) as look:
        assert look.execute(select(User.display_name, User.birth_year)).one() == ("Bà Ba", 1955)
