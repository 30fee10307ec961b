"""The studio's quiz pages: the list, the form editor and the question-bank upload,
driven through the real app the way a trainer's browser would (no JavaScript)."""

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from lms.content.quiz_text import read_quiz
from lms.models import DRAFT, PUBLISHED, Quiz, QuizRevision
from lms.web import db

from .factories import make_staff
from .html import FormFields
from .paths import BANKS
from .people import Person, csrf_from, log_in_staff

EDIT = "/giang-vien/cau-hoi/dien-thoai"
IMPORT = "/giang-vien/cau-hoi/nhap"


@pytest.fixture
def trainer(app):
    make_staff(app, "trainer", "giangvien")
    return log_in_staff(app, "giangvien")[0]


def fields(person, page: str) -> dict:
    html = person.client.get(page).get_data(as_text=True)
    return FormFields(html, index=_editor_form(html)).fields


def _editor_form(html: str) -> int:
    """Which of the page's forms is the editor (the header's sign-out form comes first)."""
    return html[: html.index('class="quiz-editor"')].count("<form") - 1


def send(person, page: str, data: dict, action: str):
    return person.client.post(page, data={**data, "action": action})


def revisions_of(app, slug="dien-thoai"):
    """For tests with two browsers: the ``session`` fixture holds an app context open,
    which requests would share (and with it Flask-WTF's token cache in ``g``)."""
    with app.app_context():
        quiz, found = revisions(db.session(), slug)
        return quiz.current_number, [(r.number, r.state, r.definition) for r in found]


def revisions(session, slug="dien-thoai"):
    session.expire_all()
    quiz = session.scalar(select(Quiz).where(Quiz.slug == slug))
    found = session.scalars(
        select(QuizRevision).where(QuizRevision.quiz_id == quiz.id).order_by(QuizRevision.number)
    ).all()
    return quiz, found


def test_the_home_lists_the_quizzes_page_and_it_lists_every_quiz(trainer):
    home = trainer.client.get("/giang-vien/").get_data(as_text=True)
    assert 'href="/giang-vien/cau-hoi"' in home
    page = trainer.client.get("/giang-vien/cau-hoi").get_data(as_text=True)
    assert 'href="/giang-vien/cau-hoi/dien-thoai"' in page
    assert "Kiểm tra — Làm quen với điện thoại" in page
    assert 'href="/giang-vien/cau-hoi/nhap"' in page and 'href="/giang-vien/cau-hoi/moi"' in page


def test_the_editor_is_a_form_per_question_with_anchors_and_no_yaml(trainer):
    html = trainer.client.get(EDIT).get_data(as_text=True)
    for number in (1, 2, 3):
        assert f'id="cau-{number}"' in html
    assert "questions:" not in html and "correct: true" not in html
    data = fields(trainer, EDIT)
    assert data["q0-type"] == "single" and data["q0-text"] == "Muốn bật điện thoại, bạn làm gì?"
    assert data["q0-c0-correct"] == "1" and "q0-c1-correct" not in data
    assert data["q1-answer"] == "false"
    assert data["q2-items"].splitlines() == [
        "Mở Cài đặt",
        "Chọn Wi-Fi và tên mạng",
        "Nhập mật khẩu Wi-Fi",
    ]


def test_a_draft_is_saved_without_changing_what_learners_see(trainer, session):
    before, old = revisions(session)
    data = fields(trainer, EDIT)
    data["q0-text"] = "Muốn **bật** điện thoại, bạn làm gì?"
    data["note"] = "làm rõ câu 1"
    response = send(trainer, EDIT, data, "save")
    assert response.status_code == 302
    quiz, found = revisions(session)
    assert len(found) == len(old) + 1
    newest = found[-1]
    assert newest.state == DRAFT and newest.note == "làm rõ câu 1"
    assert quiz.current_number == before.current_number
    assert newest.definition["questions"][0]["html"] == (
        "<p>Muốn <strong>bật</strong> điện thoại, bạn làm gì?</p>\n"
    )
    # The same definition a file would give: the YAML kept is readable and re-reads the same.
    assert read_quiz(newest.source_text)["questions"][2]["items"][0] == "Mở Cài đặt"
    # The editor now opens the draft.
    assert fields(trainer, EDIT)["q0-text"] == "Muốn **bật** điện thoại, bạn làm gì?"


def test_publishing_moves_learners_to_the_new_revision(app, trainer):
    data = fields(trainer, EDIT)
    data["q1-text"] = "Ở nhà có Wi-Fi thì vẫn nên bật dữ liệu di động."
    assert send(trainer, EDIT, data, "publish").status_code == 302
    current, found = revisions_of(app)
    assert found[-1][1] == PUBLISHED and current == found[-1][0]
    learner = Person(app.test_client())
    assert learner.sign_up().status_code == 302
    attempt = learner.client.get(learner.start_quiz("dien-thoai")).get_data(as_text=True)
    assert "vẫn nên bật dữ liệu di động" in attempt


@pytest.mark.parametrize(
    ("change", "place", "words"),
    [
        ({"q1-text": ""}, "err-q1-text", "thiếu 'text'"),
        ({"q0-explanation": ""}, "err-q0-explanation", "thiếu 'explanation'"),
        ({"q0-c1-correct": "1"}, "err-q0-choices", "cần đúng một lựa chọn đúng"),
        ({"q0-c1-text": "Nhấn giữ nút nguồn khoảng 3 giây"}, "err-q0-choices", "giống nhau"),
        ({"q2-items": "Một bước"}, "err-q2-items", "từ 2 đến 8"),
        ({"show": "9"}, "err-show", "chỉ có 3 câu"),
        ({"show": "ba"}, "err-show", "số nguyên"),
        ({"time_limit_minutes": "999"}, "err-time_limit_minutes", "từ 1 đến 180"),
        ({"title": ""}, "err-title", "thiếu 'title'"),
        ({"module": "khong-co"}, "err-module", "không có module"),
        ({"note": "x" * 301}, "err-note", "300"),
    ],
)
def test_problems_are_shown_next_to_their_field_and_nothing_is_saved(
    trainer, session, change, place, words
):
    _quiz, before = revisions(session)
    data = {**fields(trainer, EDIT), **change}
    response = send(trainer, EDIT, data, "publish")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{place}"' in html
    error = unescape(html[html.index(f'id="{place}"') :].split("</p>", 1)[0])
    assert words in error
    assert re.search(f'aria-describedby="[^"]*{place}"', html)
    assert len(revisions(session)[1]) == len(before)


def test_true_false_needs_an_answer(trainer, session):
    data = fields(trainer, EDIT)
    del data["q1-answer"]
    response = send(trainer, EDIT, data, "save")
    assert response.status_code == 422
    assert "cần &#39;answer: true&#39; hoặc &#39;false&#39;" in response.get_data(as_text=True)


def test_questions_are_added_moved_and_removed_with_buttons(trainer, session):
    _quiz, before = revisions(session)
    data = fields(trainer, EDIT)
    html = send(trainer, EDIT, data, "add").get_data(as_text=True)
    assert 'id="cau-4"' in html
    data = FormFields(html, _editor_form(html)).fields
    assert data["q3-id"] == "cau-4" and data["q3-type"] == "single"
    html = send(trainer, EDIT, data, "up-2").get_data(as_text=True)
    data = FormFields(html, _editor_form(html)).fields
    assert data["q1-items"].startswith("Mở Cài đặt") and data["q2-answer"] == "false"
    html = send(trainer, EDIT, data, "remove-3").get_data(as_text=True)
    data = FormFields(html, _editor_form(html)).fields
    assert "q3-id" not in data
    html = send(trainer, EDIT, data, "choice-0").get_data(as_text=True)
    assert 'id="q0-c4-text"' in html  # three choices, a spare row and the one asked for
    data = FormFields(html, _editor_form(html)).fields
    data["q2-type"] = "single"  # a true/false question becomes a choice question
    html = send(trainer, EDIT, data, "type-2").get_data(as_text=True)
    assert 'id="q2-c3-text"' in html
    assert len(revisions(session)[1]) == len(before)  # no button but Save writes
    data = FormFields(html, _editor_form(html)).fields
    data.update({"q2-c0-text": "Có", "q2-c0-correct": "1", "q2-c1-text": "Không"})
    assert send(trainer, EDIT, data, "save").status_code == 302
    newest = revisions(session)[1][-1]
    kinds = [(q["id"], q["type"]) for q in newest.definition["questions"]]
    assert kinds == [("bat-may", "single"), ("buoc-ket-noi", "ordering"), ("wifi-o-nha", "single")]


def test_a_stale_save_is_refused_showing_both_versions_and_losing_nothing(app, trainer):
    make_staff(app, "trainer", "giangvien2")
    other = log_in_staff(app, "giangvien2")[0]
    mine, theirs = fields(trainer, EDIT), fields(other, EDIT)
    theirs["q0-text"] = "Câu của người kia"
    assert send(other, EDIT, theirs, "save").status_code == 302
    _current, before = revisions_of(app)
    mine["q0-text"] = "Câu của tôi"
    response = send(trainer, EDIT, mine, "save")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "trainer giangvien2 đã lưu bài này" in html
    assert "Câu của người kia" in html  # theirs, to read
    again = FormFields(html, _editor_form(html)).fields
    assert again["q0-text"] == "Câu của tôi"  # mine, still in the form
    assert int(again["base"]) == before[-1][0]
    assert len(revisions_of(app)[1]) == len(before)
    assert send(trainer, EDIT, again, "save").status_code == 302
    assert revisions_of(app)[1][-1][2]["questions"][0]["html"] == "<p>Câu của tôi</p>\n"


def test_a_new_quiz_is_created_and_published(app, trainer, session):
    page = "/giang-vien/cau-hoi/moi"
    data = fields(trainer, page)
    data.update(
        {
            "slug": "an-toan-lop-thang-binh",
            "title": "Kiểm tra lớp Thăng Bình",
            "q0-text": "Mã OTP có được đọc cho người khác không?",
            "q0-c0-text": "Không bao giờ",
            "q0-c0-correct": "1",
            "q0-c1-text": "Có, nếu là ngân hàng",
            "q0-explanation": "Ngân hàng không bao giờ xin mã OTP.",
        }
    )
    response = send(trainer, page, data, "publish")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/giang-vien/cau-hoi/an-toan-lop-thang-binh")
    quiz, (revision,) = revisions(session, "an-toan-lop-thang-binh")
    assert quiz.current_number == 1 and revision.state == PUBLISHED
    assert len(revision.definition["questions"][0]["choices"]) == 2  # empty rows dropped
    again = send(trainer, page, data, "save")
    assert again.status_code == 422 and "đã có bài kiểm tra" in again.get_data(as_text=True)
    data["slug"] = "Tên Có Dấu"
    bad = send(trainer, page, data, "save")
    assert bad.status_code == 422 and 'id="err-slug"' in bad.get_data(as_text=True)
    data["slug"] = "nhap"  # /giang-vien/cau-hoi/nhap is the upload page: never openable
    reserved = send(trainer, page, data, "save")
    assert reserved.status_code == 422
    shown = reserved.get_data(as_text=True)
    assert 'id="err-slug"' in shown and "tên &#39;nhap&#39; đã dành cho một trang" in shown
    assert session.scalar(select(func.count()).select_from(Quiz).where(Quiz.slug == "nhap")) == 0


def test_a_practical_test_is_not_edited_in_the_form(trainer, session):
    page = "/giang-vien/cau-hoi/thuc-hanh"
    assert "chỉ sửa được trong tệp" in trainer.client.get(page).get_data(as_text=True)
    token = csrf_from(trainer.client.get(page).get_data(as_text=True))
    response = trainer.client.post(page, data={"csrf_token": token, "action": "save"})
    assert response.status_code == 422


def test_an_unknown_quiz_is_404(trainer):
    assert trainer.client.get("/giang-vien/cau-hoi/khong-co").status_code == 404


def upload(person, data: bytes, name="ngan-hang.gift", **form):
    token = csrf_from(person.client.get(IMPORT).get_data(as_text=True))
    values = {"csrf_token": token, "format": "gift", "into": "", "action": "preview", **form}
    if data is not None:
        from io import BytesIO

        values["file"] = (BytesIO(data), name)
    return person.client.post(IMPORT, data=values, content_type="multipart/form-data")


def test_an_upload_with_unsupported_questions_names_their_lines_and_writes_nothing(
    trainer, session
):
    response = upload(trainer, (BANKS / "vietnamese.gift").read_bytes(), new_slug="lop-moi")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Dòng 21: loại câu hỏi chưa hỗ trợ: tự luận" in html
    assert "Dòng 23: loại câu hỏi chưa hỗ trợ: điền số" in html
    assert session.scalar(select(func.count()).select_from(Quiz).where(Quiz.slug == "lop-moi")) == 0


def test_an_upload_previews_then_imports_a_draft(trainer, session):
    data = (BANKS / "vietnamese-bom-crlf.gift").read_bytes()
    response = upload(trainer, data, new_slug="lop-moi", skip="1", title="Lớp Thăng Bình")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Xem trước: 4 câu sẽ được nhập vào bài lop-moi" in html
    assert "Dòng 21: loại câu hỏi chưa hỗ trợ: tự luận" in html
    assert "Mật khẩu _____ là mạnh nhất." in html
    assert session.scalar(select(func.count()).select_from(Quiz).where(Quiz.slug == "lop-moi")) == 0
    confirm = FormFields(html, html[: html.index('value="import"')].count("<form") - 1).fields
    response = trainer.client.post(IMPORT, data={**confirm, "action": "import"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/giang-vien/cau-hoi/lop-moi")
    quiz, (revision,) = revisions(session, "lop-moi")
    assert quiz.current_number == 0 and revision.state == DRAFT
    assert revision.title == "Lớp Thăng Bình" and revision.note == "nhập từ ngan-hang.gift"
    assert [q["id"] for q in revision.definition["questions"]][0] == "ma-otp"


@pytest.mark.parametrize(
    ("data", "form", "status", "words"),
    [
        (None, {"new_slug": "bai-moi"}, 422, "Bạn chưa chọn tệp câu hỏi."),
        (b"x" * (101 * 1024), {"new_slug": "bai-moi"}, 413, "Tệp lớn quá 100 KB"),
        # Far too big: refused before the view reads it (the site's own limit on requests)
        (b"x" * (300 * 1024), {"new_slug": "bai-moi"}, 413, "Nội dung gửi lên quá dài"),
        (b"C?{T}\n\nSai {=a ~b\n", {"new_slug": "bai-moi"}, 422, "Dòng 3: thiếu dấu"),
        (
            "C?{T}\n\nCâu?{T}".encode("cp1258"),
            {"new_slug": "bai-moi"},
            422,
            "Dòng 3: tệp không phải",
        ),
        (b"C?{T}", {"new_slug": "Sai Ten"}, 422, "Tên viết tắt chỉ gồm chữ thường"),
        (b"C?{T}", {}, 422, "Hãy chọn một bài có sẵn"),
        (b"C?{T}", {"new_slug": "dien-thoai"}, 422, "Đã có bài kiểm tra tên này"),
        (b"C?{T}", {"into": "khong-co"}, 422, "Không có bài kiểm tra này."),
        (b"C?{T}", {"new_slug": "bai-moi", "format": "xml"}, 422, "Hãy chọn GIFT hoặc Aiken."),
    ],
)
def test_bad_uploads_are_refused_with_a_message(trainer, session, data, form, status, words):
    response = upload(trainer, data, **form)
    assert response.status_code == status
    assert words in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Quiz).where(Quiz.slug == "bai-moi")) == 0


def test_a_revision_without_source_text_is_not_edited_from_nothing(app, trainer):
    with app.app_context():
        session = db.session()
        quiz = session.scalar(select(Quiz).where(Quiz.slug == "dien-thoai"))
        session.scalars(
            select(QuizRevision).where(QuizRevision.quiz_id == quiz.id)
        ).one().source_text = None
        db.commit()
    html = trainer.client.get(EDIT).get_data(as_text=True)
    assert "lms content import" in html and 'class="quiz-editor"' not in html
    token = csrf_from(html)
    response = trainer.client.post(EDIT, data={"csrf_token": token, "action": "save"})
    assert response.status_code == 422
    assert len(revisions_of(app)[1]) == 1
