"""The officers' citizens list: search, filters, order, pages, bad input, scope."""

import re

import pytest
from sqlalchemy import select

from lms.models import Lesson, LessonProgress
from lms.web import db

from .factories import A, B, add_citizen, make_staff, make_two_communes
from .people import log_in_staff


@pytest.fixture
def area(app):
    return make_two_communes(app)


@pytest.fixture
def officer(app):
    make_staff(app, "officer", "canbo.a", A)
    return log_in_staff(app, "canbo.a")[0]


def names(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'<td><a href="/can-bo/nguoi-hoc/\d+"[^>]*>([^<]+)</a>', html)


def listed(officer, query: str = "") -> list[str]:
    response = officer.client.get("/can-bo/nguoi-hoc" + query)
    assert response.status_code == 200, response.status_code
    return names(response)


def test_lists_the_area_in_vietnamese_order(app, area, officer):
    # Given names first (An, Bình, Đào); B's citizen and the one who withdrew: never.
    assert listed(officer) == ["Nguyễn Văn An", "Trần Văn Bình", "Đỗ Thị Đào"]


def test_search_ignores_diacritics_and_case(app, area, officer):
    assert listed(officer, "?q=nguyen van") == ["Nguyễn Văn An"]
    assert listed(officer, "?q=NGUYỄN") == ["Nguyễn Văn An"]
    assert listed(officer, "?q=dao") == ["Đỗ Thị Đào"]
    assert listed(officer, "?q=đ") == ["Đỗ Thị Đào"]
    assert listed(officer, "?q=0912 000") == ["Nguyễn Văn An"]
    assert listed(officer, "?q=xa") == []  # in commune B
    assert listed(officer, "?q=rut") == []  # withdrew consent
    assert listed(officer, "?q=%25") == listed(officer)  # no wildcard gets through


def test_filters(app, area, officer):
    assert listed(officer, "?muc=KNS-1") == ["Nguyễn Văn An", "Trần Văn Bình"]
    assert listed(officer, "?muc=KNS-2") == ["Trần Văn Bình"]
    assert listed(officer, "?muc=chua") == ["Đỗ Thị Đào"]
    assert listed(officer, "?muc=KNS-1&nam=2021") == []  # met this year, not in 2021
    assert listed(officer, f"?thon={area['village']}") == ["Nguyễn Văn An"]
    assert listed(officer, f"?xa={A}&gioi=nam") == ["Trần Văn Bình"]
    assert listed(officer, "?nhom=cong-nhan") == ["Trần Văn Bình"]
    assert listed(officer, "?tuoi=duoi-30&gioi=&nam=2025") == ["Trần Văn Bình"]
    assert listed(officer, "?tuoi=60-74&nam=2025") == ["Nguyễn Văn An", "Đỗ Thị Đào"]
    assert listed(officer, "?hoat-dong=7") == []
    with app.app_context():
        session = db.session()
        lesson_id = session.scalar(select(Lesson.id))
        session.add(LessonProgress(user_id=area["Đỗ Thị Đào"], lesson_id=lesson_id))
        session.commit()
    assert listed(officer, "?hoat-dong=7") == ["Đỗ Thị Đào"]
    assert listed(officer, "?xac-nhan=co") == []
    assert listed(officer, "?xac-nhan=chua") == ["Nguyễn Văn An", "Trần Văn Bình", "Đỗ Thị Đào"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?muc=KNS-9", "Mức đã đạt"),
        ("?nam=1800", "Năm"),
        ("?nam=abc", "Năm"),
        ("?tuoi=200", "Tuổi"),
        ("?hoat-dong=5", "Hoạt động gần đây"),
        ("?xa=12345678901", "Xã, phường"),
        ("?trang=-1", "Trang"),
        ("?trang=x", "Trang"),
        ("?q=a%00b", "Tìm tên hoặc số điện thoại"),
        ("?gioi=%3Cscript%3E", "Giới tính"),
    ],
)
def test_absurd_filters_get_a_message_naming_the_field(app, area, officer, query, field):
    response = officer.client.get("/can-bo/nguoi-hoc" + query)
    assert response.status_code == 400
    assert f"“{field}”" in response.get_data(as_text=True)
    assert names(response) == []


def test_places_outside_the_area_are_not_found(app, area, officer):
    assert officer.client.get(f"/can-bo/nguoi-hoc?xa={B}").status_code == 404
    assert officer.client.get(f"/can-bo/nguoi-hoc?thon={area['other_village']}").status_code == 404
    assert officer.client.get("/can-bo/nguoi-hoc?xa=99999").status_code == 404  # no such
    assert officer.client.get("/can-bo/nguoi-hoc?thon=999999").status_code == 404
    # A village of A with a forged commune beside it.
    both = f"?xa={A}&thon={area['other_village']}"
    assert officer.client.get("/can-bo/nguoi-hoc" + both).status_code == 404


def test_a_province_officer_sees_both_communes_and_can_narrow(app, area):
    make_staff(app, "officer", "canbo.tinh", 48)
    province = log_in_staff(app, "canbo.tinh")[0]
    assert listed(province) == ["Nguyễn Văn An", "Trần Văn Bình", "Đỗ Thị Đào", "Nguyễn Thị Xa"]
    assert listed(province, f"?xa={B}") == ["Nguyễn Thị Xa"]


def test_pages(app, officer):
    with app.app_context():
        session = db.session()
        for n in range(55):
            add_citizen(session, f"Người {n:02d}")
    first = listed(officer)
    second = listed(officer, "?trang=2")
    assert len(first) == 50 and len(second) == 5
    assert first[0] == "Người 00" and second[-1] == "Người 54"
    response = officer.client.get("/can-bo/nguoi-hoc?trang=3")
    assert "Trang này không có ai" in response.get_data(as_text=True)
    far = officer.client.get("/can-bo/nguoi-hoc?trang=1000000000")
    assert far.status_code == 200
    assert "Trang này quá xa" in far.get_data(as_text=True)
    assert names(far) == []
