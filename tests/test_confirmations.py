"""A citizen's record for officers: evidence, audit trail, confirming and revoking."""

from datetime import datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lms.database import READING
from lms.models import AuditEntry, Confirmation, CriterionStatus, User
from lms.web import db

from .factories import A, make_staff, make_two_communes
from .people import Person, csrf_from, log_in_staff


@pytest.fixture
def area(app):
    return make_two_communes(app)


@pytest.fixture
def officer(app):
    make_staff(app, "officer", "canbo.a", A)
    return log_in_staff(app, "canbo.a")[0]


def confirm(officer, user_id, level="KNS-1", year=None):
    page = f"/can-bo/nguoi-hoc/{user_id}"
    data = {"muc": level, "nam": str(year or datetime.now().year)}
    return officer.post_form(page, data, action=f"{page}/xac-nhan")


def revoke(officer, user_id, confirmation_id, reason="Nhập nhầm người"):
    page = f"/can-bo/nguoi-hoc/{user_id}"
    data = {"xac_nhan": str(confirmation_id), "ly_do": reason}
    return officer.post_form(page, data, action=f"{page}/thu-hoi")


def confirmations_of(app, user_id) -> list[SimpleNamespace]:
    """The citizen's confirmations as plain values, oldest first."""
    with app.app_context():
        rows = db.session().scalars(
            select(Confirmation).where(Confirmation.user_id == user_id).order_by(Confirmation.id)
        )
        columns = [column.key for column in Confirmation.__table__.columns]
        return [
            SimpleNamespace(in_force=row.in_force, **{key: getattr(row, key) for key in columns})
            for row in rows
        ]


def test_the_record_shows_evidence_points_and_is_logged(app, area, officer):
    user_id = area["Trần Văn Bình"]
    response = officer.client.get(f"/can-bo/nguoi-hoc/{user_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Trần Văn Bình" in html and "6/10 điểm" in html
    assert "90%" in html and "5 phút" in html  # score and time taken of the evidence
    assert "KNS-2" in html and "Xác nhận kết quả" in html
    with app.app_context():
        entry = db.session().scalar(select(AuditEntry).where(AuditEntry.subject_id == user_id))
        assert entry.action == "view_evidence" and entry.where == f"/can-bo/nguoi-hoc/{user_id}"


def test_out_of_area_citizens_are_not_found(app, area, officer):
    for name in ("Nguyễn Thị Xa", "Lê Thị Rút"):
        assert officer.client.get(f"/can-bo/nguoi-hoc/{area[name]}").status_code == 404
        assert confirm(officer, area[name]).status_code == 404
    assert officer.client.get("/can-bo/nguoi-hoc/999999").status_code == 404
    assert confirmations_of(app, area["Nguyễn Thị Xa"]) == []


def test_confirm_then_revoke_keeps_who_and_when(app, area, officer):
    user_id = area["Nguyễn Văn An"]
    response = confirm(officer, user_id)
    assert response.status_code == 303
    [made] = confirmations_of(app, user_id)
    assert made.level == "KNS-1" and made.confirmed_by_name == "officer canbo.a"
    assert made.in_force
    listed = officer.client.get("/can-bo/nguoi-hoc?xac-nhan=co").get_data(as_text=True)
    assert "Nguyễn Văn An" in listed and "Trần Văn Bình" not in listed
    assert confirm(officer, user_id).status_code == 422  # the same level twice
    assert revoke(officer, user_id, made.id, reason="").status_code == 422
    assert revoke(officer, user_id, made.id, reason="x" * 301).status_code == 422
    assert confirmations_of(app, user_id)[0].in_force
    assert revoke(officer, user_id, made.id).status_code == 303
    [done] = confirmations_of(app, user_id)
    assert not done.in_force and done.revoke_reason == "Nhập nhầm người"
    assert done.revoked_by_name == "officer canbo.a" and done.confirmed_at is not None
    page = officer.client.get(f"/can-bo/nguoi-hoc/{user_id}").get_data(as_text=True)
    assert "Lý do: Nhập nhầm người" in page
    assert revoke(officer, user_id, done.id).status_code == 422  # already revoked
    # Confirmed again: a new row, the history stays.
    assert confirm(officer, user_id).status_code == 303
    assert [c.in_force for c in confirmations_of(app, user_id)] == [False, True]


def test_only_a_level_reached_can_be_confirmed(app, area, officer):
    assert confirm(officer, area["Nguyễn Văn An"], "KNS-2").status_code == 422
    assert confirm(officer, area["Đỗ Thị Đào"], "KNS-1").status_code == 422
    assert confirm(officer, area["Nguyễn Văn An"], "KNS-1", year=2021).status_code == 422
    assert confirm(officer, area["Nguyễn Văn An"], "<b>", year="20x6").status_code == 422
    assert confirmations_of(app, area["Nguyễn Văn An"]) == []


def test_confirming_a_higher_level_keeps_the_lower_one(app, area, officer):
    # A KNS-1 certificate reads the latest KNS-1 confirmation: it must stay in force.
    user_id = area["Trần Văn Bình"]
    assert confirm(officer, user_id, "KNS-1").status_code == 303
    assert confirm(officer, user_id, "KNS-2").status_code == 303
    first, second = confirmations_of(app, user_id)
    assert first.in_force and first.level == "KNS-1"
    assert second.in_force and second.level == "KNS-2"
    # The list shows the highest level confirmed, whichever was confirmed last.
    assert revoke(officer, user_id, first.id).status_code == 303
    assert confirm(officer, user_id, "KNS-1").status_code == 303
    listed = officer.client.get("/can-bo/nguoi-hoc?muc=KNS-2").get_data(as_text=True)
    assert "KNS-2, ngày" in listed and "KNS-1, ngày" not in listed


def test_another_citizens_confirmation_cannot_be_revoked_through_mine(app, area, officer):
    make_staff(app, "officer", "canbo.b", 20275)
    other = log_in_staff(app, "canbo.b")[0]
    assert confirm(other, area["Nguyễn Thị Xa"]).status_code == 303
    [theirs] = confirmations_of(app, area["Nguyễn Thị Xa"])
    assert revoke(officer, area["Nguyễn Văn An"], theirs.id).status_code == 404
    assert revoke(officer, area["Nguyễn Thị Xa"], theirs.id).status_code == 404
    assert confirmations_of(app, area["Nguyễn Thị Xa"])[0].in_force


def test_the_citizen_sees_the_confirmation_and_the_visit(app, officer, person):
    assert person.sign_up().status_code == 302
    with app.app_context():
        session = db.session()
        user = session.scalar(select(User).where(User.phone == "0912345678"))
        evidence = {"quiz": "dien-thoai", "attempt_id": 0, "revision": 1, "score": 100,
                    "submitted_at": datetime(2026, 1, 5).isoformat()}  # fmt: skip
        session.add(CriterionStatus(user_id=user.id, level="KNS-1", met_at=datetime(2026, 1, 5),
                                    evidence=[evidence]))  # fmt: skip
        session.commit()
        user_id = user.id
    assert confirm(officer, user_id, year=datetime.now().year).status_code == 303
    progress = person.client.get("/tien-do").get_data(as_text=True)
    assert "Đã được cán bộ xã xác nhận ngày" in progress
    visits = person.client.get("/tai-khoan/du-lieu").get_data(as_text=True)
    assert "Xem minh chứng tiêu chí" in visits and "Xác nhận tiêu chí" in visits


def test_posts_need_the_csrf_token(app, area, officer):
    user_id = area["Nguyễn Văn An"]
    response = officer.client.post(f"/can-bo/nguoi-hoc/{user_id}/xac-nhan", data={"muc": "KNS-1"})
    assert response.status_code == 400
    page = officer.client.get(f"/can-bo/nguoi-hoc/{user_id}").get_data(as_text=True)
    assert csrf_from(page)
    assert confirmations_of(app, user_id) == []


def test_people_who_are_not_officers_cannot_open_a_record(app, area):
    learner = Person(app.test_client())
    assert learner.sign_up().status_code == 302
    assert learner.client.get(f"/can-bo/nguoi-hoc/{area['Nguyễn Văn An']}").status_code == 403


def test_pages_that_log_a_read_open_a_writing_session(app):
    """The audit entry of a GET cannot fail on a stale snapshot: the session writes."""
    for url, writes in [("/can-bo/nguoi-hoc/1", True), ("/can-bo/nguoi-hoc.csv", True),
                        ("/can-bo/nguoi-hoc", False)]:  # fmt: skip
        with app.test_request_context(url):
            session = db.session()
            reads_only = bool(session.get_bind().get_execution_options().get(READING))
            assert reads_only == (not writes), url
