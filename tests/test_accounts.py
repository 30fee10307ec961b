"""Signing up without any ID number, logging in and out, and refusing bad input kindly."""

import pytest
from sqlalchemy import func, select

from lms.models import Consent, User
from lms.people.consent import CURRENT_VERSION

from .people import signup_data


def test_sign_up_with_phone_stores_profile_and_consent(person, session):
    response = person.sign_up(login="+84 912 345 678")
    assert response.status_code == 302
    user = session.scalar(select(User))
    assert (user.phone, user.username) == ("0912345678", None)
    assert (user.display_name, user.birth_year, user.gender) == ("Bà Hoa", 1960, "nu")
    assert (user.province_code, user.commune_code, user.village) == (48, 20791, "Thôn Bình Hoà")
    assert user.password_hash.startswith("$argon2id$")
    assert "luavangdongque" not in user.password_hash
    consent = session.scalar(select(Consent))
    assert consent.text_version == CURRENT_VERSION and consent.given_at is not None
    assert user.has_role("learner")


def test_sign_up_with_username(person, session):
    assert person.sign_up(login="BacHoa1960").status_code == 302
    assert session.scalar(select(User.username)) == "bachoa1960"


def test_sign_up_form_never_asks_for_an_id_number(client):
    html = client.get("/dang-ky?tinh=48").get_data(as_text=True).lower()
    for word in ("cccd", "căn cước công dân", "cmnd", "chứng minh"):
        assert f'name="{word}' not in html
    assert "số căn cước" not in html.replace("không cần số căn cước", "").replace(
        "không bao giờ hỏi số căn cước", ""
    ).replace("không hỏi số căn cước", "")


def test_step_one_lists_34_provinces_and_step_two_only_that_provinces_communes(client):
    first = client.get("/dang-ky").get_data(as_text=True)
    assert first.count("<option value=") == 35  # 34 + the prompt
    second = client.get("/dang-ky?tinh=48").get_data(as_text=True)
    assert "Xã Thăng Bình" in second and "Phường Hải Châu" in second
    assert second.count("<option value=") == 1 + 94 + 4 + 6  # communes, genders, groups


BAD_INPUT = [
    ({"birth_year": "3000"}, "Năm sinh phải là số từ 1900"),
    ({"birth_year": "năm"}, "Năm sinh phải là số"),
    ({"commune": "99999"}, "Lựa chọn không hợp lệ"),
    ({"commune": "70"}, "Lựa chọn không hợp lệ"),  # Phường Hoàn Kiếm is in Hà Nội, not Đà Nẵng
    ({"display_name": "x" * 81}, "Tên gọi dài tối đa 80 ký tự"),
    ({"display_name": "   "}, "Vui lòng nhập tên gọi"),
    ({"consent": ""}, "Bạn cần đồng ý"),
    ({"password": "123456789", "password_again": "123456789"}, "quá phổ biến"),
    ({"password": "0912345678x", "password_again": "0912345678x"}, "không được chứa số điện"),
    ({"password": "ngan", "password_again": "ngan"}, "ít nhất 8 ký tự"),
    ({"password_again": "khac-hoan-toan"}, "chưa giống nhau"),
    ({"login": "12"}, "Hãy nhập số điện thoại di động"),
    ({"gender": "robot"}, "Lựa chọn không hợp lệ"),
    ({"province": "77"}, "Tỉnh, thành phố không hợp lệ"),
]


@pytest.mark.parametrize(("change", "message"), BAD_INPUT)
def test_bad_sign_up_input_gets_a_vietnamese_message_and_stores_nothing(
    person, session, change, message
):
    data = signup_data(**change)
    response = person.post_form("/dang-ky?tinh=48", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(func.count(User.id))) == 0


def test_a_10_mb_name_is_refused_with_413_not_500(person, session):
    response = person.post_form("/dang-ky?tinh=48", signup_data(display_name="a" * 10_000_000))
    assert response.status_code == 413
    assert "quá dài" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(User.id))) == 0


def test_a_taken_phone_keeps_the_first_account_intact(person, session):
    person.sign_up()
    person.log_out()
    response = person.sign_up(
        display_name="Người khác", password="mot-mat-khau-khac", password_again="mot-mat-khau-khac"
    )
    assert response.status_code == 422
    assert "đã có người dùng" in response.get_data(as_text=True)
    assert session.scalar(select(User.display_name)) == "Bà Hoa"


def test_log_in_and_out(learner, client):
    learner.log_out()
    assert client.get("/tien-do").status_code == 302
    response = learner.log_in(login="0912 345 678")
    assert response.status_code == 302
    assert client.get("/tien-do").status_code == 200


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(learner):
    learner.log_out()
    response = learner.log_in(password="sai-mat-khau")
    assert response.status_code == 422
    assert "hoặc mật khẩu chưa đúng" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(learner, target):
    learner.log_out()
    token_page = learner.client.get("/dang-nhap").get_data(as_text=True)
    from .people import csrf_from

    response = learner.client.post(
        f"/dang-nhap?next={target}",
        data={
            "csrf_token": csrf_from(token_page),
            "username": "0912345678",
            "password": "luavangdongque",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(learner):
    learner.log_out()
    token_page = learner.client.get("/dang-nhap").get_data(as_text=True)
    from .people import csrf_from

    response = learner.client.post(
        "/dang-nhap?next=/tien-do",
        data={
            "csrf_token": csrf_from(token_page),
            "username": "0912345678",
            "password": "luavangdongque",
        },
    )
    assert response.headers["Location"] == "/tien-do"


def test_a_post_without_csrf_token_is_refused(client, session):
    response = client.post("/dang-ky?tinh=48", data=signup_data())
    assert response.status_code == 400
    assert "quá cũ" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(User.id))) == 0


def test_ending_every_sign_in_ends_the_session(learner, client, app):
    with app.app_context():
        from lms.people.logins import end_every_login
        from lms.web import db

        end_every_login(db.session(), db.session().scalar(select(User)))
        db.session().commit()
    assert client.get("/tien-do").status_code == 302
