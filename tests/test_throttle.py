"""Login throttling slows guessing down without letting anyone lock a citizen out."""

import threading
import time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from lms.models import User
from lms.people import passwords
from lms.web import db

from .people import OWNER, Guesser, Person, csrf_from, hammer, signup_data

RIGHT = "luavangdongque"


def test_five_wrong_passwords_slow_the_account_down(app, learner):
    learner.log_out()
    guesser = Guesser(app, "203.0.113.7")
    assert hammer(guesser, 5) == [422] * 5
    response = guesser.log_in(password=RIGHT)  # even the right password waits now
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "vui lòng đợi 15 phút" in html
    assert guesser.client.get("/tien-do").status_code == 302
    # Spreading the guesses over many addresses does not help: the account is counted.
    assert Guesser(app, "198.51.100.9").log_in().status_code == 429


def test_the_owner_still_gets_in_on_her_own_phone_during_an_attack(app, learner):
    learner.log_out()  # her phone keeps its device cookie from signing up
    hammer(Guesser(app, "203.0.113.7"), 8)
    assert learner.log_in().status_code == 302
    assert learner.client.get("/tien-do").status_code == 200


def test_a_forged_device_cookie_earns_nothing(app, learner):
    learner.log_out()
    hammer(Guesser(app, "203.0.113.7"), 5)
    forger = Guesser(app, "203.0.113.8")
    genuine = learner.client.get_cookie("thiet-bi").value
    forger.client.set_cookie("thiet-bi", genuine[:-3] + "abc")
    assert forger.log_in(password=RIGHT).status_code == 429


def test_log_out_everywhere_revokes_the_device_cookie(app, learner):
    learner.post_form("/tai-khoan", {}, action="/tai-khoan/dang-xuat-moi-noi")
    hammer(Guesser(app, "203.0.113.7"), 5)
    # A stolen phone after "log out everywhere" is just another device.
    assert learner.log_in().status_code == 429


def test_one_address_trying_many_accounts_is_stopped(app, learner):
    learner.log_out()
    sprayer = Guesser(app, "203.0.113.50")
    statuses = [sprayer.log_in(login=f"09{n:08d}").status_code for n in range(20)]
    assert statuses == [422] * 20
    assert sprayer.log_in(password=RIGHT).status_code == 429  # 21st failure in a minute
    # Someone else at another address is untouched.
    assert Guesser(app, "203.0.113.51").log_in(password=RIGHT).status_code == 302


def test_the_slowdown_lifts_by_itself(app, learner):
    app.config["LOGIN_LIMIT_ACCOUNT"] = "2 per 2 seconds"
    learner.log_out()
    guesser = Guesser(app, "203.0.113.7")
    assert hammer(guesser, 3) == [422, 422, 429]
    time.sleep(2.2)
    assert guesser.log_in(password=RIGHT).status_code == 302  # nobody had to unlock it


def test_wrong_current_passwords_count_like_failed_logins(app, learner):
    app.config["LOGIN_LIMIT_DEVICE"] = "3 per 15 minutes"
    for _ in range(3):
        response = learner.post_form(
            "/tai-khoan/doi-mat-khau",
            {
                "current": "doan-thu",
                "password": "ca-phe-sang-som",
                "password_again": "ca-phe-sang-som",
            },
        )
        assert response.status_code == 422
    response = learner.post_form(
        "/tai-khoan/doi-mat-khau",
        {"current": RIGHT, "password": "ca-phe-sang-som", "password_again": "ca-phe-sang-som"},
    )
    assert response.status_code == 422
    assert "vui lòng đợi" in response.get_data(as_text=True)


def test_successes_cost_nothing(app, learner):
    for _ in range(12):
        learner.log_out()
        assert learner.log_in().status_code == 302
    other = Person(app.test_client())
    for _ in range(8):
        assert other.log_in().status_code == 302
        other.log_out()


# A hasher slow enough that a request spends real time verifying (as in production),
# light enough for a shared test machine: the race and the timing below need it.
SLOW = {"time_cost": 2, "memory_cost": 16 * 1024, "parallelism": 1}


@pytest.fixture
def slow_hashing(app, monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(**SLOW))
    with app.app_context():
        user = db.session().scalar(select(User).where(User.phone == OWNER))
        user.password_hash = passwords.hash_password(RIGHT)
        db.commit()


def test_simultaneous_guesses_cannot_outrun_the_limit(app, learner, slow_hashing):
    learner.log_out()
    guessers = [Guesser(app, f"203.0.113.{n}") for n in range(1, 21)]
    tokens = [csrf_from(g.client.get("/dang-nhap").get_data(as_text=True)) for g in guessers]
    barrier = threading.Barrier(len(guessers))
    statuses: list[int] = []

    def guess(guesser, token):
        barrier.wait()
        response = guesser.client.post(
            "/dang-nhap",
            data={"csrf_token": token, "username": OWNER, "password": "doan-mo-mat-khau"},
            environ_base={"REMOTE_ADDR": guesser.address},
        )
        statuses.append(response.status_code)

    pairs = zip(guessers, tokens, strict=True)
    threads = [threading.Thread(target=guess, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # At most the account's 5 passwords were checked; every other request waited.
    assert statuses.count(422) <= 5, statuses
    assert statuses.count(429) >= 15, statuses


def timed_login(guesser, login) -> float:
    start = time.perf_counter()
    assert guesser.log_in(login=login).status_code == 422
    return time.perf_counter() - start


def test_an_unknown_number_answers_as_slowly_as_a_known_one(app, learner, slow_hashing):
    learner.log_out()
    known = min(timed_login(Guesser(app, f"198.51.100.{n}"), OWNER) for n in range(3))
    unknown = min(timed_login(Guesser(app, f"198.51.100.{n}"), "0977000111") for n in range(3))
    assert unknown >= 0.5 * known, (unknown, known)


def test_sign_up_is_no_cheaper_oracle_than_login(app, learner):
    learner.log_out()
    prober = Person(app.test_client())
    address = {"environ_base": {"REMOTE_ADDR": "203.0.113.9"}}
    formats = ["0912345678", "0912 345 678", "+84912345678", "0912.345.678", "84912345678"]
    for login in formats:
        response = prober.post_form("/dang-ky?tinh=48", signup_data(login=login), **address)
        assert response.status_code == 422 and "đã có người dùng" in response.get_data(as_text=True)
    response = prober.post_form("/dang-ky?tinh=48", signup_data(), **address)
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "đã có người dùng" not in html and "Vui lòng đợi" in html


def test_one_address_cannot_make_accounts_by_the_thousand(app):
    app.config["SIGNUP_LIMIT_ADDRESS"] = "2 per hour"
    maker = Person(app.test_client())
    for n in range(2):
        assert maker.sign_up(login=f"09770001{n:02d}").status_code == 302
        maker.log_out()
    response = maker.sign_up(login="0977000199")
    assert response.status_code == 429
    assert "quá nhiều lượt thử" in response.get_data(as_text=True)


def test_a_class_on_one_wifi_all_gets_in_on_new_phones(app):
    for n in range(22):  # more than the address's 20 a minute
        assert Person(app.test_client()).sign_up(login=f"09770002{n:02d}").status_code == 302
    for n in range(22):
        assert Person(app.test_client()).log_in(login=f"09770002{n:02d}").status_code == 302
