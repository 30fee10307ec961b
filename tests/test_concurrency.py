"""A submission counts once, even when two requests race (double tap, two tabs, replay)."""

import threading

from sqlalchemy import func, select

from lms.models import Attempt

from .conftest import csrf_from


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
