"""The studio's lesson, module and history pages, driven like a trainer's browser without
JavaScript: preview, save a draft, publish, the checks shown next to the text, two
trainers saving the same lesson, history, diff and restore."""

import re
import shutil

import pytest
from sqlalchemy import func, select

from lms.models import LessonRevision, Module
from lms.publishing import current_revision
from lms.publishing.editing import find_lesson
from lms.web import db

from .factories import make_app, make_staff
from .paths import CURRICULUM
from .people import Person, csrf_from, log_in_staff

EDIT = "/giang-vien/bai-hoc/dien-thoai/bat-tat-may"
NEW = "/giang-vien/bai-hoc/moi"
PICTURE = "![Nút nguồn ở cạnh phải](/static/lessons/nut-nguon.svg)"
BODY = f"Cầm máy lên tay.\n\n- **Nút nguồn** ở cạnh phải.\n- Nút âm lượng ở trên.\n\n{PICTURE}\n"


@pytest.fixture
def trainer(app):
    make_staff(app, "trainer", "colan")
    person, _ = log_in_staff(app, "colan")
    return person


def revisions(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(LessonRevision))


def newest(app, published: bool = False) -> tuple:
    """(number, state, note, text) of the phone lesson's newest revision (or the one
    learners see)."""
    with app.app_context():
        session = db.session()
        lesson = find_lesson(session, "dien-thoai", "bat-tat-may")
        found = current_revision(session, "lesson", lesson.id, include_drafts=not published)
        return found.number, found.state, found.note, found.source_text


def form_of(person, page: str) -> dict:
    """The editor's fields as the page filled them in."""
    html = person.client.get(page).get_data(as_text=True)
    fields = {"csrf_token": csrf_from(html)}
    for name in ("title", "summary", "audio", "note", "slug"):
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
        if match:
            fields[name] = match.group(1)
    based_on = re.search(r'name="based_on" type="hidden" value="(\d+)"', html)
    fields["based_on"] = based_on.group(1)
    domain = re.search(r'<option selected value="([^"]+)"', html)
    fields["domain"] = domain.group(1) if domain else ""
    body = re.search(r'<textarea id="body"[^>]*>\n?(.*?)</textarea>', html, re.S)
    fields["body"] = body.group(1).replace("&#34;", '"').replace("&#39;", "'")
    return fields


def new_lesson(**overrides) -> dict:
    data = {
        "module": "dien-thoai",
        "slug": "nut-bam",
        "title": "Các nút bấm",
        "domain": "giai-quyet-van-de",
        "body": BODY,
        "note": "bài mới",
        "based_on": "0",
    }
    return data | overrides


def test_the_studio_home_links_to_lessons_and_modules(trainer):
    html = trainer.client.get("/giang-vien/").get_data(as_text=True)
    assert 'href="/giang-vien/bai-hoc"' in html and 'href="/giang-vien/phan"' in html


def test_preview_without_javascript_renders_like_the_lesson_page_and_saves_nothing(app, trainer):
    before = revisions(app)
    response = trainer.post_form(NEW, new_lesson(action="preview"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>Nút nguồn</strong>" in html and "<ul>" in html
    assert '<img src="/static/lessons/nut-nguon.svg" alt="Nút nguồn ở cạnh phải"' in html
    assert "Cầm máy lên tay." in html  # the text is kept in the form
    assert revisions(app) == before


def test_the_live_preview_endpoint_returns_the_rendered_fragment(app, trainer):
    token = csrf_from(trainer.client.get(NEW).get_data(as_text=True))
    data = {"csrf_token": token, "title": "Bài", "domain": "an-toan", "body": "- **một**\n"}
    response = trainer.client.post("/giang-vien/bai-hoc/xem-truoc", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<li><strong>một</strong></li>" in html and "<html" not in html
    bad = trainer.client.post(
        "/giang-vien/bai-hoc/xem-truoc", data=data | {"body": "Chữ.\n![](/static/x.png)\n"}
    )
    assert "Dòng 2:" in bad.get_data(as_text=True)
    refused = trainer.client.post("/giang-vien/bai-hoc/xem-truoc", data=data | {"csrf_token": ""})
    assert refused.status_code == 400


def test_a_draft_is_hidden_from_learners_until_it_is_published(app, trainer, client):
    response = trainer.post_form(NEW, new_lesson(action="draft"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/giang-vien/bai-hoc/dien-thoai/nut-bam")
    listing = trainer.client.get("/giang-vien/bai-hoc").get_data(as_text=True)
    assert "Các nút bấm" in listing and "Bản nháp, chưa đăng" in listing
    assert client.get("/bai/dien-thoai/nut-bam").status_code == 404

    page = "/giang-vien/bai-hoc/dien-thoai/nut-bam"
    fields = form_of(trainer, page)
    assert fields["body"] == BODY and fields["based_on"] == "1"
    response = trainer.client.post(page, data=fields | {"action": "publish"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session()
        lesson = session.scalar(select(LessonRevision).where(LessonRevision.title == "Các nút bấm"))
        assert (lesson.number, lesson.state, lesson.note) == (1, "published", "bài mới")
    lesson_page = client.get("/bai/dien-thoai/nut-bam").get_data(as_text=True)
    assert "<strong>Nút nguồn</strong>" in lesson_page
    assert "Các nút bấm" in client.get("/phan/dien-thoai").get_data(as_text=True)


def test_checks_are_shown_next_to_the_text_with_their_line_and_nothing_is_saved(app, trainer):
    before = revisions(app)
    body = "Dòng một.\n\n![](/static/lessons/khong-co.svg)\n"
    response = trainer.post_form(NEW, new_lesson(body=body, action="publish"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dòng 3:" in html and "thiếu mô tả" in html and "không tìm thấy tệp hình" in html
    assert "khong-co.svg" in html  # the text is still in the box
    assert revisions(app) == before


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"slug": "Bài Mới"}, "Tên đường dẫn"),
        ({"title": ""}, "Tên bài"),
        ({"domain": "khong-co"}, "Lĩnh vực"),
        ({"module": "khong-co"}, "Thuộc phần"),
        ({"body": ""}, "Nội dung bài"),
        ({"based_on": "x"}, "số bản gốc"),
        ({"slug": "bat-tat-may"}, "đã có bài"),
    ],
)
def test_bad_forms_are_refused_naming_the_field(app, trainer, overrides, named):
    before = revisions(app)
    response = trainer.post_form(NEW, new_lesson(**overrides, action="publish"))
    assert response.status_code == 422
    assert named in response.get_data(as_text=True)
    assert revisions(app) == before


def test_the_second_trainer_to_save_sees_who_saved_first_and_both_texts(app, trainer):
    make_staff(app, "trainer", "thayminh")
    other, _ = log_in_staff(app, "thayminh")
    hers, his = form_of(trainer, EDIT), form_of(other, EDIT)
    his_text = his["body"] + "\nCâu thầy Minh thêm.\n"
    saved = other.client.post(EDIT, data=his | {"body": his_text, "action": "draft"})
    assert saved.status_code == 302
    before = revisions(app)

    her_text = hers["body"] + "\nCâu cô Lan thêm.\n"
    response = trainer.client.post(EDIT, data=hers | {"body": her_text, "action": "publish"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "trainer thayminh đã lưu bài này trước bạn (bản 2" in html
    assert "Câu thầy Minh thêm." in html and "Câu cô Lan thêm." in html
    assert "<ins>" in html and "<del>" in html
    assert revisions(app) == before
    # Saving again from that page (which now says revision 2) keeps her text.
    assert 'name="based_on" type="hidden" value="2"' in html
    again = trainer.client.post(
        EDIT, data=hers | {"body": her_text, "based_on": "2", "action": "publish"}
    )
    assert again.status_code == 302
    number, _state, _note, text = newest(app)
    assert number == 3 and "Câu cô Lan thêm." in text


def test_history_shows_revisions_a_word_diff_and_restores_as_a_new_draft(app, trainer):
    fields = form_of(trainer, EDIT)
    changed = fields["body"].replace("khoảng 3 giây", "khoảng ba giây")
    trainer.client.post(EDIT, data=fields | {"body": changed, "note": "viết số bằng chữ"})
    history = trainer.client.get(EDIT + "/lich-su")
    html = history.get_data(as_text=True)
    assert history.status_code == 200
    assert "Bản 2" in html and "viết số bằng chữ" in html and "trainer colan" in html
    assert "nhập từ tệp" in html and "người học đang thấy bản này" in html
    assert "<del>3</del><ins>ba</ins>" in html
    assert '"base' not in html  # words, not raw JSON

    response = trainer.post_form(EDIT + "/lich-su", {}, action=EDIT + "/lich-su/1/khoi-phuc")
    assert response.status_code == 302
    assert newest(app)[:3] == (3, "draft", "Khôi phục bản 1")
    published = trainer.post_form(EDIT + "/lich-su", {}, action=EDIT + "/lich-su/3/dang")
    assert published.status_code == 302
    assert newest(app, published=True)[0] == 3


def test_quiz_history_diffs_the_source_text(app, trainer):
    html = trainer.client.get("/giang-vien/cau-hoi/dien-thoai/lich-su").get_data(as_text=True)
    assert "Bản 1" in html
    restored = trainer.post_form(
        "/giang-vien/cau-hoi/dien-thoai/lich-su",
        {},
        action="/giang-vien/cau-hoi/dien-thoai/lich-su/1/khoi-phuc",
    )
    assert restored.status_code == 302
    compared = trainer.client.get("/giang-vien/cau-hoi/dien-thoai/lich-su?tu=1&den=2")
    assert "Hai bản giống hệt nhau." in compared.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/giang-vien/bai-hoc/dien-thoai/khong-co",
        "/giang-vien/bai-hoc/khong-co/bat-tat-may",
        "/giang-vien/bai-hoc/dien-thoai/bat-tat-may/lich-su?tu=1&den=9",
        "/giang-vien/bai-hoc/khong-co/bat-tat-may/lich-su",
        "/giang-vien/cau-hoi/khong-co/lich-su",
        "/giang-vien/phan/khong-co",
        "/giang-vien/bai-hoc/Dien-Thoai/bat-tat-may",
    ],
)
def test_unknown_lessons_modules_and_revisions_are_404(trainer, url):
    assert trainer.client.get(url).status_code == 404


def test_restoring_a_missing_revision_is_404(trainer):
    response = trainer.post_form(EDIT + "/lich-su", {}, action=EDIT + "/lich-su/9/khoi-phuc")
    assert response.status_code == 404


def test_modules_are_created_and_edited_and_bad_ones_refused(app, trainer, client):
    data = {
        "slug": "mang-xa-hoi",
        "title": "Mạng xã hội",
        "position": "3",
        "competence": "giao-tiep",
    }
    assert trainer.post_form("/giang-vien/phan/moi", data).status_code == 302
    again = trainer.post_form("/giang-vien/phan/moi", data)
    assert again.status_code == 422 and "đã có phần" in again.get_data(as_text=True)
    bad = trainer.post_form("/giang-vien/phan/moi", data | {"slug": "khac", "position": "0"})
    assert bad.status_code == 422 and "Thứ tự" in bad.get_data(as_text=True)
    reserved = trainer.post_form("/giang-vien/phan/moi", data | {"slug": "moi", "position": "4"})
    assert reserved.status_code == 422
    assert "tên &#39;moi&#39; đã dành cho một trang" in reserved.get_data(as_text=True)
    edited = trainer.post_form("/giang-vien/phan/mang-xa-hoi", data | {"title": "Zalo và Facebook"})
    assert edited.status_code == 302
    listing = trainer.client.get("/giang-vien/phan").get_data(as_text=True)
    assert "Zalo và Facebook" in listing
    with app.app_context():
        module = db.session().scalar(select(Module).where(Module.slug == "mang-xa-hoi"))
        assert module.title == "Zalo và Facebook"
        assert module.source_text.startswith("title: Zalo và Facebook\n")
    assert client.get("/").status_code == 200  # a module without lessons breaks nothing


def test_learners_and_officers_are_refused(app, learner):
    assert learner.client.get("/giang-vien/bai-hoc").status_code == 403
    make_staff(app, "officer", "canboxa", 20791)
    officer, _ = log_in_staff(app, "canboxa")
    assert officer.client.get(EDIT).status_code == 403
    anonymous = Person(app.test_client()).client.get(EDIT)
    assert anonymous.status_code == 302 and "/dang-nhap" in anonymous.headers["Location"]


def test_a_stale_form_keeps_the_trainers_text(trainer):
    fields = form_of(trainer, EDIT)
    text = fields["body"] + "\nMột đoạn viết rất lâu.\n"
    response = trainer.client.post(EDIT, data=fields | {"body": text, "csrf_token": "cu"})
    assert response.status_code == 400
    assert "Một đoạn viết rất lâu." in response.get_data(as_text=True)


def test_restoring_a_revision_that_no_longer_passes_the_checks_is_refused(tmp_path, monkeypatch):
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    picture = root / "static" / "lessons" / "tam-thoi.svg"
    picture.write_text((root / "static" / "lessons" / "nut-nguon.svg").read_text())
    app = make_app(tmp_path, monkeypatch, root)
    try:
        make_staff(app, "trainer", "colan")
        trainer, _ = log_in_staff(app, "colan")
        fields = form_of(trainer, EDIT)
        with_picture = fields["body"] + "\n![Hình tạm](/static/lessons/tam-thoi.svg)\n"
        assert trainer.client.post(EDIT, data=fields | {"body": with_picture}).status_code == 302
        picture.unlink()
        response = trainer.post_form(EDIT + "/lich-su", {}, action=EDIT + "/lich-su/2/khoi-phuc")
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Bản 2 không còn qua được bước kiểm tra" in html and "tam-thoi.svg" in html
        assert newest(app)[0] == 2
    finally:
        db.engine(app).dispose()
