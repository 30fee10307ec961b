"""Certificates: unguessable codes, one per citizen and level, a PDF whose text keeps the
Vietnamese letters, and a public check that shows initials only and says when a
certificate no longer holds."""

import io
import math
import re
from datetime import datetime

import pytest
import segno
from pypdf import PdfReader
from sqlalchemy import delete, func, select

from lms import certificates
from lms.certificates import pdf
from lms.models import Certificate, Confirmation, CriterionStatus, User, utcnow
from lms.people.personal_data import delete_account
from lms.web import db

from .factories import give_level, make_citizen
from .people import log_in_staff

NAME = "Nguyễn Thị Hằng"
PUBLIC = "https://hocso.example.vn"
CODE = re.compile(r"HS(-[2-9A-HJKMNP-TV-Z]{4}){5}")


def pdf_text(data: bytes) -> str:
    """The PDF's text, lines joined by single spaces (long lines wrap)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


# --- the service ----------------------------------------------------------------------


def test_codes_are_readable_and_carry_at_least_80_random_bits():
    codes = {certificates.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE.fullmatch(code) for code in codes)
    bits = certificates.GROUPS * certificates.GROUP_LENGTH * math.log2(len(certificates.ALPHABET))
    assert bits >= 80 and certificates.CODE_BITS <= bits
    # No look-alikes: 0/O, 1/I/L.
    assert not set("01OIL") & set(certificates.ALPHABET)
    # Every character is used: the code is not a biased draw from a smaller set.
    assert set("".join(c[3:] for c in codes)) - {"-"} == set(certificates.ALPHABET)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hs-7k3q-m9xd-2pwa-c4tn-8hjr", "HS-7K3Q-M9XD-2PWA-C4TN-8HJR"),
        ("HS 7K3Q M9XD 2PWA C4TN 8HJR", "HS-7K3Q-M9XD-2PWA-C4TN-8HJR"),
        ("HS7K3QM9XD2PWAC4TN8HJR", "HS-7K3Q-M9XD-2PWA-C4TN-8HJR"),
        ("HS-7K3Q-M9XD-2PWA-C4TN", None),  # a group short
        ("HS-7K3Q-M9XD-2PWA-C4TN-8HJ0", None),  # 0 is never in a code
        ("XX-7K3Q-M9XD-2PWA-C4TN-8HJR", None),
        ("HS-7K3Q-M9XD-2PWA-C4TN-8HJR'--", None),
        ("", None),
        ("H" * 500, None),
    ],
)
def test_typed_codes_are_read_in_their_printed_form(typed, expected):
    assert certificates.normalize_code(typed) == expected


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Nguyễn Văn An", "N. V. A."),
        ("đặng thị  ánh", "Đ. T. A."),
        ("Ông Út", "O. U."),
        ("Bà Hoa", "B. H."),
    ],
)
def test_initials(name, initials):
    assert certificates.initials(name) == initials


def test_the_pdf_embeds_a_font_that_keeps_every_vietnamese_letter():
    code = certificates.new_code()
    sheet = certificates.Sheet(
        name="Đặng Thị Ngọc Hường",
        commune="Xã Thăng Bình",
        province="Thành phố Đà Nẵng",
        level="KNS-2",
        level_title="Tự cập nhật thông tin Công dân học tập trên môi trường số",
        met_at=datetime(2026, 5, 3, 20, 0),  # 3 May, 20:00 UTC: already 4 May in Vietnam
        points=10,
        code=code,
        url=f"{PUBLIC}/xac-minh/{code}",
    )
    data = pdf.build(sheet)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in (
        "Đặng Thị Ngọc Hường",
        "Xã Thăng Bình, Thành phố Đà Nẵng",
        "Tự cập nhật thông tin Công dân học tập trên môi trường số",
        "Ngày đạt: 04/05/2026",
        "10/10",
        code,
        sheet.url,
    ):
        assert expected in text, expected
    assert b"NotoSans" in data  # the font travels inside the file


def test_the_qr_drawing_reads_back_as_the_link():
    url = f"{PUBLIC}/xac-minh/HS-7K3Q-M9XD-2PWA-C4TN-8HJR"
    drawing = pdf.qr_drawing(url)
    assert re.fullmatch(r"[Mhvz0-9 -]+", drawing.path)
    # Every dark module of segno's matrix is inside exactly one run of the path.
    matrix = segno.make(url, error="m").matrix
    dark = {(x + 2, y + 2) for y, row in enumerate(matrix) for x, on in enumerate(row) if on}
    drawn = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", drawing.path):
        drawn |= {(int(x) + i, int(y)) for i in range(int(width))}
    assert drawn == dark and drawing.size == len(matrix) + 4


# --- through the site -----------------------------------------------------------------


@pytest.fixture
def citizen(app):
    """A citizen of Xã Thăng Bình who met KNS-1, signed in; the site has a public address."""
    app.config["PUBLIC_URL"] = PUBLIC
    user_id = make_citizen(app, "hang", NAME)
    give_level(app, user_id, "KNS-1", points=6)
    person, _ = log_in_staff(app, "hang")
    person.user_id = user_id
    return person


def ask(person, level="KNS-1"):
    return person.post_form("/tien-do", {}, action=f"/tien-do/giay-chung-nhan/{level}")


def code_of(app, user_id, level="KNS-1") -> str:
    with app.app_context():
        return db.session().scalar(
            select(Certificate.code).where(
                Certificate.user_id == user_id, Certificate.level == level
            )
        )


def test_a_citizen_with_a_level_gets_one_certificate_as_a_page_and_a_pdf(app, citizen):
    progress = citizen.client.get("/tien-do").get_data(as_text=True)
    assert "/tien-do/giay-chung-nhan/KNS-1" in progress
    assert "/tien-do/giay-chung-nhan/KNS-2" not in progress  # not met: no button
    response = ask(citizen)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/tien-do/giay-chung-nhan/KNS-1")
    code = code_of(app, citizen.user_id)
    assert CODE.fullmatch(code)
    # Asking again gives the same certificate: one per citizen and level.
    assert ask(citizen).status_code == 302
    with app.app_context():
        assert db.session().scalar(select(func.count(Certificate.id))) == 1
    assert code_of(app, citizen.user_id) == code

    # A forged Host header never puts its address on a certificate (the sign-in cookies
    # go along, as a browser tricked into that host would send them).
    forged = {"Host": "evil.example"}
    for key in ("session", "remember_token"):
        cookie = citizen.client.get_cookie(key)
        if cookie is not None:
            citizen.client.set_cookie(key, cookie.value, domain="evil.example")
    page = citizen.client.get("/tien-do/giay-chung-nhan/KNS-1", headers=forged)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    assert NAME in html and code in html and f"{PUBLIC}/xac-minh/{code}" in html
    assert "<svg" in html and "evil.example" not in html
    assert "Xã Thăng Bình" in html and "6/10" in html

    document = citizen.client.get("/tien-do/giay-chung-nhan/KNS-1.pdf", headers=forged)
    assert document.status_code == 200
    assert document.mimetype == "application/pdf"
    assert "attachment" in document.headers["Content-Disposition"]
    text = pdf_text(document.data)
    assert NAME in text and code in text and f"{PUBLIC}/xac-minh/{code}" in text
    assert "evil.example" not in text


def test_no_certificate_for_a_level_not_met_or_not_yet_asked_for(app, citizen):
    assert ask(citizen, "KNS-2").status_code == 404
    assert citizen.client.get("/tien-do/giay-chung-nhan/KNS-1").status_code == 404  # not asked
    assert citizen.client.get("/tien-do/giay-chung-nhan/KNS-2.pdf").status_code == 404
    assert ask(citizen, "x" * 40).status_code == 404
    with app.app_context():
        assert db.session().scalar(select(func.count(Certificate.id))) == 0


def test_another_learner_never_sees_someone_elses_certificate(app, citizen):
    ask(citizen)
    make_citizen(app, "lan", "Trần Thị Lan")
    other, _ = log_in_staff(app, "lan")
    # The URL names a level, never a person: the other learner has none to show.
    page = other.client.get("/tien-do/giay-chung-nhan/KNS-1")
    assert page.status_code == 404 and NAME not in page.get_data(as_text=True)


def test_the_public_check_shows_initials_commune_level_and_date_only(app, citizen):
    ask(citizen)
    code = code_of(app, citizen.user_id)
    anonymous = app.test_client()
    page = anonymous.get(f"/xac-minh/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "N. T. H." in html and "Xã Thăng Bình" in html and "KNS-1" in html
    assert certificates.local_date(utcnow()) in html
    assert "còn hiệu lực" in html and "không còn hiệu lực" not in html
    for private in (NAME, "Hằng", "hang"):
        assert private not in html, private
    # Typed by hand, in lower case with spaces, it is the same certificate.
    typed = anonymous.get("/xac-minh/" + code.lower().replace("-", " "))
    assert typed.status_code == 200 and "N. T. H." in typed.get_data(as_text=True)


def test_a_revoked_confirmation_shows_on_the_public_check(app, citizen):
    ask(citizen)
    code = code_of(app, citizen.user_id)
    with app.app_context():
        session = db.session()
        session.add(
            Confirmation(
                user_id=citizen.user_id,
                year=2026,
                level="KNS-1",
                confirmed_by_name="Cán bộ xã",
                confirmed_at=utcnow(),
            )
        )
        session.commit()
    confirmed = app.test_client().get(f"/xac-minh/{code}").get_data(as_text=True)
    assert "Đã được cán bộ xác nhận ngày" in confirmed and "không còn hiệu lực" not in confirmed
    with app.app_context():
        session = db.session()
        row = session.scalar(select(Confirmation))
        row.revoked_at, row.revoked_by_name, row.revoke_reason = utcnow(), "Cán bộ xã", "Nhầm"
        session.commit()
    revoked = app.test_client().get(f"/xac-minh/{code}").get_data(as_text=True)
    assert "không còn hiệu lực" in revoked and "thu hồi xác nhận" in revoked


def test_a_lost_level_or_a_deleted_account_leaves_the_code_not_valid(app, citizen):
    ask(citizen)
    code = code_of(app, citizen.user_id)
    with app.app_context():
        session = db.session()
        session.execute(delete(CriterionStatus).where(CriterionStatus.user_id == citizen.user_id))
        session.commit()
    lost = app.test_client().get(f"/xac-minh/{code}").get_data(as_text=True)
    assert "không còn hiệu lực" in lost and "không còn đạt mức này" in lost
    # The learner's own pages follow: no certificate of a level she no longer holds.
    assert citizen.client.get("/tien-do/giay-chung-nhan/KNS-1.pdf").status_code == 404
    with app.app_context():
        session = db.session()
        delete_account(session, session.get(User, citizen.user_id))
        session.commit()
    gone = app.test_client().get(f"/xac-minh/{code}")
    html = gone.get_data(as_text=True)
    assert gone.status_code == 200 and "không còn hiệu lực" in html and "bị xoá" in html
    assert "N. T. H." not in html


def test_an_unknown_code_is_a_friendly_404(app):
    for code in ("HS-2222-2222-2222-2222-2222", "khong-co", "<script>", "x" * 300):
        response = app.test_client().get(f"/xac-minh/{code}")
        assert response.status_code == 404
        html = response.get_data(as_text=True)
        assert "Không tìm thấy giấy chứng nhận" in html and "<script>" not in html


def test_the_public_check_is_rate_limited(app):
    client = app.test_client()
    codes = [client.get("/xac-minh/HS-2222-2222-2222-2222-2222").status_code for _ in range(25)]
    assert codes[:20] == [404] * 20 and codes[-1] == 429


def test_the_progress_page_of_a_learner_without_a_level_offers_no_certificate(app):
    make_citizen(app, "lan", "Trần Thị Lan")
    person, _ = log_in_staff(app, "lan")
    assert "giay-chung-nhan" not in person.client.get("/tien-do").get_data(as_text=True)
