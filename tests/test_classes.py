"""Trainers' classes: opening one, who may see it (another trainer gets 404), adding people
found by search, attendance and the progress table."""

import re

from sqlalchemy import event, func, select

from lms.models import (
    Attempt,
    AuditEntry,
    ClassMember,
    LessonProgress,
    QuizRevision,
    TrainingClass,
    User,
)
from lms.web import db

from .factories import class_member_names, make_class_members, make_user
from .people import Person, log_in_trainer, open_class


def test_a_trainer_opens_a_class_and_finds_it_in_their_list(app):
    trainer = log_in_trainer(app, "giangvien")
    assert "Lớp tập huấn" in trainer.client.get("/giang-vien/").get_data(as_text=True)
    step_one = trainer.client.get("/giang-vien/lop/moi").get_data(as_text=True)
    assert "Lớp học ở tỉnh, thành phố nào?" in step_one
    class_id = open_class(trainer)
    listed = trainer.client.get("/giang-vien/lop").get_data(as_text=True)
    assert "Lớp điện thoại thôn 3" in listed and "0 học viên" in listed
    page = trainer.client.get(f"/giang-vien/lop/{class_id}").get_data(as_text=True)
    assert "Nhà văn hoá thôn 3, Xã Thăng Bình" in page


def test_a_class_form_with_bad_dates_names_the_fields(app):
    trainer = log_in_trainer(app, "giangvien")
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
    owner = log_in_trainer(app, "giangvien")
    class_id = open_class(owner)
    with app.app_context():
        hoa = make_user(db.session(), "Hoa", commune=20791, province=48)
        db.session().add(ClassMember(class_id=class_id, user_id=hoa.id, joined_by="search"))
        db.commit()
        hoa_id = hoa.id
    other = log_in_trainer(app, "giangvienkhac")
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
    trainer = log_in_trainer(app, "giangvien")
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
    assert class_member_names(app, class_id) == ["Bà Hoa"]
    again = trainer.client.get(f"/giang-vien/lop/{class_id}?q=Hoa").get_data(as_text=True)
    assert "Thêm Bà Hoa vào lớp" not in again  # members are not offered twice
    with app.app_context():
        rut = db.session().scalar(select(User.id).where(User.phone == "0987654321"))
    refused = trainer.post_form(
        f"/giang-vien/lop/{class_id}",
        {"user_id": str(rut)},
        action=f"/giang-vien/lop/{class_id}/them",
    )
    assert refused.status_code == 303 and class_member_names(app, class_id) == ["Bà Hoa"]


def test_attendance_is_recorded_per_session_by_checkboxes(app):
    trainer = log_in_trainer(app, "giangvien")
    class_id = open_class(trainer)
    an, binh = make_class_members(app, class_id, ["An", "Binh"])
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
    trainer = log_in_trainer(app, "giangvien")
    class_id = open_class(trainer)
    (an,) = make_class_members(app, class_id, ["An"])
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
    make_class_members(app, class_id, [f"Người {n}" for n in range(6)])
    assert count_queries(app, lambda: trainer.client.get(page)) == one
    with app.app_context():  # each view of results is in the learner's audit trail
        seen = (
            db.session().scalars(select(AuditEntry.action).where(AuditEntry.subject_id == an)).all()
        )
        assert seen == ["view_results"] * 3
