"""Sessions: new at login, ended everywhere on a password change or on request, staff
sessions end when idle, and the security log never holds a password."""

import logging

from sqlalchemy import select

from lms.app import create_app
from lms.models import User
from lms.web import db

from .factories import GOOD_KEY, make_staff
from .paths import CURRICULUM
from .people import Person, age_session, log_in_staff


def second_device(app) -> Person:
    other = Person(app.test_client())
    assert other.log_in().status_code == 302
    return other


def test_login_starts_a_new_session_so_nothing_planted_survives(learner):
    learner.log_out()
    with learner.client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
        planted["_user_id"] = "999:1"
        before = dict(planted)
    assert learner.log_in().status_code == 302
    with learner.client.session_transaction() as after:
        assert "planted" not in after
        assert after["_user_id"] != before["_user_id"]
        assert after.get("csrf_token") and after.get("csrf_token") != before.get("csrf_token")


def test_password_change_ends_every_other_session(app, learner):
    other = second_device(app)
    assert other.client.get("/tien-do").status_code == 200
    response = learner.post_form(
        "/tai-khoan/doi-mat-khau",
        {
            "current": "luavangdongque",
            "password": "ca-phe-sang-som",
            "password_again": "ca-phe-sang-som",
        },
    )
    assert response.status_code == 302
    assert learner.client.get("/tien-do").status_code == 200  # this phone goes on
    gone = other.client.get("/tien-do")
    assert gone.status_code == 302 and "/dang-nhap" in gone.headers["Location"]
    learner.log_out()
    assert learner.log_in(password="luavangdongque").status_code == 422
    assert learner.log_in(password="ca-phe-sang-som").status_code == 302


def change(learner, current, new, again=None):
    return learner.post_form(
        "/tai-khoan/doi-mat-khau",
        {"current": current, "password": new, "password_again": again or new},
    )


def test_password_change_applies_the_sign_up_rules(learner, session):
    stored = session.scalar(select(User.password_hash))
    for new, message in [
        ("123456789", "quá phổ biến"),
        ("0912345678ab", "không được chứa số điện thoại"),
        ("bahoa-bahoa", "không được chứa"),
        ("ngan", "ít nhất 8 ký tự"),
        ("luavangdongque", "phải khác mật khẩu đang dùng"),
    ]:
        response = change(learner, "luavangdongque", new)
        assert response.status_code == 422, new
        assert message in response.get_data(as_text=True), new
    response = change(learner, "luavangdongque", "ca-phe-sang-som", "ca-phe-sang-sơm")
    assert "chưa giống nhau" in response.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(User.password_hash)) == stored


def test_password_change_needs_the_current_password(learner, session):
    stored = session.scalar(select(User.password_hash))
    response = change(learner, "khong-phai-mat-khau", "ca-phe-sang-som")
    assert response.status_code == 422
    assert "Mật khẩu chưa đúng" in response.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(User.password_hash)) == stored


def test_log_out_everywhere_ends_every_session(app, learner):
    other = second_device(app)
    response = learner.post_form("/tai-khoan", {}, action="/tai-khoan/dang-xuat-moi-noi")
    assert response.status_code == 302
    for device in (learner, other):
        assert device.client.get("/tien-do").status_code == 302
    assert learner.log_in().status_code == 302


def test_the_account_page_offers_both_actions(learner):
    html = learner.client.get("/tai-khoan").get_data(as_text=True)
    assert "Đăng xuất trên mọi thiết bị" in html and 'href="/tai-khoan/doi-mat-khau"' in html


def test_idle_staff_sessions_end(app):
    make_staff(app, "trainer", "giangvien")  # sees the members of her classes
    make_staff(app, "officer", "canboxa", scope=20791)
    make_staff(app, "admin", "quantri")
    staff = [
        ("giangvien", "/giang-vien/lop"),
        ("canboxa", "/tien-do"),
        ("quantri", "/quan-tri/nhat-ky"),
    ]
    for username, page in staff:
        person, response = log_in_staff(app, username)
        cookies = " ".join(response.headers.getlist("Set-Cookie"))
        assert "remember_token=" not in cookies  # staff sessions can only live on activity
        age_session(person, 29)
        assert person.client.get(page).status_code == 200  # active enough: still in
        age_session(person, 31)
        response = person.client.get(page)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/dang-nhap?next=")
        assert person.client.get(page).status_code == 302  # and stays out
        html = person.client.get("/dang-nhap").get_data(as_text=True)
        assert "không thao tác trong 30 phút" in html


def test_learners_are_not_timed_out(learner):
    age_session(learner, 24 * 60)
    assert learner.client.get("/tien-do").status_code == 200


def test_auth_events_are_logged_without_passwords(app, learner, caplog):
    caplog.set_level(logging.INFO, logger="lms.auth")
    learner.log_out()
    learner.log_in(password="sai-mat-khau-1")
    learner.log_in()
    change(learner, "luavangdongque", "ca-phe-sang-som")
    learner.log_out()
    for _ in range(6):
        learner.log_in(login="0987654321", password="doan-bua-mot-cai")
    lines = [r.getMessage() for r in caplog.records if r.name == "lms.auth"]
    text = "\n".join(lines)
    for event in ("login.failure", "login.success", "password.changed", "login.throttled"):
        assert event in text, text
    for secret in ("sai-mat-khau-1", "luavangdongque", "ca-phe-sang-som", "doan-bua"):
        assert secret not in text
    assert "0987654321" not in text  # the typed login of an unknown account is not kept


def test_hsts_only_in_production(tmp_path, monkeypatch, client):
    headers = client.get("/").headers
    assert "Strict-Transport-Security" not in headers
    assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("LMS_SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("LMS_PUBLIC_URL", "https://hocso.example.vn")
    monkeypatch.delenv("LMS_PASSWORD_HASH")  # production refuses the suite's cheap hashing
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'prod.db'}", "CONTENT_ROOT": CURRICULUM}
    )
    try:
        headers = app.test_client().get("/").headers
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    finally:
        db.engine(app).dispose()
