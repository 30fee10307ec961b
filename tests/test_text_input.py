"""One rule for free text: NFC, no control or formatting characters, length bounds; and
odd bytes in a URL are a 404 before any query sees them (issue 9, item 5)."""

import pytest
from sqlalchemy import event, select

from lms.inputs import plain_text, without_unsafe
from lms.models import User
from lms.web import db

from .people import Person, signup_data

TRICKS = [
    "Bà\x00Hoa",  # NUL: PostgreSQL refuses it with an error, not a message
    "\u202egnp.exe",  # right-to-left override: shows as 'exe.png'
    "Bà\u200bHoa",  # zero-width space: looks like 'BàHoa'
    "\u2066Bà Hoa\u2069",  # bidi isolate
    "Bà Hoa\x7f",  # DEL
    "Bà\x85Hoa",  # C1 control
    "Bà\u2028Hoa",  # line separator
    "Bà\ue000Hoa",  # private use
    "Bà\tHoa",
]


@pytest.mark.parametrize("text", TRICKS)
def test_the_rule_refuses_invisible_and_control_characters(text):
    assert plain_text(text, max_length=80) is None
    assert plain_text(without_unsafe(text), max_length=80) is not None


def test_the_rule_normalises_what_it_keeps():
    decomposed = "Thôn Bi\u0300nh Hoa\u0300"  # the same letters, typed another way
    assert plain_text(f"  {decomposed}  ", max_length=100) == "Thôn Bình Hoà"
    assert plain_text("Bà   Hoa", max_length=80) == "Bà Hoa"
    assert plain_text("", max_length=80) is None
    assert plain_text("", max_length=80, min_length=0) == ""
    assert plain_text("x" * 81, max_length=80) is None


@pytest.mark.parametrize("field", ["display_name", "village"])
@pytest.mark.parametrize("text", ["Bà\x00Hoa", "\u202egnp.exe", "Bà\u200bHoa"])
def test_sign_up_refuses_tricks_in_names_and_villages(person, session, field, text):
    response = person.sign_up(**{field: text})
    assert response.status_code == 422
    assert "không dán ký tự lạ" in response.get_data(as_text=True)
    assert session.scalar(select(User.id)) is None


def test_the_profile_form_applies_the_same_rule(app, learner):
    response = learner.post_form(
        "/tai-khoan/sua", signup_data(village="Thôn\x00 Một", display_name="Bà Hoa")
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session().scalar(select(User.village)) == "Thôn Bình Hoà"


def test_names_are_stored_normalised(app, person):
    assert person.sign_up(display_name="Ba\u0300  Hoa ").status_code == 302
    with app.app_context():
        assert db.session().scalar(select(User.display_name)) == "Bà Hoa"


ODD_URLS = [
    "/kiem-tra/%00",
    "/kiem-tra/dien-thoai%00",
    "/kiem-tra/%E2%80%AE",
    "/bai/%00/bat-tat-may",
    "/bai/dien-thoai/%00",
    "/bai/dien-thoai/%01/da-hoc",
    "/phan/%00",
    "/phan/dien-thoai%E2%80%8B",
]


@pytest.mark.parametrize("url", ODD_URLS)
def test_odd_bytes_in_a_url_are_a_404_and_never_reach_the_database(app, learner, url):
    sent: list = []

    def remember(_conn, _cursor, _statement, parameters, _context, _many):
        sent.append(repr(parameters))

    engine = db.engine(app)
    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert learner.client.get(url).status_code == 404
        assert learner.client.post(url).status_code in (400, 404)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert not [p for p in sent if "\\x00" in p or "\\x01" in p or "\\u202e" in p], sent


def test_a_failed_write_gives_the_friendly_500_not_a_second_error(app):
    """The error handler rolls back before the page asks who is signed in; without it,
    the page's own query raises PendingRollbackError and the person gets a bare error."""

    @app.route("/_hong-ghi")
    def broken_write():
        session = db.session()
        session.add(User(phone="0987654321", password_hash="x", display_name="Trùng"))
        session.flush()  # the phone is taken: IntegrityError, the session needs rollback
        return "never"

    learner = Person(app.test_client())
    assert learner.sign_up(login="0987654321").status_code == 302
    response = learner.client.get("/_hong-ghi")
    assert response.status_code == 500
    assert "Dữ liệu của bạn vẫn an toàn" in response.get_data(as_text=True)
