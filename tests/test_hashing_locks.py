"""Password hashing holds no database lock: while a sign-in or a sign-up is hashing (or
waiting for its turn to hash), other learners' writes go through at once.

On SQLite a POST's transaction begins IMMEDIATE (the write lock, see lms.database); the
hash used to run inside it, so every quiz submission queued behind argon2 while a class
signed in. The test holds the process's only hashing slot, so the request stops exactly
where the hash would run, then writes from another connection with a short timeout.
"""

import os
import sqlite3
import threading
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.database import end_read
from lms.models import User
from lms.people.passwords import hashing_slot
from lms.people.reset_codes import give_code
from lms.web import db

from .factories import make_staff, make_user
from .people import csrf_from, signup_data

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("LMS_TEST_DATABASE_URL")),
    reason="SQLite's database-wide write lock; PostgreSQL locks rows, not the database",
)


def write_from_elsewhere(app) -> None:
    """Another learner's write, on a connection of its own, giving up after 0.5 s."""
    path = db.engine(app).url.database
    connection = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE users SET display_name = 'Ông Ba' WHERE username = 'ongba'")
        connection.execute("COMMIT")
    finally:
        connection.close()


def while_hashing(app, post) -> int:
    """Run ``post`` in a thread while this test holds the only hashing slot; write from
    another connection meanwhile; return the post's status once the slot is free."""
    statuses: list[int] = []
    thread = threading.Thread(target=lambda: statuses.append(post().status_code))
    with hashing_slot():
        thread.start()
        time.sleep(0.5)  # the request has read the account and now waits for its turn
        assert thread.is_alive(), "the request did not wait for the hashing slot"
        write_from_elsewhere(app)  # raised "database is locked" before the fix
    thread.join(timeout=15)
    return statuses[0]


@pytest.fixture
def neighbour(app):
    with app.app_context():
        make_user(db.session(), "Ong Ba")


def test_a_write_goes_through_while_a_sign_in_is_hashing(app, learner, neighbour):
    learner.log_out()
    token = csrf_from(learner.client.get("/dang-nhap").get_data(as_text=True))
    form = {"csrf_token": token, "username": "0912345678", "password": "luavangdongque"}
    assert while_hashing(app, lambda: learner.client.post("/dang-nhap", data=form)) == 302


def test_a_write_goes_through_while_a_sign_up_is_hashing(app, client, neighbour):
    token = csrf_from(client.get("/dang-ky?tinh=48").get_data(as_text=True))
    form = {"csrf_token": token, **signup_data()}
    assert while_hashing(app, lambda: client.post("/dang-ky?tinh=48", data=form)) == 302
    assert client.get("/tai-khoan").status_code == 200  # signed in as the new account


def test_a_write_goes_through_while_a_password_reset_is_hashing(app, learner, neighbour):
    """The code is spent only after the hash: spending it first took the write lock."""
    officer_id = make_staff(app, "officer", "canbo", 20791)
    with app.app_context():
        session = db.session()
        person = session.scalar(select(User).where(User.phone == "0912345678"))
        code = give_code(session, app.secret_key, session.get(User, officer_id), person)
        session.commit()
    learner.log_out()
    token = csrf_from(learner.client.get("/dat-lai-mat-khau").get_data(as_text=True))
    new = "caylua-tren-dong"
    form = {"csrf_token": token, "login": "0912345678", "code": code.readable}
    form |= {"password": new, "password_again": new}
    assert while_hashing(app, lambda: learner.client.post("/dat-lai-mat-khau", data=form)) == 302
    learner.log_out()
    assert learner.log_in("0912345678", new).status_code == 302


def test_a_wrong_password_also_waits_without_the_lock(app, learner, neighbour):
    learner.log_out()
    token = csrf_from(learner.client.get("/dang-nhap").get_data(as_text=True))
    form = {"csrf_token": token, "username": "0912345678", "password": "sai-mat-khau-roi"}
    assert while_hashing(app, lambda: learner.client.post("/dang-nhap", data=form)) == 422


def test_a_transaction_that_wrote_is_never_ended_early(app, neighbour):
    """end_read refuses to throw writes away: the hash then waits inside the transaction."""
    with app.app_context():
        session: Session = db.session()
        user = session.query(User).filter_by(username="ongba").one()
        assert end_read(session) and not session.in_transaction()
        user.display_name = "Ông Ba Mới"
        session.flush()
        assert not end_read(session) and session.in_transaction()
        session.commit()
        assert end_read(session)  # a new transaction: nothing written yet
        assert session.get(User, user.id).display_name == "Ông Ba Mới"
