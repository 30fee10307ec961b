"""Trainers' classes: opening one, adding people (search, assisted sign-up, CSV), attendance,
progress, login cards and reset codes; and a trainer sees only their own classes' members."""

import gc
import re
from io import BytesIO

import pytest
from sqlalchemy import event, func, select

from lms.models import (
    Attempt,
    AuditEntry,
    ClassMember,
    Consent,
    LessonProgress,
    QuizRevision,
    TrainingClass,
    User,
)
from lms.web import db

from .factories import STAFF_PASSWORD, make_staff, make_user
from .people import Person, signup_data

HEADER = "họ tên;số điện thoại;năm sinh;giới tính;thôn"


def staff(app, username, role="trainer") -> Person:
    make_staff(app, role, username)
    person = Person(app.test_client())
    assert person.log_in(username, STAFF_PASSWORD).status_code == 302
    return person


def open_class(trainer: Person, name="Lớp điện thoại thôn 3") -> int:
    response = trainer.post_form(
        "/giang-vien/lop/moi?tinh=48",
        {
            "province": "48",
            "name": name,
            "place": "Nhà văn hoá thôn 3",
            "commune": "20791",
            "starts_on": "2026-11-02",
            "ends_on": "",
        },
        action="/giang-vien/lop/moi?tinh=48",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def upload(trainer: Person, class_id: int, data: bytes, name="lop.csv"):
    page = f"/giang-vien/lop/{class_id}/nhap-csv"
    return trainer.post_form(
        page, {"danh_sach": (BytesIO(data), name)}, content_type="multipart/form-data"
    )


def confirm(trainer: Person, class_id: int, preview_html: str, consent=True):
    content = re.search(r'name="content" value="([^"]*)"', preview_html).group(1)
    data = {"content": content}
    if consent:
        data["consent"] = "y"
    return trainer.post_form(
        f"/giang-vien/lop/{class_id}",
        data,
        action=f"/giang-vien/lop/{class_id}/nhap-csv/xac-nhan",
        content_type="multipart/form-data",
    )


def members_of(app, class_id) -> list[str]:
    with app.app_context():
        return list(
            db.session().scalars(
                select(User.display_name)
                .join(ClassMember, ClassMember.user_id == User.id)
                .where(ClassMember.class_id == class_id)
                .order_by(User.display_name)
            )
        )


def test_a_trainer_opens_a_class_and_finds_it_in_their_list(app):
    trainer = staff(app, "giangvien")
    assert "Lớp tập huấn" in trainer.client.get("/giang-vien/").get_data(as_text=True)
    step_one = trainer.client.get("/giang-vien/lop/moi").get_data(as_text=True)
    assert "Lớp học ở tỉnh, thành phố nào?" in step_one
    class_id = open_class(trainer)
    listed = trainer.client.get("/giang-vien/lop").get_data(as_text=True)
    assert "Lớp điện thoại thôn 3" in listed and "0 học viên" in listed
    page = trainer.client.get(f"/giang-vien/lop/{class_id}").get_data(as_text=True)
    assert "Nhà văn hoá thôn 3, Xã Thăng Bình" in page


def test_a_class_form_with_bad_dates_names_the_fields(app):
    trainer = staff(app, "giangvien")
    response = trainer.post_form(
        "/giang-vien/lop/moi?tinh=48",
        {
            "province": "48",
            "name": "",
            "place": "x",
            "commune": "20791",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-01",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vui lòng nhập tên lớp." in html and "Ngày kết thúc phải sau ngày bắt đầu." in html
    bad_day = trainer.post_form(
        "/giang-vien/lop/moi?tinh=48",
        {"province": "48", "name": "A", "place": "x", "commune": "20791", "starts_on": "31/12"},
    )
    assert bad_day.status_code == 422
    with app.app_context():
        assert db.session().scalar(select(func.count(TrainingClass.id))) == 0


def test_another_trainer_gets_404_on_the_class_and_its_members(app):
    owner = staff(app, "giangvien")
    class_id = open_class(owner)
    with app.app_context():
        hoa = make_user(db.session(), "Hoa", commune=20791, province=48)
        db.session().add(ClassMember(class_id=class_id, user_id=hoa.id, joined_by="search"))
        db.commit()
        hoa_id = hoa.id
    other = staff(app, "giangvienkhac")
    base = f"/giang-vien/lop/{class_id}"
    for path in ("", "/diem-danh", "/tien-do", "/nhap-csv", "/the-dang-nhap", "/dang-ky-giup"):
        assert other.client.get(base + path).status_code == 404, path
    reset = other.post_form("/giang-vien/lop", {}, action=f"{base}/hoc-vien/{hoa_id}/ma-dat-lai")
    assert reset.status_code == 404
    assert "Hoa" not in other.client.get("/giang-vien/lop").get_data(as_text=True)
    # The owner, for someone who is not a member: 404 too.
    with app.app_context():
        stranger = make_user(db.session(), "Stranger", commune=20791, province=48).id
    assert (
        owner.post_form(base, {}, action=f"{base}/hoc-vien/{stranger}/ma-dat-lai").status_code
        == 404
    )
    learner = Person(app.test_client())
    learner.sign_up()
    assert learner.client.get(base).status_code == 403


def test_search_finds_consenting_learners_and_adds_them(app, client):
    Person(client).sign_up()  # Bà Hoa, 0912345678, consenting
    withdrawn = Person(app.test_client())
    withdrawn.sign_up(login="0987654321", display_name="Bà Hoà Rút")
    withdrawn.post_form("/tai-khoan/du-lieu", {}, action="/tai-khoan/rut-dong-y")
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    page = trainer.client.get(f"/giang-vien/lop/{class_id}?q=Hoa").get_data(as_text=True)
    assert "Bà Hoa" in page and "số điện thoại đuôi 678" in page
    assert "0912345678" not in page  # little personal data in results
    by_phone = trainer.client.get(f"/giang-vien/lop/{class_id}?q=0912+345+678").get_data(
        as_text=True
    )
    assert "Thêm Bà Hoa vào lớp" in by_phone
    user_id = int(re.search(r'name="user_id" value="(\d+)"', page).group(1))
    added = trainer.post_form(
        f"/giang-vien/lop/{class_id}",
        {"user_id": str(user_id)},
        action=f"/giang-vien/lop/{class_id}/them",
    )
    assert added.status_code == 303
    assert members_of(app, class_id) == ["Bà Hoa"]
    again = trainer.client.get(f"/giang-vien/lop/{class_id}?q=Hoa").get_data(as_text=True)
    assert "Thêm Bà Hoa vào lớp" not in again  # members are not offered twice
    with app.app_context():
        rut = db.session().scalar(select(User.id).where(User.phone == "0987654321"))
    refused = trainer.post_form(
        f"/giang-vien/lop/{class_id}",
        {"user_id": str(rut)},
        action=f"/giang-vien/lop/{class_id}/them",
    )
    assert refused.status_code == 303 and members_of(app, class_id) == ["Bà Hoa"]


def test_assisted_sign_up_records_consent_in_person_with_the_helper(app):
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    page = f"/giang-vien/lop/{class_id}/dang-ky-giup"
    form = trainer.client.get(page).get_data(as_text=True)
    assert 'value="trainer giangvien"' in form  # the helper is the trainer unless changed
    data = signup_data(login="0933333333", display_name="Ông Tư", helper_name="Chị Lan")
    response = trainer.post_form(page, data)
    assert response.status_code == 303
    assert members_of(app, class_id) == ["Ông Tư"]
    with app.app_context():
        session = db.session()
        tu = session.scalar(select(User).where(User.phone == "0933333333"))
        (given,) = tu.consents
        assert given.helper_name == "Chị Lan"
        assert given.recorded_by == session.scalar(
            select(User.id).where(User.username == "giangvien")
        )
    # The trainer is still signed in as themself.
    assert trainer.client.get("/giang-vien/lop").status_code == 200
    # The learner can sign in with what they chose, and sees who helped.
    tu_person = Person(app.test_client())
    assert tu_person.log_in("0933333333").status_code == 302
    assert "Chị Lan giúp điền" in tu_person.client.get("/tai-khoan/du-lieu").get_data(as_text=True)
    # Taken logins and missing consent are refused, nothing written.
    taken = trainer.post_form(page, data)
    assert taken.status_code == 422 and "đã có tài khoản" in taken.get_data(as_text=True)
    no_consent = trainer.post_form(page, signup_data(login="0944444444", consent=""))
    assert no_consent.status_code == 422


def test_a_csv_with_a_bad_row_is_refused_naming_it_and_writes_nothing(app):
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    csv = "\n".join(
        [HEADER, "An;0911111111;1950;Nam;", "Bình;;1951;Nữ;", ";;;;", "Chi;12345;1952;Nữ;"]
    )
    response = upload(trainer, class_id, csv.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dòng 5: số điện thoại không hợp lệ." in html
    with app.app_context():
        assert (
            db.session().scalar(select(func.count(User.id)).where(User.display_name == "An")) == 0
        )


def test_a_csv_preview_then_confirm_creates_joins_and_skips(app, client):
    Person(client).sign_up()  # Bà Hoa has an account: the CSV row with her phone joins her
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    csv = (
        "\ufeff" + HEADER + "\r\n"
        "Hoa;0912345678;1960;Nữ;\r\n"
        "Nguyễn Văn An;0911111111;1950;Nam;Thôn 3\r\n"
        "Trần Thị Bình;;1951;Nữ;Thôn 4\r\n"
        "=1+2;;1952;Khác;\r\n"
    ).encode()
    preview = upload(trainer, class_id, csv)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    assert "Tạo tài khoản mới (3 người)" in html and "thêm vào lớp (1 người)" in html
    assert members_of(app, class_id) == []  # the preview writes nothing
    refused = confirm(trainer, class_id, html, consent=False)
    assert refused.status_code == 422 and members_of(app, class_id) == []
    done = confirm(trainer, class_id, html)
    assert done.status_code == 303
    assert members_of(app, class_id) == ["=1+2", "Bà Hoa", "Nguyễn Văn An", "Trần Thị Bình"]
    with app.app_context():
        session = db.session()
        binh = session.scalar(select(User).where(User.display_name == "Trần Thị Bình"))
        assert (binh.username, binh.phone, binh.commune_code, binh.village) == (
            "binh1951",
            None,
            20791,
            "Thôn 4",
        )
        assert binh.must_choose_password and binh.consents[0].helper_name == "trainer giangvien"
    # The same file again: everyone is already in the class, nothing is created.
    again = upload(trainer, class_id, csv)
    assert "Đã ở trong lớp, bỏ qua (4 người)" in again.get_data(as_text=True)
    assert confirm(trainer, class_id, again.get_data(as_text=True)).status_code == 303
    with app.app_context():
        assert db.session().scalar(select(func.count(User.id))) == 5  # Hoa, trainer, 3 new


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_uploads_that_are_not_a_csv_or_too_big(app):
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    binary = upload(trainer, class_id, b"\x89PNG\r\n\x1a\n\x00\x00\x00", "anh.csv")
    assert binary.status_code == 422
    assert "Tệp không phải CSV" in binary.get_data(as_text=True)
    nothing = trainer.post_form(f"/giang-vien/lop/{class_id}/nhap-csv", {})
    assert nothing.status_code == 422
    tampered = trainer.post_form(
        f"/giang-vien/lop/{class_id}",
        {"content": "%%%"},
        action=f"/giang-vien/lop/{class_id}/nhap-csv/xac-nhan",
    )
    assert tampered.status_code == 422
    huge = trainer.client.post(
        f"/giang-vien/lop/{class_id}/nhap-csv",
        data={"danh_sach": (BytesIO(b"x" * (50 * 1024 * 1024)), "lop.csv")},
        content_type="multipart/form-data",
    )
    assert huge.status_code == 413
    assert "Nội dung gửi lên quá dài" in huge.get_data(as_text=True)
    del huge
    gc.collect()  # the test client's spooled body, not the app's


def add_people(app, class_id, names):
    with app.app_context():
        session = db.session()
        ids = []
        for name in names:
            user = make_user(session, name, commune=20791, province=48)
            session.add(ClassMember(class_id=class_id, user_id=user.id, joined_by="search"))
            ids.append(user.id)
        db.commit()
        return ids


def test_attendance_is_recorded_per_session_by_checkboxes(app):
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    an, binh = add_people(app, class_id, ["An", "Binh"])
    page = f"/giang-vien/lop/{class_id}/diem-danh"
    form = trainer.client.get(page + "?ngay=2026-11-02").get_data(as_text=True)
    assert 'name="co_mat"' in form
    saved = trainer.post_form(page, {"ngay": "2026-11-02", "co_mat": [str(an), str(binh)]})
    assert saved.status_code == 303
    fixed = trainer.post_form(page, {"ngay": "2026-11-02", "co_mat": [str(an)]})
    assert fixed.status_code == 303
    shown = trainer.client.get(page + "?ngay=2026-11-02").get_data(as_text=True)
    assert f'value="{an}" checked' in shown and f'value="{binh}" checked' not in shown
    assert "1 người có mặt" in shown
    assert trainer.post_form(page, {"ngay": "2026-11-03", "co_mat": ["999999"]}).status_code == 422
    assert trainer.post_form(page, {"ngay": "2999-01-01"}).status_code == 422
    assert trainer.post_form(page, {"ngay": "hôm qua"}).status_code == 422
    progress = trainer.client.get(f"/giang-vien/lop/{class_id}/tien-do").get_data(as_text=True)
    assert "1/1" in progress and "0/1" in progress


def count_queries(app, fn) -> int:
    seen = []
    with app.app_context():
        engine = db.engine(app)
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            fn()
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_progress_shows_lessons_quizzes_and_levels_in_a_fixed_number_of_queries(app):
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    (an,) = add_people(app, class_id, ["An"])
    with app.app_context():
        session = db.session()
        revision = session.scalar(select(QuizRevision).limit(1))
        lesson_id = session.scalar(select(LessonProgress.lesson_id.table.c.lesson_id).limit(1))
        from lms.models import Lesson

        lesson_id = session.scalar(select(Lesson.id).limit(1))
        session.add(LessonProgress(user_id=an, lesson_id=lesson_id))
        for passed in (True, True, False):
            session.add(Attempt(user_id=an, quiz_revision_id=revision.id, seed=1, passed=passed))
        session.get(User, an).criterion_level = "KNS-1"
        db.commit()
    page = f"/giang-vien/lop/{class_id}/tien-do"
    html = trainer.client.get(page).get_data(as_text=True)
    row = re.search(r"<th scope=\"row\"[^>]*>An</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == ["1", "1", "KNS-1", "0/0"]
    one = count_queries(app, lambda: trainer.client.get(page))
    add_people(app, class_id, [f"Người {n}" for n in range(6)])
    assert count_queries(app, lambda: trainer.client.get(page)) == one
    with app.app_context():  # each view of results is in the learner's audit trail
        seen = (
            db.session().scalars(select(AuditEntry.action).where(AuditEntry.subject_id == an)).all()
        )
        assert seen == ["view_results"] * 3


def card_page(trainer, class_id, names=None):
    """Print cards for these members (by name), or for every card holder."""
    page = f"/giang-vien/lop/{class_id}/the-dang-nhap"
    html = trainer.client.get(page).get_data(as_text=True)
    boxes = re.findall(r'name="cho" value="(\d+)"[^>]*> <span[^>]*>(.*?)</span>', html)
    chosen = [value for value, name in boxes if names is None or name in names]
    return trainer.post_form(page, {"sure": "y", "cho": chosen})


def cards_in(html: str) -> dict[str, str]:
    pairs = re.findall(
        r'Tên đăng nhập: <strong class="card-secret">(.*?)</strong>.*?'
        r'Mật khẩu dùng một lần: <strong class="card-secret">(.*?)</strong>',
        html,
        re.S,
    )
    return dict(pairs)


def test_login_cards_give_a_one_time_password_that_must_be_replaced(app, client):
    Person(client).sign_up()  # has a phone: no card
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    add_people(app, class_id, ["Bacu", "Tuan"])
    with app.app_context():
        phone_owner = db.session().scalar(select(User).where(User.phone == "0912345678"))
        db.session().add(ClassMember(class_id=class_id, user_id=phone_owner.id, joined_by="search"))
        db.commit()
    asked = trainer.client.get(f"/giang-vien/lop/{class_id}/the-dang-nhap").get_data(as_text=True)
    assert "In thẻ cho ai? (2 người không có số điện thoại)" in asked
    # Both chose a password already (made with one): nobody is ticked in advance.
    assert " checked" not in asked
    unsure = trainer.post_form(f"/giang-vien/lop/{class_id}/the-dang-nhap", {})
    assert unsure.status_code == 422
    nobody = trainer.post_form(f"/giang-vien/lop/{class_id}/the-dang-nhap", {"sure": "y"})
    assert nobody.status_code == 422
    assert "Vui lòng chọn ít nhất một người" in nobody.get_data(as_text=True)
    only_tuan = cards_in(card_page(trainer, class_id, names={"Tuan"}).get_data(as_text=True))
    assert set(only_tuan) == {"tuan"}
    first = card_page(trainer, class_id)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    cards = cards_in(first.get_data(as_text=True))
    assert set(cards) == {"bacu", "tuan"} and all(len(p) == 8 for p in cards.values())
    # Printing again replaces the passwords: the first card of Ba no longer opens.
    second = cards_in(card_page(trainer, class_id).get_data(as_text=True))
    assert second["bacu"] != cards["bacu"]
    bacu = Person(app.test_client())
    assert bacu.log_in("bacu", cards["bacu"]).status_code != 302
    signed_in = bacu.log_in("bacu", second["bacu"])
    assert signed_in.headers["Location"] == "/tai-khoan/chon-mat-khau"
    assert "Chọn mật khẩu của bạn" in bacu.client.get("/tai-khoan/chon-mat-khau").get_data(
        as_text=True
    )
    weak = bacu.post_form("/tai-khoan/chon-mat-khau", {"password": "123", "password_again": "123"})
    assert weak.status_code == 422
    chosen = bacu.post_form(
        "/tai-khoan/chon-mat-khau",
        {"password": "caylua-tren-dong", "password_again": "caylua-tren-dong"},
    )
    assert chosen.status_code == 302
    # Done: the page now leads to the ordinary change, and the new password works.
    assert (
        bacu.client.get("/tai-khoan/chon-mat-khau").headers["Location"] == "/tai-khoan/doi-mat-khau"
    )
    again = Person(app.test_client())
    assert (
        again.log_in("bacu", "caylua-tren-dong").headers["Location"] != "/tai-khoan/chon-mat-khau"
    )
    assert Person(app.test_client()).log_in("bacu", second["bacu"]).status_code != 302
    with app.app_context():
        session = db.session()
        assert not session.scalar(select(User).where(User.username == "bacu")).must_choose_password
        logged = session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "reset_password")
        )
        assert logged == 5  # Tuan alone, then both twice
    # The cards page never shows the passwords again.
    later = trainer.client.get(f"/giang-vien/lop/{class_id}/the-dang-nhap").get_data(as_text=True)
    assert second["bacu"] not in later


def test_a_trainer_gives_a_member_a_reset_code_logged_like_an_officer(app, client):
    learner = Person(client)
    learner.sign_up()
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    with app.app_context():
        hoa = db.session().scalar(select(User.id).where(User.phone == "0912345678"))
        db.session().add(ClassMember(class_id=class_id, user_id=hoa, joined_by="search"))
        db.commit()
    base = f"/giang-vien/lop/{class_id}"
    response = trainer.post_form(base, {}, action=f"{base}/hoc-vien/{hoa}/ma-dat-lai")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    code = re.search(r'class="reset-code"[^>]*>(\d{4} \d{4})<', response.get_data(as_text=True))
    reset = learner.post_form(
        "/dat-lai-mat-khau",
        {
            "login": "0912345678",
            "code": code.group(1),
            "password": "caylua-tren-dong",
            "password_again": "caylua-tren-dong",
        },
    )
    assert reset.status_code == 302
    with app.app_context():
        entry = db.session().scalar(select(AuditEntry).where(AuditEntry.subject_id == hoa))
        assert entry.action == "give_reset_code" and entry.where.endswith("/ma-dat-lai")
    # A staff member in the class gets no code from a trainer.
    with app.app_context():
        officer = make_user(
            db.session(),
            "Can Bo",
            commune=20791,
            province=48,
            roles=(("learner", None), ("officer", 20791)),
        )
        db.session().add(ClassMember(class_id=class_id, user_id=officer.id, joined_by="search"))
        db.commit()
        officer_id = officer.id
    assert (
        trainer.post_form(base, {}, action=f"{base}/hoc-vien/{officer_id}/ma-dat-lai").status_code
        == 404
    )


def test_consent_given_in_person_is_in_the_data_export(app):
    trainer = staff(app, "giangvien")
    class_id = open_class(trainer)
    trainer.post_form(
        f"/giang-vien/lop/{class_id}/dang-ky-giup",
        signup_data(login="0933333333", helper_name="Chị Lan"),
    )
    learner = Person(app.test_client())
    learner.log_in("0933333333")
    data = learner.client.get("/tai-khoan/du-lieu.json").get_json()
    assert data["dong_y"][0]["nguoi_giup"] == "Chị Lan"
    with app.app_context():
        assert (
            db.session().scalar(
                select(func.count(Consent.id)).where(Consent.helper_name.is_not(None))
            )
            == 1
        )
