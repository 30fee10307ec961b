"""Bringing people into a class and helping them in: assisted sign-up with consent given in
person, a CSV class list (preview, then all or nothing), login cards whose one-time password
must be replaced at the next login, and reset codes for members."""

import gc
import re
from io import BytesIO

import pytest
from sqlalchemy import func, select

from lms.models import AuditEntry, ClassMember, Consent, User
from lms.web import db

from .factories import class_member_names, make_class_members, make_user
from .people import Person, log_in_trainer, open_class, signup_data

HEADER = "họ tên;số điện thoại;năm sinh;giới tính;thôn"


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


def test_assisted_sign_up_records_consent_in_person_with_the_helper(app):
    trainer = log_in_trainer(app, "giangvien")
    class_id = open_class(trainer)
    page = f"/giang-vien/lop/{class_id}/dang-ky-giup"
    form = trainer.client.get(page).get_data(as_text=True)
    assert 'value="trainer giangvien"' in form  # the helper is the trainer unless changed
    data = signup_data(login="0933333333", display_name="Ông Tư", helper_name="Chị Lan")
    response = trainer.post_form(page, data)
    assert response.status_code == 303
    assert class_member_names(app, class_id) == ["Ông Tư"]
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
    trainer = log_in_trainer(app, "giangvien")
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
    trainer = log_in_trainer(app, "giangvien")
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
    assert class_member_names(app, class_id) == []  # the preview writes nothing
    refused = confirm(trainer, class_id, html, consent=False)
    assert refused.status_code == 422 and class_member_names(app, class_id) == []
    done = confirm(trainer, class_id, html)
    assert done.status_code == 303
    assert class_member_names(app, class_id) == ["=1+2", "Bà Hoa", "Nguyễn Văn An", "Trần Thị Bình"]
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
    trainer = log_in_trainer(app, "giangvien")
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
    trainer = log_in_trainer(app, "giangvien")
    class_id = open_class(trainer)
    make_class_members(app, class_id, ["Bacu", "Tuan"])
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
    trainer = log_in_trainer(app, "giangvien")
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
    trainer = log_in_trainer(app, "giangvien")
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
