"""The officer dashboard (/can-bo/) and the admin's targets page (/quan-tri/chi-tieu)."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from lms import places
from lms.models import AuditEntry, RoleGrant, Target
from lms.web import db

from .factories import make_staff
from .people import Person, answer_phone_quiz, csrf_from, log_in_staff

YEAR = date.today().year


@pytest.fixture
def commune_officer(app):
    make_staff(app, "officer", "canbo.thangbinh", 20791)
    return log_in_staff(app, "canbo.thangbinh")[0]


@pytest.fixture
def province_officer(app):
    make_staff(app, "officer", "canbo.danang", 48)
    return log_in_staff(app, "canbo.danang")[0]


def _page(person, url, status=200) -> str:
    response = person.client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def _summary(html: str) -> list[str]:
    """The three headline numbers: registered, KNS-1, KNS-2."""
    block = html.split('<div class="summary">', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<span class="big"><a href="[^"]+">([\d.]+)</a>', block)


def test_the_commune_dashboard_counts_sign_ups_levels_and_withdrawn_learners(
    app, learner, commune_officer
):
    other = Person(app.test_client())
    assert other.sign_up(login="0987654321", gender="nam").status_code == 302
    url = learner.start_quiz("dien-thoai")
    learner.submit(url, answer_phone_quiz(learner, url))
    html = _page(commune_officer, "/can-bo/")
    assert "Kỹ năng số ở Xã Thăng Bình" in html
    assert _summary(html) == ["2", "1", "0"]
    assert "<strong>50 %</strong>" in html
    # Every number links to the list it counts, with the filters that count it.
    assert f'href="/can-bo/nguoi-hoc?xa=20791&amp;nam={YEAR}&amp;muc=KNS-1">1</a>' in html
    assert (
        f'href="/can-bo/nguoi-hoc?xa=20791&amp;nam={YEAR}&amp;muc=KNS-1&amp;gioi=nu">1</a>' in html
    )
    # Withdrawing consent takes her out of lists, never out of the numbers.
    other.post_form("/tai-khoan", {}, action="/tai-khoan/rut-dong-y")
    assert _summary(_page(commune_officer, "/can-bo/")) == ["2", "1", "0"]


def test_each_chart_is_an_svg_image_followed_by_its_table(app, learner, commune_officer):
    html = _page(commune_officer, "/can-bo/")
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="([^"]+)"', html)
    assert len(charts) == 5
    for chart_id in charts:
        after = html.split(f'aria-labelledby="{chart_id}"', 1)[1]
        assert f'<title id="{chart_id}">' in after.split("</svg>", 1)[0]
        assert after.split("</svg>", 1)[1].lstrip().startswith('<div class="table-wrap"')
    assert "style=" not in html and "<script>" not in html
    # She typed a village the commune has not listed: counted, in a row of its own.
    assert '<th scope="row">Thôn chưa có trong danh sách</th>' in html
    assert 'href="/can-bo/ma-dat-lai"' in html  # the reset-code page stays one click away


def test_a_province_officer_sees_every_commune_and_drills_down(app, learner, province_officer):
    html = _page(province_officer, "/can-bo/")
    assert "Kỹ năng số ở Thành phố Đà Nẵng" in html
    for commune in places.communes(48):
        assert f'href="/can-bo/?xa={commune.code}&amp;nam={YEAR}">{commune.name}</a>' in html
    assert _summary(html)[0] == "1"
    html = _page(province_officer, f"/can-bo/?xa=20791&nam={YEAR}")
    assert "Kỹ năng số ở Xã Thăng Bình" in html and _summary(html)[0] == "1"
    assert f'href="/can-bo/?tinh=48&amp;nam={YEAR}"' in html  # back up to the province
    assert _summary(_page(province_officer, "/can-bo/?xa=20275"))[0] == "0"


def test_an_officer_without_an_area_is_told_so(app):
    make_staff(app, "officer", "canbo.co", 20791)
    with app.app_context():
        session = db.session()
        grant = session.scalar(select(RoleGrant).where(RoleGrant.scope_code == 20791))
        grant.scope_code, grant.scope_kind = None, None
        db.commit()
    officer = log_in_staff(app, "canbo.co")[0]
    assert "chưa được giao xã hay tỉnh nào" in _page(officer, "/can-bo/")


def test_another_area_is_a_404(app, learner, commune_officer):
    for url in ("/can-bo/?xa=20275", "/can-bo/?tinh=48", "/can-bo/?tinh=1", "/can-bo/?xa=1"):
        _page(commune_officer, url, 404)


@pytest.mark.parametrize(
    "query",
    ["xa=999999999", "xa=abc", "xa=", "xa=99999999999999999999", "tinh=-1", "xa=%EF%BC%91"],
)
def test_unknown_areas_are_404_not_500(province_officer, query):
    _page(province_officer, f"/can-bo/?{query}", 404)


@pytest.mark.parametrize("year", ["abc", "1999", "2101", "99999999999", "２０２６", "-5"])
def test_an_absurd_year_gets_a_clear_message(province_officer, year):
    html = _page(province_officer, f"/can-bo/?nam={year}", 400)
    assert "không dùng được: hãy nhập một năm từ 2000 đến 2100" in html


def test_a_past_year_counts_only_what_happened_by_its_end(app, learner, commune_officer):
    assert _summary(_page(commune_officer, f"/can-bo/?nam={YEAR - 1}")) == ["0", "0", "0"]
    assert _summary(_page(commune_officer, f"/can-bo/?nam={YEAR}"))[0] == "1"


def test_admins_edit_targets_and_the_dashboard_follows(app, learner, commune_officer):
    make_staff(app, "admin", "quantri")
    admin = log_in_staff(app, "quantri")[0]
    page = _page(admin, "/quan-tri/chi-tieu")
    assert 'name="nam-0" value="2025"' in page and 'name="kns1-1" value="90"' in page
    rows = {"nam-0": "2025", "kns1-0": "70", "kns2-0": "60", "nam-1": "2030"}
    rows |= {"kns1-1": "100", "kns2-1": "100"}
    response = admin.post_form("/quan-tri/chi-tieu", rows)
    assert response.status_code == 302
    with app.app_context():
        session = db.session(writes=False)
        assert session.execute(select(Target.year, Target.kns1_percent)).all() == [
            (2025, 70),
            (2030, 100),
        ]
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "edit_targets"))
        assert "2030: 100/100" in entry.where
    if 2025 < YEAR < 2030:
        expected = round(70 + (YEAR - 2025) * 30 / 5)
        assert f"chỉ tiêu {expected} %" in _page(commune_officer, "/can-bo/")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"nam-0": "2025", "kns1-0": "70", "kns2-0": "60", "nam-1": "năm"}, "Dòng 2: hãy điền đủ"),
        ({"nam-0": "20x5", "kns1-0": "70", "kns2-0": "60"}, "Dòng 1: năm phải là một số"),
        ({"nam-0": "2025", "kns1-0": "170", "kns2-0": "60"}, "Dòng 1: tỉ lệ KNS-1 và KNS-2"),
        ({"nam-0": "2025", "kns1-0": "60", "kns2-0": "70"}, "không thể cao hơn KNS-1"),
        (
            {"nam-0": "2025", "kns1-0": "1", "kns2-0": "1", "nam-1": "2025", "kns1-1": "2"}
            | {"kns2-1": "2"},
            "Dòng 2: năm này đã có",
        ),
        ({"nam-0": "", "kns1-0": "", "kns2-0": ""}, "ít nhất một năm"),
        ({"nam-0": "9" * 5000, "kns1-0": "1", "kns2-0": "1"}, "Dòng 1: năm phải là một số"),
    ],
)
def test_bad_targets_are_named_by_row_and_nothing_is_stored(app, rows, message):
    make_staff(app, "admin", "quantri")
    admin = log_in_staff(app, "quantri")[0]
    empty = {f"{name}-{i}": "" for name in ("nam", "kns1", "kns2") for i in range(4)}
    response = admin.post_form("/quan-tri/chi-tieu", empty | rows)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        stored = db.session(writes=False).execute(select(Target.year, Target.kns1_percent))
        assert stored.all() == [(2025, 70), (2030, 90)]


def test_the_targets_form_needs_csrf(app):
    make_staff(app, "admin", "quantri")
    admin = log_in_staff(app, "quantri")[0]
    token = csrf_from(_page(admin, "/quan-tri/chi-tieu"))
    assert token
    response = admin.client.post("/quan-tri/chi-tieu", data={"nam-0": "2025"})
    assert response.status_code == 400
