"""Staff roles in the browser: admins grant and revoke, never the last admin; a province
officer manages the officers of its own communes only; every change is in the audit log."""

import pytest
from sqlalchemy import select

from lms.models import AuditEntry, RoleGrant, User
from lms.people import roles
from lms.web import db

from .factories import make_citizen, make_staff
from .people import log_in_staff

HANOI_COMMUNE = 9877  # Xã An Khánh, Thành phố Hà Nội
THANG_BINH = 20791  # Xã Thăng Bình, Thành phố Đà Nẵng (48)


@pytest.fixture
def admin(app):
    make_staff(app, "admin", "quantri")
    person, _ = log_in_staff(app, "quantri")
    return person


@pytest.fixture
def citizen_id(app):
    return make_citizen(app, "hoa", "Lê Thị Hoa")


def grants_of(app, user_id) -> set[tuple]:
    with app.app_context():
        rows = db.session().scalars(select(RoleGrant).where(RoleGrant.user_id == user_id))
        return {(g.role, g.scope_code, g.scope_kind) for g in rows}


def log(app) -> list[tuple]:
    with app.app_context():
        rows = db.session().scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(e.actor_id, e.subject_id, e.action, e.where) for e in rows]


def page_of(user_id):
    return f"/quan-tri/nguoi-dung/{user_id}"


def grant(person, user_id, **data):
    return person.post_form(page_of(user_id), data, action=f"{page_of(user_id)}/cap-vai-tro")


def revoke(person, user_id, grant_id):
    return person.post_form(
        page_of(user_id), {"grant": str(grant_id)}, action=f"{page_of(user_id)}/thu-hoi-vai-tro"
    )


def grant_id(app, user_id, role):
    with app.app_context():
        return db.session().scalar(
            select(RoleGrant.id).where(RoleGrant.user_id == user_id, RoleGrant.role == role)
        )


def test_the_admin_home_lists_the_admin_pages(admin):
    html = admin.client.get("/quan-tri/").get_data(as_text=True)
    assert "/quan-tri/nguoi-dung" in html and "/quan-tri/nhat-ky" in html


@pytest.mark.parametrize("query", ["Lê Thị", "hoa"])
def test_an_admin_finds_people_by_name_or_login(app, admin, citizen_id, query):
    html = admin.client.get("/quan-tri/nguoi-dung", query_string={"q": query}).get_data(
        as_text=True
    )
    assert page_of(citizen_id) in html


@pytest.mark.parametrize("query", ["le thi", "LE THI HOA", "lê thị", "Thi Hoa", "LÊ THỊ"])
def test_the_admin_search_ignores_diacritics_and_case(app, admin, citizen_id, query):
    html = admin.client.get("/quan-tri/nguoi-dung", query_string={"q": query}).get_data(
        as_text=True
    )
    assert page_of(citizen_id) in html


def test_the_admin_search_reads_đ_as_d_and_matches_at_word_starts(app, admin, citizen_id):
    do = make_citizen(app, "nguoi.mot", "Đỗ Văn Dũng")
    duong = make_citizen(app, "nguoi.hai", "Dương Thị Lan")

    def found(query: str) -> set[int]:
        with app.app_context():
            return {person.id for person in roles.find_people(db.session(), query)}

    assert found("do van") == {do}
    assert found("đo van dung") == {do}
    assert found("đuong") == {duong}
    assert found("dũng") == {do}
    assert found("ung") == set()  # inside a word: not a match
    assert found("thi") == {citizen_id, duong}
    # In Vietnamese alphabetical order: by the given name (Dũng, Hoa, Lan).
    with app.app_context():
        names = [p.display_name for p in roles.find_people(db.session(), "thi")]
    assert names == ["Lê Thị Hoa", "Dương Thị Lan"]
    # Wildcards typed in the query are only text.
    assert found("%") == set() and found("_ _") == set()


def test_an_admin_finds_people_by_phone(app, admin, learner):
    html = admin.client.get("/quan-tri/nguoi-dung", query_string={"q": "0912 345 678"})
    assert "Bà Hoa" in html.get_data(as_text=True)


def test_an_admin_grants_and_revokes_each_role_and_the_log_keeps_each_change(
    app, admin, citizen_id
):
    assert grant(admin, citizen_id, role="trainer").status_code == 302
    assert (
        grant(admin, citizen_id, role="officer", pham_vi=f"commune:{THANG_BINH}").status_code == 302
    )
    assert grant(admin, citizen_id, role="officer", pham_vi="province:48").status_code == 302
    assert grant(admin, citizen_id, role="admin").status_code == 302
    assert grants_of(app, citizen_id) == {
        ("learner", None, None),
        ("trainer", None, None),
        ("officer", THANG_BINH, "commune"),
        ("officer", 48, "province"),
        ("admin", None, None),
    }
    html = admin.client.get(page_of(citizen_id)).get_data(as_text=True)
    assert "Xã Thăng Bình" in html and "Thành phố Đà Nẵng" in html

    assert revoke(admin, citizen_id, grant_id(app, citizen_id, "trainer")).status_code == 302
    assert ("trainer", None, None) not in grants_of(app, citizen_id)
    changes = [where.split(" ", 1)[1] for _a, s, action, where in log(app) if s == citizen_id]
    assert changes == [
        "+trainer",
        f"+officer commune {THANG_BINH}",
        "+officer province 48",
        "+admin",
        "-trainer",
    ]
    assert all(action == "change_roles" for _a, _s, action, _w in log(app))


def test_the_granted_role_works_at_once(app, admin, citizen_id):
    grant(admin, citizen_id, role="officer", pham_vi=f"commune:{THANG_BINH}")
    officer, _ = log_in_staff(app, "hoa")
    assert officer.client.get("/can-bo/").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "superuser"}, "Vai trò: hãy chọn"),
        ({"role": ""}, "Vai trò: hãy chọn"),
        ({"role": "learner"}, "Vai trò: hãy chọn"),
        ({"role": "officer"}, "Phạm vi: hãy chọn"),
        ({"role": "officer", "pham_vi": "commune:99999999"}, "Phạm vi: không có"),
        ({"role": "officer", "pham_vi": "province:20791"}, "Phạm vi: không có"),
        ({"role": "officer", "pham_vi": "quan:1"}, "Phạm vi: không có"),
        ({"role": "officer", "pham_vi": "commune:" + "9" * 40}, "Phạm vi: không có"),
    ],
)
def test_bad_grants_are_refused_with_a_message_and_write_nothing(
    app, admin, citizen_id, data, message
):
    before = log(app)
    response = grant(admin, citizen_id, **data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert grants_of(app, citizen_id) == {("learner", None, None)}
    assert log(app) == before


def test_a_role_held_already_is_refused(app, admin, citizen_id):
    grant(admin, citizen_id, role="trainer")
    again = grant(admin, citizen_id, role="trainer")
    assert again.status_code == 409 and "đã có vai trò này" in again.get_data(as_text=True)


def test_unknown_people_and_grants_are_404_or_422(app, admin, citizen_id):
    assert admin.client.get(page_of(999999)).status_code == 404
    assert grant(admin, 999999, role="trainer").status_code == 404
    assert revoke(admin, citizen_id, 999999).status_code == 422
    # The learner role comes with the account: it is not revoked from here.
    learner_grant = grant_id(app, citizen_id, "learner")
    assert revoke(admin, citizen_id, learner_grant).status_code == 422
    assert ("learner", None, None) in grants_of(app, citizen_id)


def test_the_last_admin_stays(app, admin):
    with app.app_context():
        admin_id, own = (
            db.session()
            .execute(select(RoleGrant.user_id, RoleGrant.id).where(RoleGrant.role == "admin"))
            .one()
        )
    refused = revoke(admin, admin_id, own)
    assert refused.status_code == 409
    assert "quản trị viên cuối cùng" in refused.get_data(as_text=True)
    assert ("admin", None, None) in grants_of(app, admin_id)
    # With a second admin, one may step down; then the other is the last one.
    other = make_staff(app, "admin", "quantri2")
    assert revoke(admin, admin_id, own).status_code == 302
    second, _ = log_in_staff(app, "quantri2")
    assert revoke(second, other, grant_id(app, other, "admin")).status_code == 409


def test_the_service_refuses_the_last_admin_even_when_called_directly(app):
    admin_id = make_staff(app, "admin", "quantri")
    own = grant_id(app, admin_id, "admin")
    with app.app_context():
        session = db.session()
        person = session.get(User, admin_id)
        with pytest.raises(roles.RoleProblem) as refused:
            roles.revoke(session, person, person, own)
        assert refused.value.code == roles.LAST_ADMIN


# --- province officers ----------------------------------------------------------------


@pytest.fixture
def province_officer(app):
    make_staff(app, "officer", "canbotinh", scope=48)
    person, _ = log_in_staff(app, "canbotinh")
    return person


def grant_commune(person, **data):
    return person.post_form("/can-bo/can-bo-xa", data)


def test_a_province_officer_grants_and_revokes_officers_of_its_communes(
    app, province_officer, citizen_id
):
    page = province_officer.client.get("/can-bo/can-bo-xa").get_data(as_text=True)
    assert "Xã Thăng Bình" in page and "Xã An Khánh" not in page  # Hà Nội's is not offered
    assert grant_commune(province_officer, login="hoa", commune=str(THANG_BINH)).status_code == 302
    assert ("officer", THANG_BINH, "commune") in grants_of(app, citizen_id)
    listed = province_officer.client.get("/can-bo/can-bo-xa").get_data(as_text=True)
    assert "Lê Thị Hoa" in listed
    given = grant_id(app, citizen_id, "officer")
    response = province_officer.post_form(
        "/can-bo/can-bo-xa", {"grant": str(given)}, action="/can-bo/can-bo-xa/thu-hoi"
    )
    assert response.status_code == 302
    assert grants_of(app, citizen_id) == {("learner", None, None)}
    changes = [w.split(" ", 1)[1] for _a, s, _action, w in log(app) if s == citizen_id]
    assert changes == [f"+officer commune {THANG_BINH}", f"-officer commune {THANG_BINH}"]


def test_another_provinces_commune_is_a_404_to_a_province_officer(
    app, province_officer, citizen_id
):
    response = grant_commune(province_officer, login="hoa", commune=str(HANOI_COMMUNE))
    assert response.status_code == 404
    assert grant_commune(province_officer, login="hoa", commune="48").status_code == 404
    assert grants_of(app, citizen_id) == {("learner", None, None)}
    # An officer of a Hà Nội commune, granted by an admin, cannot be revoked from Đà Nẵng.
    hanoi = make_staff(app, "officer", "canbohanoi", scope=HANOI_COMMUNE)
    foreign = grant_id(app, hanoi, "officer")
    response = province_officer.post_form(
        "/can-bo/can-bo-xa", {"grant": str(foreign)}, action="/can-bo/can-bo-xa/thu-hoi"
    )
    assert response.status_code == 404
    assert ("officer", HANOI_COMMUNE, "commune") in grants_of(app, hanoi)
    assert "canbohanoi" not in province_officer.client.get("/can-bo/can-bo-xa").get_data(
        as_text=True
    )
    # Nor a province officer's own kind of role, nor a trainer's.
    trainer = make_staff(app, "trainer", "giangvien")
    for other in (grant_id(app, trainer, "trainer"), 999999, "abc"):
        response = province_officer.post_form(
            "/can-bo/can-bo-xa", {"grant": str(other)}, action="/can-bo/can-bo-xa/thu-hoi"
        )
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"login": "hoa", "commune": ""}, "Xã, phường: hãy chọn"),
        ({"login": "hoa", "commune": "abc"}, "Xã, phường: hãy chọn"),
        ({"login": "khong.co.ai", "commune": str(THANG_BINH)}, "không có tài khoản"),
        ({"login": "Lê Thị", "commune": str(THANG_BINH)}, "không có tài khoản"),
    ],
)
def test_bad_commune_grants_are_refused_with_a_message(
    app, province_officer, citizen_id, data, message
):
    response = grant_commune(province_officer, **data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert grants_of(app, citizen_id) == {("learner", None, None)}


def test_a_commune_officer_gives_no_roles(app, citizen_id):
    make_staff(app, "officer", "canboxa", scope=THANG_BINH)
    person, _ = log_in_staff(app, "canboxa")
    assert person.client.get("/can-bo/can-bo-xa").status_code == 403
    assert "can-bo-xa" not in person.client.get("/can-bo/").get_data(as_text=True)
