"""The database is the master copy: the publishing service, import conflicts, export."""

import filecmp
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from lms.cli import main
from lms.config import ROOT
from lms.content import load_curriculum
from lms.models import (
    CriterionRules,
    CurriculumImport,
    Lesson,
    LessonRevision,
    Module,
    QuizRevision,
    User,
)
from lms.people.accounts import create_user
from lms.publishing import (
    ContentProblems,
    ExportError,
    current_revision,
    export_curriculum,
    import_curriculum,
    publish,
    save_lesson,
    save_quiz,
)
from lms.web import db

from .factories import make_app
from .paths import CURRICULUM

WIFI = "content/dien-thoai/02-ket-noi-wifi.md"
SHIPPED = ("content", "quizzes", "static/lessons")


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    return root


def everything(session) -> tuple[int, ...]:
    """Row counts of every table the publishing service writes."""
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (
            Module,
            Lesson,
            LessonRevision,
            QuizRevision,
            CriterionRules,
            CurriculumImport,
        )
    )


def trainer(session) -> User:
    return create_user(
        session,
        username="giangvien",
        password="mat-khau-dai-du",
        role="trainer",
        display_name="Cô Lan",
    )


def wifi(session) -> Lesson:
    return session.scalar(select(Lesson).where(Lesson.slug == "ket-noi-wifi"))


def edited(text: str) -> str:
    return text.replace("Cài đặt", "Cài đặt ⚙")


def test_an_import_stops_on_a_newer_revision_made_without_files(lms, session, tree):
    path = tree / WIFI
    text = path.read_text(encoding="utf-8")
    revision = save_lesson(
        session, "dien-thoai", "ket-noi-wifi", edited(text), trainer(session), "sửa ảnh", True
    )
    session.commit()
    assert (revision.number, revision.origin, revision.state) == (2, "studio", "published")
    before = everything(session)

    path.write_text(text + "\nMột dòng thêm trong tệp.\n", encoding="utf-8")
    good = tree / "quizzes/an-toan.yaml"  # a change that alone would import fine
    good.write_text(good.read_text(encoding="utf-8") + "\n# ghi chú\n", encoding="utf-8")
    result = lms(["content", "import", "--root", str(tree)])

    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "conflict" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{WIFI}: conflict: ")
    assert "revision 2 by giangvien" in lines[0] and "studio" in lines[0]
    session.expire_all()
    assert everything(session) == before
    assert "⚙" in current_revision(session, "lesson", wifi(session).id).html


def test_an_unchanged_file_leaves_a_newer_studio_revision_standing(session, tree):
    """The file is still what was imported (revision 1); the draft made since stands."""
    text = (tree / WIFI).read_text(encoding="utf-8")
    save_lesson(session, "dien-thoai", "ket-noi-wifi", edited(text), trainer(session))
    before = everything(session)
    report = import_curriculum(session, load_curriculum(tree))
    assert WIFI not in report.new_revisions
    session.expire_all()
    assert everything(session)[2] == before[2]  # lesson revisions: none added
    latest = current_revision(session, "lesson", wifi(session).id, include_drafts=True)
    assert (latest.number, latest.state) == (2, "draft")


def test_a_file_changed_back_to_an_older_text_is_simply_its_newest_version(session, tree):
    """Without studio edits the files lead: going back to an old text is a new revision."""
    path = tree / WIFI
    original = path.read_text(encoding="utf-8")
    path.write_text(edited(original), encoding="utf-8")
    import_curriculum(session, load_curriculum(tree))
    path.write_text(original, encoding="utf-8")
    report = import_curriculum(session, load_curriculum(tree))
    assert report.new_revisions == [WIFI]
    revision = current_revision(session, "lesson", wifi(session).id)
    assert revision.number == 3 and revision.source_text == original


def test_a_file_after_its_own_import_is_a_new_published_revision(session, tree):
    path = tree / WIFI
    path.write_text(edited(path.read_text(encoding="utf-8")), encoding="utf-8")
    report = import_curriculum(session, load_curriculum(tree))
    assert report.new_revisions == [WIFI]
    revision = current_revision(session, "lesson", wifi(session).id)
    assert (revision.number, revision.state, revision.author_id) == (2, "published", None)
    assert revision.note == "nhập từ tệp"
    assert revision.source_text == path.read_text(encoding="utf-8")


def test_a_draft_waits_for_publishing(client, session, tree):
    text = (tree / WIFI).read_text(encoding="utf-8")
    lesson = wifi(session)
    draft = save_lesson(session, "dien-thoai", "ket-noi-wifi", edited(text), trainer(session))
    session.commit()
    assert current_revision(session, "lesson", lesson.id).number == 1
    assert current_revision(session, "lesson", lesson.id, include_drafts=True) == draft
    assert "⚙" not in client.get("/bai/dien-thoai/ket-noi-wifi").get_data(as_text=True)
    publish(session, draft)
    session.commit()
    assert current_revision(session, "lesson", lesson.id) == draft
    assert "⚙" in client.get("/bai/dien-thoai/ket-noi-wifi").get_data(as_text=True)


def test_a_new_lesson_in_the_studio_stays_off_every_page_until_published(client, session):
    save_lesson(
        session,
        "dien-thoai",
        "gui-anh",
        "---\ntitle: Gửi ảnh\ndomain: giao-tiep-hop-tac\n---\nChọn ảnh.\n",
    )
    session.commit()
    assert client.get("/bai/dien-thoai/gui-anh").status_code == 404
    assert "gui-anh" not in client.get("/sitemap.xml").get_data(as_text=True)
    assert "Gửi ảnh" not in client.get("/").get_data(as_text=True)


def test_the_service_checks_text_like_the_files(session):
    before = everything(session)
    with pytest.raises(ContentProblems) as raised:
        save_lesson(session, "dien-thoai", "hong", "---\ntitle: [\n---\nChữ.\n")
    assert str(raised.value.problems[0]).startswith("content/dien-thoai/hong.md:2: YAML")
    with pytest.raises(ContentProblems) as raised:
        save_quiz(session, "bai-moi", "title: Mới\nmodule: khong-co\nquestions: []\n")
    assert str(raised.value.problems[0]).startswith("quizzes/bai-moi.yaml:3:")
    with pytest.raises(ContentProblems):
        save_lesson(session, "khong-co", "bai", "---\ntitle: A\n---\nB\n")
    assert everything(session) == before


def tree_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in SHIPPED
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def shipped_app(tmp_path, monkeypatch):
    """A fresh database that imported the repository's own curriculum on start."""
    app = make_app(tmp_path, monkeypatch, ROOT)
    yield app
    db.engine(app).dispose()


def test_export_of_the_shipped_curriculum_is_byte_identical_and_imports_as_nothing(
    shipped_app, tmp_path
):
    out = tmp_path / "export"
    runner = shipped_app.test_cli_runner()
    result = runner.invoke(main, ["content", "export", "--to", str(out)])
    assert result.exit_code == 0, result.output

    exported, shipped = tree_files(out), tree_files(ROOT)
    assert sorted(exported) == sorted(shipped)  # nothing missing, nothing extra
    for name, data in shipped.items():
        assert exported[name] == data, name
    assert not filecmp.dircmp(out / "quizzes", ROOT / "quizzes").diff_files

    result = runner.invoke(main, ["content", "import", "--root", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "0 new revisions"


def test_an_export_keeps_studio_edits_and_a_retired_lesson_out(lms, session, tree, tmp_path):
    text = (tree / WIFI).read_text(encoding="utf-8")
    save_lesson(session, "dien-thoai", "ket-noi-wifi", edited(text), trainer(session), "", True)
    session.commit()
    assert lms(["content", "retire", "lesson", "an-toan/duong-link-la"]).exit_code == 0
    out = tmp_path / "out"
    assert lms(["content", "export", "--to", str(out), "--root", str(tree)]).exit_code == 0
    assert (out / WIFI).read_text(encoding="utf-8") == edited(text)
    assert not (out / "content/an-toan/02-duong-link-la.md").exists()
    # The export is now what the files should be: importing it changes nothing.
    result = lms(["content", "import", "--root", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "0 new revisions"


def test_revisions_imported_before_texts_were_kept_are_filled_by_the_next_import(
    session, tree, tmp_path
):
    session.execute(update(LessonRevision).values(source_text=None))
    session.execute(update(Module).values(source_text=None))
    session.flush()
    with pytest.raises(ExportError) as raised:
        export_curriculum(session, tmp_path / "a", tree / "static")
    assert "content/an-toan/01-ma-otp.md: no source text" in "\n".join(raised.value.problems)
    assert not (tmp_path / "a").exists()
    report = import_curriculum(session, load_curriculum(tree))
    assert report.new_revisions == []
    export_curriculum(session, tmp_path / "b", tree / "static")
    assert (tmp_path / "b" / WIFI).read_bytes() == (tree / WIFI).read_bytes()
