"""The practical test: seeded task values, step-by-step forms, graded as entered."""

import pytest
from sqlalchemy import select

from lms.content import load_curriculum
from lms.models import Attempt, CriterionStatus, User
from lms.quiz import Quiz
from lms.quiz.practical import Field, field_right, normalize, task_values

from .answers import attempt_quiz, practical_steps, quiz_form
from .paths import CURRICULUM


@pytest.fixture
def practical_quiz() -> Quiz:
    source = next(s for s in load_curriculum(CURRICULUM).quizzes if s.slug == "thuc-hanh")
    return source.quiz


def test_task_values_are_fixed_per_attempt_and_vary_between_attempts(practical_quiz):
    question = practical_quiz.practical
    first = task_values(question.variables, 1, question.id)
    assert first == task_values(question.variables, 1, question.id)
    assert first["tai_khoan"].startswith("999") and len(first["tai_khoan"]) == 7
    seen = {task_values(question.variables, seed, question.id)["tai_khoan"] for seed in range(30)}
    assert len(seen) > 20


@pytest.mark.parametrize(
    ("kind", "expect", "entry", "right"),
    [
        ("text", "Trồng rau an toàn", "  trồng  RAU an toàn ", True),
        ("text", "Trồng rau an toàn", "Trong rau an toan", False),  # accents are the skill
        ("text", "Trồng rau an toàn", "Tro\u0302\u0300ng rau an toa\u0300n", True),  # NFD typing
        ("number", "12", "12", True),
        ("number", "12", "12,0", True),
        ("number", "12", "mười hai", False),
        ("password", "Lua#Vang25", "lua#vang25", False),  # passwords are exact
        ("choice", "Lưu", "Lưu", True),
        ("text", "MA-123", None, False),
    ],
)
def test_field_comparison(kind, expect, entry, right):
    assert field_right(Field("x", "X", kind, expect), entry, {}) is right


def test_normalize_folds_spacing_and_case_only():
    assert normalize(" Hồ  Sơ ") == "hồ sơ"


def do_practical(learner, session, wrong=frozenset(), skip=()):
    url = learner.start_quiz("thuc-hanh")
    quiz, seed = attempt_quiz(session, url)
    for step_id, entries in practical_steps(quiz, seed, wrong):
        if step_id in skip:
            continue
        data = {"buoc": step_id, **{f"f-{k}": v for k, v in entries.items()}}
        response = learner.post_form(url, data)
    return url, response


def pass_phone_quiz(learner, session):
    url = learner.start_quiz("dien-thoai")
    quiz, seed = attempt_quiz(session, url)
    assert learner.submit(url, quiz_form(quiz, seed)).status_code == 302


def test_the_task_is_shown_and_the_simulation_is_labelled(learner, session):
    url = learner.start_quiz("thuc-hanh")
    quiz, seed = attempt_quiz(session, url)
    values = task_values(quiz.practical.variables, seed, quiz.practical.id)
    html = learner.client.get(url).get_data(as_text=True)
    assert values["tai_khoan"] in html and values["khoa_hoc"] in html
    assert "Trang mô phỏng" in html and "không phải trang thật" in html
    assert "Bước 1/3" in html
    assert values["ma"] not in html  # the code only appears after saving


def test_right_steps_earn_kns2_after_kns1(learner, session):
    pass_phone_quiz(learner, session)
    url, response = do_practical(learner, session)
    assert response.headers["Location"] == f"{url}/ket-qua"
    attempt = session.scalar(
        select(Attempt).where(Attempt.score.is_not(None)).order_by(Attempt.id.desc())
    )
    assert (attempt.correct, attempt.total, attempt.score, attempt.passed) == (3, 3, 100, True)
    user = session.scalar(select(User))
    session.refresh(user)
    assert (user.criterion_level, user.criterion_points) == ("KNS-2", 10)


def test_one_wrong_step_fails_and_shows_what_was_expected(learner, session):
    pass_phone_quiz(learner, session)
    url, _ = do_practical(learner, session, wrong=frozenset({"ghi-khoa-hoc"}))
    attempt = session.scalar(select(Attempt).order_by(Attempt.id.desc()))
    session.refresh(attempt)
    assert (attempt.correct, attempt.total, attempt.passed) == (2, 3, False)
    html = learner.client.get(f"{url}/ket-qua").get_data(as_text=True)
    assert "✗ Chưa đúng</p>" not in html  # the verdict names the step
    assert "✗ Chưa đúng: <span>Ghi khoá học</span>" in html and "Cần điền:" in html
    assert "Ghi đúng tên khoá học, số giờ, rồi bấm Lưu." in html
    assert (
        session.scalar(select(CriterionStatus.level).where(CriterionStatus.level == "KNS-2"))
        is None
    )


def test_a_skipped_step_is_graded_as_given(learner, session):
    url, response = do_practical(learner, session, skip=("ghi-khoa-hoc",))
    assert response.status_code == 302
    attempt = session.scalar(select(Attempt))
    session.refresh(attempt)
    assert (attempt.correct, attempt.total) == (2, 3)


def test_empty_fields_are_accepted_with_a_clear_message(learner, session):
    url = learner.start_quiz("thuc-hanh")
    response = learner.post_form(url, {"buoc": "dang-nhap", "f-tai-khoan": "  "})
    assert response.status_code == 302
    page = learner.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bạn để trống: Tài khoản" in page


@pytest.mark.parametrize(
    "data",
    [
        {"buoc": "khong-co-buoc-nay", "f-tai-khoan": "x"},
        {},
        {"buoc": "dang-nhap", "f-tai-khoan": "x" * 5000},
        {"buoc": "ghi-khoa-hoc", "f-nut": "Xoá hết", "f-so-gio": "nhiều"},
    ],
)
def test_malformed_submissions_never_500(learner, session, data):
    url = learner.start_quiz("thuc-hanh")
    response = learner.post_form(url, data)
    assert response.status_code in (302, 303)
    attempt = session.scalar(select(Attempt))
    session.refresh(attempt)
    stored = (attempt.answers or {}).get("cap-nhat", {})
    assert all(len(v) <= 200 for step in stored.values() for v in step.values())


def test_the_last_step_submits_once(learner, session):
    url, _ = do_practical(learner, session)
    again = learner.post_form("/", {"buoc": "doc-lai", "f-ma": "x"}, action=url)
    assert again.status_code == 409
    attempt = session.scalar(select(Attempt))
    session.refresh(attempt)
    assert attempt.score == 100


def test_going_back_keeps_what_was_typed(learner, session):
    url = learner.start_quiz("thuc-hanh")
    learner.post_form(url, {"buoc": "dang-nhap", "f-tai-khoan": "9990000"})
    html = learner.client.get(f"{url}?buoc=1").get_data(as_text=True)
    assert 'value="9990000"' in html


PRACTICAL_HEAD = """title: T
questions:
  - id: p
    type: practical
    text: Làm theo.
    explanation: Vì vậy.
    variables:
      so: ["8", "12"]
      chu: [Một, Hai]
    steps:
"""

BROKEN_PRACTICAL = [
    (
        "      - id: a\n        title: A\n        explanation: V\n        fields: []\n",
        "quizzes/p.yaml:14: bước 'a' không có ô nào để điền",
    ),
    (
        "      - id: a\n        title: A\n        explanation: V\n        fields:\n"
        "          - {name: x, label: X, kind: choice, options: [Một, Ba], expect: '{chu}'}\n",
        "quizzes/p.yaml:15: ô 'x' chờ 'Hai' nhưng không có lựa chọn nào như vậy",
    ),
    (
        "      - id: a\n        title: A\n        explanation: V\n        fields:\n"
        "          - {name: x, label: X, kind: number, expect: '{chu}'}\n",
        "quizzes/p.yaml:15: ô số 'x' chờ 'Một', không phải là một số",
    ),
    (
        "      - id: a\n        title: A\n        explanation: V\n        fields:\n"
        "          - {name: x, label: X, kind: text, expect: '{khong_co}'}\n",
        "quizzes/p.yaml:15: không có biến 'khong_co'",
    ),
    (
        "      - id: a\n        title: A\n        screen: 'Mã {ma}'\n        explanation: V\n"
        "        fields:\n          - {name: x, label: X, expect: '{so}'}\n",
        "quizzes/p.yaml:13: không có biến 'ma'",
    ),
    (
        "      - id: a\n        title: A\n        explanation: V\n        fields:\n"
        "          - {name: x, label: X, kind: slider, expect: '1'}\n",
        "quizzes/p.yaml:15: 'kind' phải là một trong",
    ),
    (
        "      - id: a\n        title: A\n        fields:\n"
        "          - {name: x, label: X, expect: '1'}\n",
        "quizzes/p.yaml:11: bước 'a' thiếu 'explanation'",
    ),
    ("", "quizzes/p.yaml:10: bài thực hành 'p' cần từ 1 đến 12 bước"),
    (
        "      - id: a\n        title: A\n        explanation: V\n        fields:\n"
        "          - {name: x, label: X, kind: confirm_password, expect: y}\n",
        "quizzes/p.yaml:14: ô 'x': 'expect' phải là tên một ô new_password trong cùng bước",
    ),
    (
        "      - id: a\n        title: A\n        explanation: V\n        fields:\n"
        "          - {name: x, label: X, kind: new_password}\n"
        "          - {name: y, label: Y, kind: chosen_password, expect: x}\n",
        "quizzes/p.yaml:14: ô 'y': 'expect' phải là tên một ô new_password ở bước trước",
    ),
]


@pytest.mark.parametrize(
    ("steps", "expected"), BROKEN_PRACTICAL, ids=[b[1][16:70] for b in BROKEN_PRACTICAL]
)
def test_practical_definitions_are_checked_with_file_and_line(tmp_path, steps, expected):
    import shutil

    root = tmp_path / "c"
    shutil.copytree(CURRICULUM, root)
    (root / "quizzes/p.yaml").write_text(PRACTICAL_HEAD + steps, encoding="utf-8")
    found = [str(p) for p in load_curriculum(root).problems]
    assert any(p.startswith(expected) for p in found), found


def test_scenarios_must_name_the_same_variables(tmp_path):
    import shutil

    root = tmp_path / "c"
    shutil.copytree(CURRICULUM, root)
    head = PRACTICAL_HEAD.replace(
        "      chu: [Một, Hai]\n",
        "      chu: [Một, Hai]\n      kb:\n        one_of:\n"
        "          - {a: '1', b: '2'}\n          - {a: '3'}\n",
    )
    (root / "quizzes/p.yaml").write_text(
        head + "      - id: a\n        title: A\n        explanation: V\n"
        "        fields:\n          - {name: x, label: X, expect: '{a}'}\n",
        encoding="utf-8",
    )
    found = [str(p) for p in load_curriculum(root).problems]
    assert any("các kịch bản phải có cùng các tên biến" in p for p in found), found


def test_a_practical_test_stands_alone_in_its_quiz(tmp_path):
    import shutil

    root = tmp_path / "c"
    shutil.copytree(CURRICULUM, root)
    (root / "quizzes/p.yaml").write_text(
        PRACTICAL_HEAD + "      - id: a\n        title: A\n        explanation: V\n"
        "        fields:\n          - {name: x, label: X, expect: '{so}'}\n"
        "  - id: q\n    type: true_false\n    text: T\n    explanation: V\n    answer: true\n",
        encoding="utf-8",
    )
    found = [str(p) for p in load_curriculum(root).problems]
    assert "quizzes/p.yaml:3: bài thực hành phải là câu duy nhất của bài kiểm tra" in found
