"""Forgotten password: an officer of the learner's commune gives a one-time code."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from lms.models import AuditEntry, ResetCode, RoleGrant, User
from lms.web import db

from .factories import STAFF_PASSWORD, make_staff
from .people import Person

NEW_PASSWORD = "caylua-tren-dong"


def officer(app, username="canbo", scope=20791) -> Person:
    make_staff(app, "officer", username, scope)
    person = Person(app.test_client())
    assert person.log_in(username, STAFF_PASSWORD).status_code == 302
    return person


def learner_id(app) -> int:
    with app.app_context():
        return db.session().scalar(select(User.id).where(User.phone == "0912345678"))


def give_code(staff: Person, user_id: int):
    return staff.post_form("/can-bo/ma-dat-lai", {}, action=f"/can-bo/ma-dat-lai/{user_id}")


def code_in(response) -> str:
    match = re.search(r'class="reset-code"[^>]*>(\d{4} \d{4})<', response.get_data(as_text=True))
    assert match, "no code on the page"
    return match.group(1)


def reset(person: Person, code: str, password: str = NEW_PASSWORD, login: str = "0912345678"):
    return person.post_form(
        "/dat-lai-mat-khau",
        {"login": login, "code": code, "password": password, "password_again": password},
    )


def test_the_login_page_says_what_to_do(client):
    login = client.get("/dang-nhap").get_data(as_text=True)
    assert 'href="/quen-mat-khau"' in login
    page = client.get("/quen-mat-khau").get_data(as_text=True)
    assert "cán bộ xã" in page and "24 giờ" in page


def test_officer_finds_only_learners_of_their_commune(app, learner):
    mine = officer(app)
    found = mine.client.get("/can-bo/ma-dat-lai?q=Hoa").get_data(as_text=True)
    assert "Bà Hoa" in found and "số điện thoại đuôi 678" in found
    assert "Bà Hoa" in mine.client.get("/can-bo/ma-dat-lai?q=0912345678").get_data(as_text=True)
    # Typed as on a phone keyboard without Vietnamese: the same search as the admins'.
    assert "Bà Hoa" in mine.client.get("/can-bo/ma-dat-lai?q=ba hoa").get_data(as_text=True)
    assert "Bà Hoa" in mine.client.get("/can-bo/ma-dat-lai?q=BÀ HOA").get_data(as_text=True)
    other = officer(app, "canbokhac", 20275)
    assert "Bà Hoa" not in other.client.get("/can-bo/ma-dat-lai?q=Hoa").get_data(as_text=True)
    assert give_code(other, learner_id(app)).status_code == 404


def test_a_code_resets_once_ends_other_sessions_and_is_logged(app, learner):
    old_phone = learner  # signed in since sign-up
    staff = officer(app)
    given = give_code(staff, learner_id(app))
    assert given.status_code == 200 and given.headers["Cache-Control"] == "no-store"
    code = code_in(given)
    with app.app_context():
        stored = db.session().scalar(select(ResetCode))
        assert code.replace(" ", "") not in stored.code_hash  # only a keyed hash is kept

    forgetful = Person(app.test_client())
    done = reset(forgetful, code.replace(" ", "-"))
    assert done.status_code == 302
    assert forgetful.client.get("/tien-do").status_code == 200  # signed in on this phone
    assert old_phone.client.get("/tien-do").status_code == 302  # the old session ended
    assert reset(Person(app.test_client()), code, "mot-mat-khau-khac").status_code == 422
    assert Person(app.test_client()).log_in(password=NEW_PASSWORD).status_code == 302

    data_page = forgetful.client.get("/tai-khoan/du-lieu").get_data(as_text=True)
    assert "Cấp mã đặt lại mật khẩu" in data_page
    with app.app_context():
        assert db.session().scalar(select(AuditEntry.action)) == "give_reset_code"


def test_wrong_expired_and_replaced_codes_do_not_work(app, learner):
    staff = officer(app)
    first = code_in(give_code(staff, learner_id(app)))
    second = code_in(give_code(staff, learner_id(app)))
    stranger = Person(app.test_client())
    if first != second:
        assert reset(stranger, first).status_code == 422  # a new code replaces the old
    assert reset(stranger, "0000 000").status_code == 422  # not 8 digits: a clear message
    with app.app_context():
        session = db.session()
        session.execute(update(ResetCode).values(expires_at=ResetCode.created_at - timedelta(1)))
        session.commit()
    refused = reset(stranger, second)
    assert refused.status_code == 422
    assert "hết hạn" in refused.get_data(as_text=True)


def test_the_new_password_follows_the_sign_up_rules(app, learner):
    code = code_in(give_code(officer(app), learner_id(app)))
    weak = reset(Person(app.test_client()), code, "bahoa1960")
    assert weak.status_code == 422
    assert "tên của bạn" in weak.get_data(as_text=True)
    assert reset(Person(app.test_client()), code).status_code == 302  # not spent by the refusal


def test_guessing_codes_is_slowed_down(app, learner):
    give_code(officer(app), learner_id(app))
    guesser = Person(app.test_client())
    statuses = [reset(guesser, f"1234 56{n:02d}").status_code for n in range(7)]
    assert statuses[:5] == [422] * 5
    assert statuses[-1] == 429


def test_staff_accounts_cannot_be_reset_from_the_commune_office(app, learner):
    with app.app_context():
        session = db.session()
        hoa = session.scalar(select(User).where(User.phone == "0912345678"))
        hoa.roles.append(RoleGrant(role="trainer"))
        session.commit()
    mine = officer(app)
    assert "Bà Hoa" not in mine.client.get("/can-bo/ma-dat-lai?q=Hoa").get_data(as_text=True)
    assert give_code(mine, learner_id(app)).status_code == 404
