"""A stale form is refused, kindly: the same form comes back filled in, with a new token."""

import re

from sqlalchemy import func, select

from lms.models import User

from .people import csrf_from, signup_data

STALE = "Trang này đã quá cũ nên chưa gửi được"


def value_of(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


def test_a_stale_sign_up_comes_back_filled_in_without_passwords(client, session):
    data = signup_data(
        display_name="Bà Hoa <Thôn 3>",
        village="Thôn Bình Hoà",
        password="mat-khau-rieng-tu",
        password_again="mat-khau-rieng-tu",
    )
    response = client.post("/dang-ky?tinh=48", data={"csrf_token": "het-han", **data})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert STALE in html
    assert value_of(html, "display_name") == "Bà Hoa &lt;Thôn 3&gt;"
    assert value_of(html, "login") == "0912345678"
    assert value_of(html, "village") == "Thôn Bình Hoà"
    assert '<option selected value="20791">' in html
    assert "mat-khau-rieng-tu" not in html  # passwords are never sent back
    assert session.scalar(select(func.count(User.id))) == 0
    # The fresh token on the page works: sending again creates the account.
    again = client.post("/dang-ky?tinh=48", data={"csrf_token": csrf_from(html), **data})
    assert again.status_code == 302
    assert session.scalar(select(func.count(User.id))) == 1


def test_a_stale_login_keeps_the_login_name(learner):
    learner.log_out()
    response = learner.client.post(
        "/dang-nhap",
        data={"csrf_token": "cu", "username": "0912345678", "password": "luavangdongque"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and STALE in html
    assert value_of(html, "username") == "0912345678"
    assert "luavangdongque" not in html
    assert learner.client.get("/tien-do").status_code == 302  # not logged in by a stale post


def test_a_stale_password_change_changes_nothing(learner, session):
    stored = session.scalar(select(User.password_hash))
    response = learner.client.post(
        "/tai-khoan/doi-mat-khau",
        data={
            "csrf_token": "cu",
            "current": "luavangdongque",
            "password": "ca-phe-sang-som",
            "password_again": "ca-phe-sang-som",
        },
    )
    assert response.status_code == 400 and STALE in response.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(User.password_hash)) == stored


def test_a_stale_profile_edit_keeps_the_typed_name(learner, session):
    response = learner.client.post(
        "/tai-khoan/sua",
        data={"csrf_token": "cu", **signup_data(display_name="Bà Hoa Mới")},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and STALE in html
    assert value_of(html, "display_name") == "Bà Hoa Mới"
    session.expire_all()
    assert session.scalar(select(User.display_name)) == "Bà Hoa"


def test_other_stale_posts_get_the_friendly_page(learner):
    response = learner.client.post("/dang-xuat", data={"csrf_token": "cu"})
    assert response.status_code == 400
    assert "Trang đã quá cũ" in response.get_data(as_text=True)
    assert learner.client.get("/tien-do").status_code == 200  # still logged in


def test_a_stale_post_after_the_session_ended_explains_instead_of_redirecting(learner):
    learner.log_out()
    response = learner.client.post("/tai-khoan/doi-mat-khau", data={"csrf_token": "cu"})
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "Trang đã quá cũ" in response.get_data(as_text=True)
