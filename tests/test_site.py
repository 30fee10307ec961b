"""Site-wide promises: health, sitemap, headers, no inline code, Vietnamese errors."""

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from lms.models import Base
from lms.web import db
from lms.web.site import _unhealthy

PAGES = [
    "/",
    "/bai/dien-thoai/bat-tat-may",
    "/dang-nhap",
    "/dang-ky",
    "/dang-ky?tinh=48",
    "/phan/dien-thoai",
    "/quen-mat-khau",
    "/dat-lai-mat-khau",
    "/khong-co-trang-nay",
]
LEARNER_PAGES = ["/tien-do", "/tai-khoan", "/kiem-tra/dien-thoai"]


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_sitemap_lists_every_public_lesson(client):
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    body = response.get_data(as_text=True)
    assert body.count("<loc>") == 8  # catalogue, glossary, 2 module pages, 4 lessons
    assert "<loc>http://localhost/phan/an-toan</loc>" in body
    assert "<loc>http://localhost/bai/an-toan/duong-link-la</loc>" in body


def test_sitemap_links_come_from_the_public_address_not_the_host_header(app, client):
    app.config["PUBLIC_URL"] = "https://hocso.example.vn"
    body = client.get("/sitemap.xml", headers={"Host": "evil.example"}).get_data(as_text=True)
    locations = re.findall(r"<loc>([^<]*)</loc>", body)
    assert len(locations) == 8  # catalogue, glossary, 2 module pages, 4 lessons
    assert all(url.startswith("https://hocso.example.vn/") for url in locations), locations
    assert "evil.example" not in body


@pytest.mark.parametrize("url", PAGES)
def test_security_headers_and_strict_csp(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def no_inline_code(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html, "inline stylesheet"
    assert not re.search(r"\sstyle=", html), "style attribute"
    assert not re.search(r"\son[a-z]+=", html), "event handler attribute"
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "third-party resource"


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_hold_no_inline_code_or_third_party_requests(client, url):
    no_inline_code(client.get(url).get_data(as_text=True))


@pytest.mark.parametrize("url", LEARNER_PAGES)
def test_learner_pages_hold_no_inline_code(learner, url):
    response = learner.client.get(url)
    assert response.status_code == 200
    no_inline_code(response.get_data(as_text=True))


def test_session_cookie_is_httponly_and_lax(person):
    response = person.sign_up()
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_wrong_method_is_a_vietnamese_405(client):
    response = client.get("/dang-xuat")
    assert response.status_code == 405
    assert "Không thực hiện được" in response.get_data(as_text=True)


def test_a_server_error_shows_a_friendly_page(app):
    @app.route("/_hong")
    def broken():
        raise RuntimeError("boom")

    response = app.test_client().get("/_hong")
    assert response.status_code == 500
    assert "Dữ liệu của bạn vẫn an toàn" in response.get_data(as_text=True)


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(app):
    with app.app_context():
        session = db.session()
        if session.bind.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas only")
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_migrations_match_the_models(app):
    with db.engine(app).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_dates_are_shown_in_vietnam_time():
    from datetime import datetime

    from lms.web.site import vn_date, vn_datetime

    late_evening_utc = datetime(2026, 11, 28, 20, 30)
    assert vn_date(late_evening_utc) == "29/11/2026"
    assert vn_datetime(late_evening_utc) == "03:30 ngày 29/11/2026"
    assert vn_date(None) == ""


@pytest.mark.parametrize(
    ("driver_says", "reason_starts"),
    [
        ("database is locked", "Cơ sở dữ liệu đang quá bận"),
        ("database or disk is full", "Ổ đĩa chứa cơ sở dữ liệu"),
        ('password authentication failed for user "hoc_so"', "Máy chủ không được phép"),
        ("connection refused", "Không kết nối được tới cơ sở dữ liệu"),
    ],
)
def test_healthz_says_why_in_plain_vietnamese(app, driver_says, reason_starts):
    with app.test_request_context("/healthz"):
        body, status = _unhealthy(OperationalError("SELECT 1", {}, Exception(driver_says)))
    assert status == 503 and body["reason"].startswith(reason_starts)
    assert driver_says not in body["reason"]
