"""Importing the curriculum: atomic, revision-aware, and never rewriting the past."""

import shutil

import pytest
from sqlalchemy import func, select

from lms.content import load_curriculum
from lms.models import Attempt, Lesson, LessonRevision, Module, QuizRevision
from lms.publishing import CurriculumError, current_revision, import_curriculum, retire

from .paths import CURRICULUM


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    return root


def counts(session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count(Module.id))),
        session.scalar(select(func.count(LessonRevision.id))),
        session.scalar(select(func.count(QuizRevision.id))),
    )


def test_start_imports_the_curriculum_into_an_empty_database(session):
    assert counts(session) == (2, 4, 3)
    lesson = session.scalar(select(Lesson).where(Lesson.slug == "bat-tat-may"))
    current = current_revision(session, "lesson", lesson.id)
    assert current.number == 1 and current.origin == "file" and current.author_id is None
    assert '<div class="ghi-nho">' in current.html  # rendered once, at import


def test_unchanged_files_make_no_new_revisions(session, tree):
    report = import_curriculum(session, load_curriculum(tree))
    assert report.new_revisions == []
    assert counts(session) == (2, 4, 3)


def test_a_changed_file_gets_exactly_one_new_revision(session, tree):
    path = tree / "content/dien-thoai/02-ket-noi-wifi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Cài đặt", "Cài đặt ⚙"), "utf-8")
    report = import_curriculum(session, load_curriculum(tree))
    assert report.new_revisions == ["content/dien-thoai/02-ket-noi-wifi.md"]
    lesson = session.scalar(select(Lesson).where(Lesson.slug == "ket-noi-wifi"))
    session.refresh(lesson)
    assert lesson.current_number == 2
    assert "⚙" in current_revision(session, "lesson", lesson.id).html
    assert counts(session) == (2, 5, 3)


def test_a_bad_file_changes_nothing(session, tree):
    good = tree / "content/dien-thoai/02-ket-noi-wifi.md"
    good.write_text(good.read_text(encoding="utf-8") + "\nThêm một dòng.\n", "utf-8")
    (tree / "quizzes/hong.yaml").write_text("title: Hỏng\nquestions: []\n", "utf-8")
    with pytest.raises(CurriculumError) as raised:
        import_curriculum(session, load_curriculum(tree))
    assert str(raised.value.problems[0]).startswith("quizzes/hong.yaml:2:")
    assert counts(session) == (2, 4, 3)


def test_cli_import_refuses_a_broken_tree_and_reports_lines(lms, session, tree):
    (tree / "quizzes/hong.yaml").write_text("title: [\n", "utf-8")
    result = lms(["content", "import", "--root", str(tree)])
    assert result.exit_code == 1
    assert "quizzes/hong.yaml:1: YAML không hợp lệ" in result.output
    assert counts(session) == (2, 4, 3)


def test_a_removed_file_hides_nothing_retiring_does(session, tree):
    """The database is the master copy: a missing file is no reason to hide a lesson."""
    (tree / "content/an-toan/02-duong-link-la.md").unlink()
    report = import_curriculum(session, load_curriculum(tree))
    assert report.new_revisions == []
    lesson = session.scalar(select(Lesson).where(Lesson.slug == "duong-link-la"))
    assert lesson.active is True
    assert retire(session, "lesson", "an-toan/duong-link-la") is True
    assert lesson.active is False
    assert retire(session, "lesson", "an-toan/khong-co") is False
    import_curriculum(session, load_curriculum(tree))
    assert lesson.active is False  # an import never brings it back either


def test_an_attempt_keeps_the_revision_it_was_taken_on(learner, app, tree):
    attempt_url = learner.start_quiz("dien-thoai")
    quiz_file = tree / "quizzes/dien-thoai.yaml"
    quiz_file.write_text(
        quiz_file.read_text(encoding="utf-8").replace("Ba câu hỏi ngắn.", "Đã sửa."), "utf-8"
    )
    with app.app_context():
        from lms.web import db

        import_curriculum(db.session(), load_curriculum(tree))
        attempt = db.session().get(Attempt, int(attempt_url.rsplit("/", 1)[1]))
        assert attempt.revision.number == 1
        assert db.session().scalar(select(func.count(QuizRevision.id))) == 4


def test_cli_import_reports_new_revisions(lms, session, tree):
    path = tree / "content/an-toan/01-ma-otp.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm.\n", "utf-8")
    result = lms(["content", "import", "--root", str(tree)])
    assert result.exit_code == 0, result.output
    assert "new revision: content/an-toan/01-ma-otp.md" in result.output
    assert "7 unchanged." in result.output
    assert result.output.splitlines()[-1] == "1 new revisions"


def test_pages_follow_an_import_at_once(client, lms, tree):
    """Lesson pages are cached per curriculum version: an import must show through."""
    assert "Nhấn giữ nút nguồn" in client.get("/bai/dien-thoai/bat-tat-may").get_data(True)
    path = tree / "content/dien-thoai/01-bat-tat-may.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Nhấn giữ nút nguồn", "Giữ nút nguồn"), "utf-8"
    )
    assert lms(["content", "import", "--root", str(tree)]).exit_code == 0
    assert lms(["content", "retire", "lesson", "an-toan/duong-link-la"]).exit_code == 0
    page = client.get("/bai/dien-thoai/bat-tat-may").get_data(as_text=True)
    assert "Giữ nút nguồn" in page and "Nhấn giữ nút nguồn" not in page
    assert client.get("/bai/an-toan/duong-link-la").status_code == 404
    assert "duong-link-la" not in client.get("/phan/an-toan").get_data(as_text=True)
