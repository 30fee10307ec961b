"""`lms quiz import`: a GIFT or Aiken bank into a new draft revision, all or nothing."""

import pytest
from sqlalchemy import select

from lms.content.quiz_text import read_quiz
from lms.models import DRAFT, PUBLISHED, Quiz, QuizRevision

from .paths import BANKS

GIFT = str(BANKS / "vietnamese.gift")


def revisions(session, slug):
    session.expire_all()
    quiz = session.scalar(select(Quiz).where(Quiz.slug == slug))
    if quiz is None:
        return None, []
    found = session.scalars(
        select(QuizRevision).where(QuizRevision.quiz_id == quiz.id).order_by(QuizRevision.number)
    ).all()
    return quiz, found


def test_unsupported_questions_refuse_the_whole_file(lms, session):
    result = lms(["quiz", "import", GIFT, "--format", "gift", "--into", "ngan-hang"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{GIFT}:21: unsupported question type: essay" in lines
    assert f"{GIFT}:23: unsupported question type: numerical" in lines
    assert lines[-1] == "imported 0 questions, skipped 0"
    assert revisions(session, "ngan-hang") == (None, [])


def test_skipping_unsupported_makes_a_new_draft_quiz(lms, session):
    result = lms(
        ["quiz", "import", GIFT, "--format", "gift", "--into", "ngan-hang", "--skip-unsupported"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"{GIFT}:21: unsupported question type: essay" in lines
    assert lines[-1] == "imported 4 questions, skipped 2"
    quiz, found = revisions(session, "ngan-hang")
    assert quiz.current_number == 0  # nobody sees a draft
    (revision,) = found
    assert revision.state == DRAFT and revision.note == "nhập từ vietnamese.gift"
    ids = [q["id"] for q in revision.definition["questions"]]
    assert ids == ["ma-otp", "mat-khau", "dau-hieu-lua-dao", "zalo"]
    assert revision.title == "Câu hỏi nhập từ " + GIFT


def test_questions_join_an_existing_quiz_as_a_draft_without_touching_what_learners_see(
    lms, session
):
    before, _ = revisions(session, "dien-thoai")
    published = before.current_number
    bank = BANKS / "vietnamese.aiken.txt"
    result = lms(["quiz", "import", str(bank), "--format", "aiken", "--into", "dien-thoai"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "imported 2 questions, skipped 0"
    quiz, found = revisions(session, "dien-thoai")
    assert quiz.current_number == published
    assert found[-1].state == DRAFT and found[-2].state == PUBLISHED
    ids = [q["id"] for q in found[-1].definition["questions"]]
    assert ids == ["bat-may", "wifi-o-nha", "buoc-ket-noi", "cau-1", "cau-2"]
    assert read_quiz(found[-1].source_text)["title"] == found[-2].title


def test_ids_already_in_the_quiz_are_not_reused(lms, session):
    for _ in range(2):
        result = lms(["quiz", "import", str(BANKS / "vietnamese.aiken.txt"), "--format", "aiken",
                      "--into", "dien-thoai"])  # fmt: skip
        assert result.exit_code == 0, result.output
    _quiz, found = revisions(session, "dien-thoai")
    ids = [q["id"] for q in found[-1].definition["questions"]]
    assert ids[-4:] == ["cau-1", "cau-2", "cau-1-2", "cau-2-2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Câu?{T}\n\nThiếu {=a ~b\n", "bank.gift:3: thiếu dấu '}' đóng phần đáp án"),
        # A check of the quiz itself (a single question has 2-6 choices), at the bank's line
        ("Câu?{T}\n\nNhiều?{=1 ~2 ~3 ~4 ~5 ~6 ~7}\n", "bank.gift:3: câu 'cau-2' cần 'choices'"),
        ("", "bank.gift:1: tệp không có câu hỏi nào nhập được"),
    ],
)
def test_syntax_errors_and_failed_checks_write_nothing(lms, session, tmp_path, text, expected):
    path = tmp_path / "bank.gift"
    path.write_text(text, encoding="utf-8")
    result = lms(["quiz", "import", str(path), "--format", "gift", "--into", "bai-moi"])
    assert result.exit_code == 1
    assert str(path) + ":" + expected.split(":", 1)[1] in result.stdout
    assert revisions(session, "bai-moi") == (None, [])


def test_a_bad_slug_is_refused(lms, session):
    result = lms(["quiz", "import", GIFT, "--format", "gift", "--into", "Sai Tên",
                  "--skip-unsupported"])  # fmt: skip
    assert result.exit_code == 1
    assert "tên bài kiểm tra 'Sai Tên'" in result.stdout
