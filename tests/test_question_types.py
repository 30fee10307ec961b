"""Question types live in one registry (lms.quiz.types): nothing else compares a
question's type, and a new type is one module plus one partial template."""

import re
import shutil
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select

from lms import quiz as q
from lms.app import create_app
from lms.content.problems import Problems
from lms.content.quizzes import load_quiz
from lms.models import Attempt
from lms.quiz.types import Explained, QuestionType, field_name
from lms.web import db

from .factories import database_url
from .paths import CURRICULUM
from .people import Person

LMS = Path(__file__).resolve().parent.parent / "lms"
#: Where types may be named: the registry and the types' own partial templates.
OWN_PLACES = (LMS / "quiz" / "types", LMS / "templates" / "learn" / "questions")
NAMES = "single|multiple|true_false|ordering|practical"
CONSTANTS = "SINGLE|MULTIPLE|TRUE_FALSE|ORDERING|PRACTICAL"
COMPARES_A_TYPE = re.compile(
    rf"""\.type\s*(==|!=|\bin\b|\bnot\s+in\b)
    |(==|!=)\s*(['"]({NAMES})['"]|\b({CONSTANTS})\b)
    |(['"]({NAMES})['"]|\b({CONSTANTS})\b)\s*(==|!=)
    |\b({CONSTANTS})\b\s*[:,)]
    |selectattr\(\s*['"]type['"]""",
    re.VERBOSE,
)


def type_comparisons(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".py", ".html") or any(p in path.parents for p in OWN_PLACES):
            continue
        if path == LMS / "quiz" / "__init__.py":
            continue  # re-exports the type names for callers
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if COMPARES_A_TYPE.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_module_outside_the_registry_compares_a_question_type():
    assert type_comparisons(LMS) == []


def test_the_scan_finds_the_branches_it_replaced(tmp_path):
    """The checker must catch the code this registry replaced, or it proves nothing."""
    old = [
        "if question.type == TRUE_FALSE:",
        "if question.type in (SINGLE, MULTIPLE):",
        "if kind == PRACTICAL:",
        "CHOICE_LIMITS = {SINGLE: (2, 6), MULTIPLE: (2, 8)}",
        "{% if r.type == 'practical' %}",
        "<input type=\"{{ 'checkbox' if q.type == 'multiple' else 'radio' }}\">",
        "{% set p = questions|selectattr('type', 'equalto', 'practical')|first %}",
    ]
    for number, line in enumerate(old):
        (tmp_path / f"old{number}.{'html' if '{%' in line or '<' in line else 'py'}").write_text(
            line
        )
    assert len(type_comparisons(tmp_path)) == len(old)


class Number(QuestionType):
    """A toy type: the learner types a whole number."""

    def parse(self, item, common, reader):
        number = item.get("number")
        if isinstance(number, bool) or not isinstance(number, int):
            reader.add(item.line_of("number"), f"câu '{common['id']}' cần 'number' là số nguyên")
            return None
        return q.Question(**common, extra={"number": number})

    def grade(self, question, seed, submitted):
        values = submitted.get(field_name(question.id), ())
        try:
            return int(values[0].strip()) if len(values) == 1 else None
        except ValueError:
            return None

    def is_right(self, question, answer):
        return answer == question.extra["number"]

    def explain(self, question, answer, seed):
        given = () if answer is None else (str(answer),)
        return Explained(given, (str(question.extra["number"]),))


PARTIAL = """{% import "learn/questions/_common.html" as common %}
{% macro form(q, given, unanswered) %}{{ common.unanswered_error(q, unanswered) }}
<label for="q-{{ q.id }}">Số</label>
<input id="q-{{ q.id }}" name="q-{{ q.id }}" inputmode="numeric" class="toy-number">
{% endmacro %}
{% macro review(r) %}{% call(texts) common.review_item(r, "") %}
<b class="toy">{{ texts|join }}</b>{% endcall %}{% endmacro %}
"""

QUIZ = """title: Thử số
module: dien-thoai
questions:
  - id: cuu-hoa
    type: number
    text: Gọi cứu hoả số mấy?
    number: {number}
    explanation: Số khẩn cấp cứu hoả là 114.
"""


@pytest.fixture
def number_type():
    kind = q.register(Number("number", "Điền số", keys=frozenset({"number"})))
    yield kind
    q.types.unregister("number")


def test_a_toy_type_reads_its_file_and_reports_problems_by_line(number_type, tmp_path):
    path = tmp_path / "thu-so.yaml"
    path.write_text(QUIZ.format(number=114), encoding="utf-8")
    problems = Problems("quizzes/thu-so.yaml")
    source = load_quiz(path, "quizzes/thu-so.yaml", problems)
    assert problems == []
    question = source.quiz.questions[0]
    assert question.extra == {"number": 114}
    assert q.Question.from_dict(question.to_dict()) == question

    path.write_text(QUIZ.format(number="nhiều"), encoding="utf-8")
    problems = Problems("quizzes/thu-so.yaml")
    load_quiz(path, "quizzes/thu-so.yaml", problems)
    assert [str(p) for p in problems] == [
        "quizzes/thu-so.yaml:7: câu 'cuu-hoa' cần 'number' là số nguyên"
    ]


def test_a_toy_type_is_drawn_graded_and_explained_on_the_real_pages(
    number_type, tmp_path, monkeypatch
):
    monkeypatch.setenv("LMS_SECRET_KEY", "test-secret-key")
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path / "instance"))
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    (root / "quizzes" / "thu-so.yaml").write_text(QUIZ.format(number=114), encoding="utf-8")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url(tmp_path),
            "CONTENT_ROOT": root,
            "DEMO_ACCOUNTS": False,
        }
    )
    partial = DictLoader({"learn/questions/number.html": PARTIAL})
    app.jinja_env.loader = ChoiceLoader([partial, app.jinja_env.loader])
    try:
        person = Person(app.test_client())
        assert person.sign_up().status_code == 302
        attempt_url = person.start_quiz("thu-so")
        page = person.client.get(attempt_url).get_data(as_text=True)
        assert 'class="toy-number"' in page and "Điền số" in page

        tampered = person.submit(attempt_url, {"q-cuu-hoa": "một trăm"})
        assert tampered.status_code == 422
        assert "Câu này chưa có câu trả lời." in tampered.get_data(as_text=True)

        done = person.submit(attempt_url, {"q-cuu-hoa": " 114 "})
        assert done.status_code == 302
        result = person.client.get(done.headers["Location"]).get_data(as_text=True)
        assert '<b class="toy">114</b>' in result and "✓ Đúng" in result
        with app.app_context():
            attempt = db.session().scalar(select(Attempt))
            assert (attempt.answers, attempt.correct, attempt.total) == ({"cuu-hoa": 114}, 1, 1)
    finally:
        db.engine(app).dispose()


def test_a_type_name_is_registered_once():
    with pytest.raises(ValueError):
        q.register(Number("single", "Trùng"))
    assert type(q.kind_of("single")).__name__ == "Single"


def test_an_attempt_stored_before_the_registry_still_reviews_the_same():
    """Definitions and answers as stored by the code before lms.quiz.types."""
    definition = {
        "slug": "cu",
        "title": "Cũ",
        "intro_html": "",
        "module": None,
        "questions": [
            {
                "id": "a",
                "type": "single",
                "html": "<p>1</p>",
                "explanation_html": "<p>vì</p>",
                "choices": [{"html": "X", "correct": False}, {"html": "Y", "correct": True}],
            },
            {
                "id": "b",
                "type": "true_false",
                "html": "<p>2</p>",
                "explanation_html": "",
                "answer": False,
            },
            {
                "id": "c",
                "type": "ordering",
                "html": "<p>3</p>",
                "explanation_html": "",
                "items": ["một", "hai"],
            },
        ],
    }
    quiz = q.Quiz.from_dict(definition)
    assert quiz.to_dict() == definition
    answers = {"a": [1], "b": [True], "c": [1, 0]}
    reviews = q.review(quiz, answers, seed=7)
    assert [(r.correct, r.given, r.expected) for r in reviews] == [
        (True, ("Y",), ("Y",)),
        (False, ("Đúng",), ("Sai",)),
        (False, ("hai", "một"), ("một", "hai")),
    ]
    grade = q.grade(quiz, answers, seed=7)
    assert (grade.correct, grade.total) == (1, 3)
