"""A learner's rights over their data: see, download, correct, withdraw consent, delete;
and the audit log of everyone else who touched it."""

import json
from pathlib import Path

from sqlalchemy import func, inspect, select, text

from lms import audit
from lms.models import Attempt, AuditEntry, Consent, DeletedAccountTally, User
from lms.web import db
from lms.web.permissions import officer_scope

from .answers import attempt_quiz, practical_steps
from .factories import STAFF_PASSWORD, make_staff
from .people import Person, answer_phone_quiz, signup_data


def pass_phone_quiz(learner):
    url = learner.start_quiz("dien-thoai")
    assert learner.submit(url, answer_phone_quiz(learner, url)).status_code == 302


def test_the_download_holds_everything_about_me_and_nothing_about_others(app, learner):
    learner.post_form(
        "/bai/dien-thoai/bat-tat-may", {}, action="/bai/dien-thoai/bat-tat-may/da-hoc"
    )
    pass_phone_quiz(learner)
    learner.log_out()
    Person(app.test_client()).sign_up(login="0987654321", display_name="Ông Ba Hàng Xóm")
    learner.log_in()
    response = learner.client.get("/tai-khoan/du-lieu.json")
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    account = data["tai_khoan"]
    assert account["so_dien_thoai"] == "0912345678" and account["ten_goi"] == "Bà Hoa"
    assert account["nam_sinh"] == 1960 and account["gioi_tinh"] == "Nữ"
    assert account["xa_phuong"] == {"ma": 20791, "ten": "Xã Thăng Bình"}
    assert account["thon_to_dan_pho"] == "Thôn Bình Hoà"
    assert account["muc_tieu_chi"] == "KNS-1"
    assert data["dong_y"][0]["noi_dung"].startswith("Tôi đồng ý")
    assert [b["bai"] for b in data["bai_da_hoc"]] == ["bat-tat-may"]
    assert data["bai_kiem_tra"][0]["diem_phan_tram"] == 100
    assert data["tieu_chi"][0]["muc"] == "KNS-1"
    body = response.get_data(as_text=True)
    assert "Ông Ba" not in body and "0987654321" not in body and "password" not in body
    page = learner.client.get("/tai-khoan/du-lieu").get_data(as_text=True)
    assert "Thôn Bình Hoà" in page and "Xã Thăng Bình" in page and "Chưa có ai" in page


def edit(learner, **changes):
    data = signup_data(**changes)
    return learner.post_form(f"/tai-khoan/sua?tinh={data['province']}", data)


def test_correcting_my_profile(learner, session):
    response = edit(
        learner,
        display_name="Bà Hoa Nguyễn",
        birth_year="1961",
        gender="khac",
        target_group="cong-nhan",
        village="Tổ 5",
    )
    assert response.status_code == 302
    user = session.scalar(select(User))
    assert (user.display_name, user.birth_year, user.gender) == ("Bà Hoa Nguyễn", 1961, "khac")
    assert (user.target_group, user.village) == ("cong-nhan", "Tổ 5")


def test_moving_to_another_province(learner, session):
    form = learner.client.get("/tai-khoan/sua?tinh=1").get_data(as_text=True)
    assert "Phường Hoàn Kiếm" in form and "Xã Thăng Bình" not in form
    assert edit(learner, province="1", commune="70").status_code == 302
    user = session.scalar(select(User))
    assert (user.province_code, user.commune_code) == (1, 70)


def test_the_edit_form_starts_with_what_is_stored(learner):
    html = learner.client.get("/tai-khoan/sua").get_data(as_text=True)
    assert 'value="Bà Hoa"' in html and 'value="1960"' in html
    assert '<option selected value="20791">' in html


BAD_EDITS = [
    ({"birth_year": "3000"}, "Năm sinh phải là số từ 1900"),
    ({"display_name": "   "}, "Vui lòng nhập tên gọi"),
    ({"display_name": "x" * 81}, "Tên gọi dài tối đa 80 ký tự"),
    ({"commune": "70"}, "Lựa chọn không hợp lệ"),  # Hoàn Kiếm is not in Đà Nẵng
    ({"gender": "robot"}, "Lựa chọn không hợp lệ"),
    ({"village": "v" * 101}, "Tên thôn dài tối đa 100 ký tự"),
    ({"province": "77"}, "Tỉnh, thành phố không hợp lệ"),
]


def test_bad_corrections_are_refused_like_at_sign_up(learner, session):
    for change, message in BAD_EDITS:
        response = edit(learner, **change)
        assert response.status_code == 422, change
        assert message in response.get_data(as_text=True), change
    session.expire_all()
    user = session.scalar(select(User))
    assert (user.display_name, user.birth_year, user.commune_code) == ("Bà Hoa", 1960, 20791)


def officer(app, session, scope=20791):
    make_staff(app, "officer", f"canbo{scope}", scope=scope)
    return session.scalar(select(User).where(User.username == f"canbo{scope}"))


def visible_to(session, officer_user) -> list[str]:
    return list(session.scalars(select(User.display_name).where(officer_scope(officer_user))))


def test_withdrawing_consent_takes_me_out_of_officer_reports(app, learner, session):
    commune_officer = officer(app, session)
    assert visible_to(session, commune_officer) == ["Bà Hoa"]
    response = learner.post_form("/tai-khoan", {}, action="/tai-khoan/rut-dong-y")
    assert response.status_code == 302
    session.expire_all()
    assert visible_to(session, commune_officer) == []
    assert session.scalar(select(Consent.withdrawn_at)) is not None  # the history stays
    page = learner.client.get("/tai-khoan").get_data(as_text=True)
    assert "Bạn đã rút lại sự đồng ý" in page and "Đồng ý lại" in page
    assert "Xoá tài khoản" in page
    assert learner.client.get("/tien-do").status_code == 200  # learning goes on
    learner.post_form("/tai-khoan", {}, action="/tai-khoan/dong-y")
    session.expire_all()
    assert visible_to(session, commune_officer) == ["Bà Hoa"]
    assert session.scalar(select(func.count(Consent.id))) == 2


def all_text(session) -> str:
    """Every value in every table, as one string: what a database dump would show."""
    dump = []
    for table in inspect(session.bind).get_table_names():
        for row in session.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
            dump.append(" ".join(str(value) for value in row))
    return "\n".join(dump)


def test_deleting_my_account_leaves_no_personal_data(app, learner, session):
    pass_phone_quiz(learner)
    admin_id = make_staff(app, "admin", "quantri")
    user = session.scalar(select(User).where(User.phone == "0912345678"))
    audit.record_access(session, session.get(User, admin_id), user, "view_profile")
    session.commit()
    wrong = learner.post_form("/tai-khoan/xoa", {"password": "khong-phai"})
    assert wrong.status_code == 422
    assert session.scalar(select(func.count(User.id)).where(User.phone.is_not(None))) == 1
    response = learner.post_form("/tai-khoan/xoa", {"password": "luavangdongque"})
    assert response.status_code == 302
    assert "đã được xoá" in learner.client.get("/").get_data(as_text=True)
    session.expire_all()
    dump = all_text(session)
    for personal in (
        "0912345678",
        "Bà Hoa",
        "Thôn Bình Hoà",
        "1960",
        "$argon2id$v=19$m=8,t=1,p=1$",
    ):
        if personal.startswith("$"):
            assert dump.count(personal) == 1  # only the admin's own password hash
        else:
            assert personal not in dump, personal
    # The attempt stays, without an owner, so question statistics stay right.
    attempt = session.scalar(select(Attempt))
    assert attempt.user_id is None and attempt.score == 100
    # The commune's figures stay right: one anonymous KNS-1 count, no person.
    tally = session.scalar(select(DeletedAccountTally))
    assert (tally.commune_code, tally.criterion_level, tally.accounts) == (20791, "KNS-1", 1)
    assert session.scalar(select(AuditEntry.subject_id)) is None
    assert learner.log_in().status_code == 422  # the account is gone


def test_deleted_accounts_that_had_withdrawn_consent_are_not_counted(learner, session):
    learner.post_form("/tai-khoan", {}, action="/tai-khoan/rut-dong-y")
    learner.post_form("/tai-khoan/xoa", {"password": "luavangdongque"})
    assert session.scalar(select(func.count(DeletedAccountTally.id))) == 0
    assert session.scalar(select(func.count(User.id))) == 0


def test_every_access_by_someone_else_is_logged_and_shown(app, learner):
    # No `session` fixture here: its app context would share g (and so the logged-in
    # user) between the test clients of different people.
    make_staff(app, "officer", "canbo20791", scope=20791)
    with app.app_context():
        session = db.session()
        officer_user = session.scalar(select(User).where(User.username == "canbo20791"))
        citizen = session.scalar(select(User).where(User.phone == "0912345678"))
        assert audit.record_access(session, citizen, citizen, "view_profile") is None  # self
        audit.record_access(session, officer_user, citizen, "view_results", "/can-bo/1")
        session.commit()
    mine = learner.client.get("/tai-khoan/du-lieu").get_data(as_text=True)
    assert "officer canbo20791</span> — Xem kết quả học tập" in mine
    make_staff(app, "admin", "quantri")
    admin = Person(app.test_client())
    admin.log_in(login="quantri", password=STAFF_PASSWORD)
    page = admin.client.get("/quan-tri/nhat-ky")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "officer canbo20791" in html and "Xem kết quả học tập" in html and "Bà Hoa" in html
    assert learner.client.get("/quan-tri/nhat-ky").status_code == 403


def test_unknown_audit_actions_are_refused(app, learner, session):
    citizen = session.scalar(select(User))
    try:
        audit.record_access(session, officer(app, session), citizen, "peek")
    except ValueError:
        return
    raise AssertionError("an unknown action was logged")


def test_deleting_my_account_forgets_what_i_typed_in_the_practice(app, learner, session):
    url = learner.start_quiz("thuc-hanh")
    quiz, seed = attempt_quiz(session, url)
    typed = {"dang-nhap": "0938-111-222", "ghi-khoa-hoc": "Nguyễn Văn Riêng"}
    steps = dict(practical_steps(quiz, seed))
    steps["dang-nhap"] = {"tai-khoan": typed["dang-nhap"]}  # a wrong, personal entry
    steps["ghi-khoa-hoc"] = {**steps["ghi-khoa-hoc"], "khoa-hoc": typed["ghi-khoa-hoc"]}
    for step_id, entries in steps.items():
        learner.post_form(url, {"buoc": step_id, **{f"f-{k}": v for k, v in entries.items()}})
    session.expire_all()
    assert "0938-111-222" in str(session.scalar(select(Attempt.answers)))  # kept while mine
    response = learner.post_form("/tai-khoan/xoa", {"password": "luavangdongque"})
    assert response.status_code == 302
    session.expire_all()
    attempt = session.scalar(select(Attempt))
    assert attempt.user_id is None
    assert attempt.answers == {
        "cap-nhat": {"dang-nhap": False, "ghi-khoa-hoc": False, "doc-lai": True}
    }
    assert (attempt.correct, attempt.total) == (1, 3)  # the statistics keep their counts
    # Nor does the file keep it: deleted bytes are zeroed and the WAL is emptied.
    if session.bind.dialect.name == "sqlite":
        folder = Path(session.bind.url.database).parent
        raw = b"".join(f.read_bytes() for f in folder.glob("hoc-so.db*"))
        for secret in ("0938-111-222", "Nguyễn Văn Riêng", "0912345678", "Thôn Bình Hoà"):
            assert secret.encode() not in raw, secret
