"""The studio's editing services: a word diff, lesson fields as text, problems placed on
the form, saving with a conflict check, restoring an old revision, modules."""

import pytest
from sqlalchemy import func, select

from lms.models import Attempt, LessonRevision, Module, Quiz, QuizRevision, User
from lms.publishing import ContentProblems, current_revision, save_quiz
from lms.publishing.diff import word_diff
from lms.publishing.editing import (
    EditConflict,
    LessonFields,
    find_lesson,
    lesson_fields,
    lesson_text,
    lessons_for_studio,
    preview_lesson,
    save_lesson_edit,
)
from lms.publishing.history import history, restore, revision_text
from lms.publishing.modules import ModuleFields, module_text, save_module
from lms.web import db

from .factories import make_user
from .paths import CURRICULUM

STATIC = CURRICULUM / "static"
BODY = "Nút nguồn ở cạnh phải.\n\n- Nhấn giữ để bật.\n- Nhấn nhanh để khoá.\n"


def test_the_word_diff_marks_words_added_and_removed_and_keeps_line_breaks():
    old = "Nhấn giữ nút nguồn.\nRồi chờ.\n\nDòng không đổi.\n"
    new = "Nhấn nhanh nút nguồn.\nRồi chờ máy sáng.\n\nDòng không đổi.\n"
    diff = word_diff(old, new)
    marked = [(p.change, p.text) for p in diff.pieces]
    assert ("removed", "giữ") in marked and ("added", "nhanh") in marked
    assert ("removed", "chờ.") in marked  # a word is the unit: "chờ." became "chờ máy sáng."
    assert ("added", "chờ máy sáng.") in marked
    assert marked[-1] == ("same", "\n\nDòng không đổi.\n")
    kept = "".join(p.text if p.change != "added" else " " for p in diff.pieces)
    assert kept.split() == old.split()
    now = "".join(p.text if p.change != "removed" else " " for p in diff.pieces)
    assert now.split() == new.split()
    assert (diff.added, diff.removed) == (4, 2)


def test_spacing_alone_is_no_change_and_whole_lines_can_come_and_go():
    assert not word_diff("Một  hai\nba", "Một hai\nba").changed
    diff = word_diff("Một.\n", "Một.\n- Hai mục.\n")
    assert [(p.change, p.text) for p in diff.pieces] == [
        ("same", "Một.\n"),
        ("added", "- Hai mục."),
        ("same", "\n"),
    ]


def test_the_same_text_has_no_changes():
    diff = word_diff("Một hai ba", "Một hai ba")
    assert not diff.changed
    assert [p.change for p in diff.pieces] == ["same"]


@pytest.mark.parametrize(
    "title", ["Bật máy: ba bước", "yes", "'Dấu nháy' và \"ngoặc kép\"", "# không phải tiêu đề"]
)
def test_lesson_fields_become_a_lesson_file_and_come_back_unchanged(title):
    fields = LessonFields(title=title, domain="an-toan", summary="Tóm tắt: ngắn.", body=BODY)
    text = lesson_text(fields)
    assert text.text.startswith("---\ntitle: ")
    assert lesson_fields(text.text) == fields
    problems = preview_lesson(text, "dien-thoai", "bai-moi", STATIC)[1]
    assert not problems


def test_problems_are_placed_on_their_field_with_the_line_of_the_text_box():
    body = "Dòng đầu.\n\n![](/static/lessons/khong-co.svg)\n\n# Tiêu đề sai\n"
    text = lesson_text(LessonFields(title="Bài", domain="an-toan", audio="/a.mp3", body=body))
    source, problems = preview_lesson(text, "dien-thoai", "bai-moi", STATIC)
    lines = sorted(line for line, _message in problems.fields["body"])
    assert lines == [3, 3, 5]  # missing alt text and missing file, then the '#' heading
    assert any("/static/lessons/" in message for _line, message in problems.fields["audio"])
    assert source is not None and "<ul>" not in source.html


def test_the_preview_links_glossary_terms_like_the_learner_page(app):
    text = lesson_text(LessonFields(title="Bài", domain="an-toan", body="Cài Zalo để gọi video.\n"))
    source, _problems = preview_lesson(text, "dien-thoai", "bai-moi", STATIC)
    assert "/tu-dien" in source.html


@pytest.fixture
def trainers(app):
    with app.app_context():
        session = db.session()
        first = make_user(session, "Cô Lan", roles=(("trainer", None),))
        second = make_user(session, "Thầy Minh", roles=(("trainer", None),))
        return first.id, second.id


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_save_based_on_an_older_revision_is_a_conflict_and_writes_nothing(app, trainers):
    with app.app_context():
        session = db.session()
        lan, minh = (session.get(User, i) for i in trainers)
        fields = lesson_fields(current_revision(session, "lesson", 1).source_text)
        mine = lesson_text(LessonFields(**{**vars(fields), "body": BODY})).text
        theirs = lesson_text(LessonFields(**{**vars(fields), "body": BODY + "\nThêm.\n"})).text
        revision, changed = save_lesson_edit(
            session, "dien-thoai", "bat-tat-may", theirs,
            author=minh, note="thêm một câu", publish_now=False, based_on=1, static_root=STATIC,
        )  # fmt: skip
        assert (revision.number, revision.state, changed) == (2, "draft", True)
        before = _count(session, LessonRevision)
        with pytest.raises(EditConflict) as caught:
            save_lesson_edit(
                session, "dien-thoai", "bat-tat-may", mine,
                author=lan, note="", publish_now=True, based_on=1, static_root=STATIC,
            )  # fmt: skip
        assert caught.value.newest.number == 2
        assert caught.value.author.display_name == "Thầy Minh"
        assert _count(session, LessonRevision) == before
        # Having seen theirs, she saves on top of revision 2: nothing lost.
        revision, _ = save_lesson_edit(
            session, "dien-thoai", "bat-tat-may", mine,
            author=lan, note="", publish_now=True, based_on=2, static_root=STATIC,
        )  # fmt: skip
        assert (revision.number, revision.state) == (3, "published")
        assert find_lesson(session, "dien-thoai", "bat-tat-may").current_number == 3


def test_saving_the_same_text_adds_no_revision_and_publishing_it_publishes_the_draft(app, trainers):
    with app.app_context():
        session = db.session()
        lan = session.get(User, trainers[0])
        text = lesson_text(LessonFields(title="Bài mới", domain="an-toan", body=BODY)).text
        draft, _ = save_lesson_edit(
            session, "dien-thoai", "bai-moi", text,
            author=lan, note="", publish_now=False, based_on=0, static_root=STATIC,
        )  # fmt: skip
        rows = {row.lesson.slug: row.state for row in lessons_for_studio(session)}
        assert rows["bai-moi"] == "draft"
        same, changed = save_lesson_edit(
            session, "dien-thoai", "bai-moi", text,
            author=lan, note="", publish_now=False, based_on=1, static_root=STATIC,
        )  # fmt: skip
        assert (same.number, changed) == (1, False)
        published, changed = save_lesson_edit(
            session, "dien-thoai", "bai-moi", text,
            author=lan, note="", publish_now=True, based_on=1, static_root=STATIC,
        )  # fmt: skip
        assert (published.number, published.state, changed) == (1, "published", True)
        rows = {row.lesson.slug: row.state for row in lessons_for_studio(session)}
        assert rows["bai-moi"] == "published"


def test_bad_text_raises_with_every_problem_and_writes_nothing(app, trainers):
    with app.app_context():
        session = db.session()
        lan = session.get(User, trainers[0])
        before = _count(session, LessonRevision)
        text = lesson_text(LessonFields(title="Bài", domain="an-toan", body="![](x.png)\n")).text
        with pytest.raises(ContentProblems):
            save_lesson_edit(
                session, "dien-thoai", "bai-moi", text,
                author=lan, note="", publish_now=True, based_on=0, static_root=STATIC,
            )  # fmt: skip
        assert _count(session, LessonRevision) == before
        assert find_lesson(session, "dien-thoai", "bai-moi") is None


def test_restoring_adds_a_new_draft_and_leaves_old_revisions_and_attempts_alone(app, trainers):
    with app.app_context():
        session = db.session()
        lan = session.get(User, trainers[0])
        quiz = session.scalar(select(Quiz).where(Quiz.slug == "dien-thoai"))
        first = current_revision(session, "quiz", quiz.id)
        attempt = Attempt(user_id=lan.id, quiz_revision_id=first.id, seed=3)
        session.add(attempt)
        session.flush()
        changed = first.source_text.replace("questions:", "# sửa\nquestions:", 1)
        second = save_quiz(session, "dien-thoai", changed, lan, "sửa", True)
        restored = restore(session, "quiz", quiz, 1, lan)
        assert (restored.number, restored.state, restored.note) == (3, "draft", "Khôi phục bản 1")
        assert restored.source_text == first.source_text
        assert revision_text(second) == changed
        assert attempt.quiz_revision_id == first.id
        assert quiz.current_number == 2  # a restored draft is not published by itself
        rows = history(session, "quiz", quiz)
        assert [(r.number, r.state, r.author, r.current) for r in rows] == [
            (3, "draft", "Cô Lan", False),
            (2, "published", "Cô Lan", True),
            (1, "published", None, False),
        ]
        assert restore(session, "quiz", quiz, 9, lan) is None
        numbers = select(QuizRevision.number).where(QuizRevision.quiz_id == quiz.id)
        assert sorted(session.scalars(numbers)) == [1, 2, 3]


def test_modules_are_checked_like_module_files(app):
    with app.app_context():
        session = db.session()
        fields = ModuleFields(title="Mạng xã hội", position=3, competence="giao-tiep")
        assert module_text(fields) == "title: Mạng xã hội\nposition: 3\ncompetence: giao-tiep\n"
        module = save_module(session, "mang-xa-hoi", fields, new=True)
        assert (module.title, module.position, module.source_text) == (
            "Mạng xã hội",
            3,
            module_text(fields),
        )
        with pytest.raises(ContentProblems, match="đã có phần"):
            save_module(session, "mang-xa-hoi", fields, new=True)
        with pytest.raises(ContentProblems, match="competence"):
            save_module(session, "mang-moi", ModuleFields("Mới", 4, "khong-co"), new=True)
        with pytest.raises(ContentProblems):
            save_module(session, "Sai Tên", fields, new=True)
        assert session.scalar(select(Module).where(Module.slug == "mang-moi")) is None
