"""The officers' citizens list: search, filters, order, pages, bad input, scope."""

import pytest

from lms.places.villages import add_village
from lms.web import db

from .factories import make_citizen
from .people import Person, log_in_staff
from .factories import make_staff

A, B = 20791, 20275  # Xã Thăng Bình, Phường An Hải (both in Đà Nẵng, 48)


@pytest.fixture
def area(app):
    """Citizens in two communes; returns names → ids."""
    with app.app_context():
        session = db.session()
        binh_hoa = add_village(session, A, "Thôn Bình Hoà")
        formula = add_village(session, A, '=HYPERLINK("http://x")')
        session.commit()
        people = {
            "Nguyễn Văn An": make_citizen(session, "Nguyễn Văn An", village_id=binh_hoa.id,
                                          levels=["KNS-1"], phone="0912000001"),
            "Đỗ Thị Đào": make_citizen(session, "Đỗ Thị Đào", village_id=formula.id, gender="nu"),
            "Trần Văn Bình": make_citizen(session, "Trần Văn Bình", gender="nam",
                                          levels=["KNS-1", "KNS-2"], birth_year=1990),
            "Lê Thị Rút": make_citizen(session, "Lê Thị Rút", consenting=False),
            "Nguyễn Thị Xa": make_citizen(session, "Nguyễn Thị Xa", commune=B, levels=["KNS-1"]),
        }  # fmt: skip
        ids = {name: user.id for name, user in people.items()}
        ids["village"], ids["formula_village"] = binh_hoa.id, formula.id
        db.commit()
    return ids


@pytest.fixture
def officer(app):
    make_staff(app, "officer", "canbo.a", A)
    person, _ = log_in_staff(app, "canbo.a")
    return person


def names(response) -> list[str]:
    html = response.get_data(as_text=True)
    import re

    return re.findall(r'<td><a href="/can-bo/nguoi-hoc/\d+">([^<]+)</a>', html)


def test_lists_the_area_in_vietnamese_order(app, area, officer):
    response = officer.client.get("/can-bo/nguoi-hoc")
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Văn An", "Trần Văn Bình", "Đỗ Thị Đào"]
