"""Grading every question type, on the server, from what a form can really send."""

import pytest

from lms import quiz as q

QUIZ = q.Quiz(
    slug="thu",
    title="Thử",
    questions=(
        q.Question(
            "mot",
            q.SINGLE,
            "<p>1</p>",
            "<p>vì</p>",
            choices=(q.Choice("A"), q.Choice("B", True), q.Choice("C")),
        ),
        q.Question(
            "nhieu",
            q.MULTIPLE,
            "<p>2</p>",
            "<p>vì</p>",
            choices=(q.Choice("A", True), q.Choice("B"), q.Choice("C", True), q.Choice("D")),
        ),
        q.Question("dung-sai", q.TRUE_FALSE, "<p>3</p>", "<p>vì</p>", answer=False),
        q.Question("thu-tu", q.ORDERING, "<p>4</p>", "<p>vì</p>", items=("một", "hai", "ba")),
    ),
)
SEED = 12345


def position_of(question_id: str, author_index: int, seed: int = SEED) -> str:
    question = next(x for x in QUIZ.questions if x.id == question_id)
    return str(q.permutation(seed, question).index(author_index))


def right_form(seed: int = SEED) -> dict:
    ordering = QUIZ.questions[3]
    order = q.permutation(seed, ordering)
    form = {
        "q-mot": [position_of("mot", 1, seed)],
        "q-nhieu": [position_of("nhieu", 0, seed), position_of("nhieu", 2, seed)],
        "q-dung-sai": ["false"],
    }
    for position, author_index in enumerate(order):
        form[f"q-thu-tu-{position}"] = [str(author_index + 1)]
    return form


def test_all_right_scores_100():
    answers, unanswered = q.parse_answers(QUIZ, SEED, right_form())
    assert unanswered == []
    grade = q.grade(QUIZ, answers)
    assert (grade.correct, grade.total, grade.percent) == (4, 4, 100)
    assert answers == {"mot": [1], "nhieu": [0, 2], "dung-sai": [False], "thu-tu": [0, 1, 2]}


@pytest.mark.parametrize(
    ("question_id", "wrong"),
    [
        ("mot", {"q-mot": [position_of("mot", 0)]}),
        ("nhieu", {"q-nhieu": [position_of("nhieu", 0)]}),  # one right choice missing
        ("nhieu", {"q-nhieu": [position_of("nhieu", i) for i in range(4)]}),  # all ticked
        ("dung-sai", {"q-dung-sai": ["true"]}),
    ],
)
def test_a_wrong_answer_costs_exactly_that_question(question_id, wrong):
    form = right_form() | wrong
    answers, _ = q.parse_answers(QUIZ, SEED, form)
    grade = q.grade(QUIZ, answers)
    assert grade.correct == 3
    assert [r.id for r in grade.questions if not r.correct] == [question_id]


def test_ordering_must_be_entirely_right():
    form = right_form()
    first, second = form["q-thu-tu-0"], form["q-thu-tu-1"]
    form["q-thu-tu-0"], form["q-thu-tu-1"] = second, first
    answers, unanswered = q.parse_answers(QUIZ, SEED, form)
    assert unanswered == []
    assert not q.grade(QUIZ, answers).questions[3].correct


@pytest.mark.parametrize(
    "tampered",
    [
        {"q-mot": ["7"]},
        {"q-mot": ["-1"]},
        {"q-mot": ["abc"]},
        {"q-mot": ["0", "1"]},  # two answers to a one-answer question
        {"q-dung-sai": ["maybe"]},
        {"q-thu-tu-0": ["1"], "q-thu-tu-1": ["1"], "q-thu-tu-2": ["2"]},  # rank used twice
        {"q-thu-tu-0": ["9"]},
        {"q-thu-tu-0": [""]},
    ],
)
def test_tampered_or_partial_answers_are_unanswered_never_errors(tampered):
    form = right_form() | tampered
    answers, unanswered = q.parse_answers(QUIZ, SEED, form)
    assert len(unanswered) == 1
    assert q.grade(QUIZ, answers).correct == 3


def test_empty_form_is_all_unanswered_and_scores_zero():
    answers, unanswered = q.parse_answers(QUIZ, SEED, {})
    assert unanswered == ["mot", "nhieu", "dung-sai", "thu-tu"]
    assert q.grade(QUIZ, answers).percent == 0


def test_shuffle_is_stable_per_attempt_and_differs_between_attempts():
    question = QUIZ.questions[1]
    assert q.permutation(1, question) == q.permutation(1, question)
    orders = {tuple(q.permutation(seed, question)) for seed in range(50)}
    assert len(orders) > 5


def test_presented_quiz_carries_no_correctness():
    shown = q.present(QUIZ, SEED)
    text = repr(shown)
    assert "correct" not in text and "answer" not in text
    assert [s.id for s in shown] == ["mot", "nhieu", "dung-sai", "thu-tu"]
    assert sorted(o.html for o in shown[0].options) == ["A", "B", "C"]


def test_percent_rounds_down_so_a_pass_mark_is_never_met_by_rounding():
    assert q.Grade(2, 3, ()).percent == 66
    assert q.Grade(0, 0, ()).percent == 0


def test_review_shows_given_expected_and_why():
    answers, _ = q.parse_answers(QUIZ, SEED, right_form() | {"q-mot": [position_of("mot", 2)]})
    reviews = q.review(QUIZ, answers)
    assert reviews[0].correct is False
    assert reviews[0].given == ("C",) and reviews[0].expected == ("B",)
    assert reviews[0].explanation_html == "<p>vì</p>"
    assert reviews[2].given == ("Sai",)
    assert reviews[3].expected == ("một", "hai", "ba")


def test_stored_form_round_trips():
    assert q.Quiz.from_dict(QUIZ.to_dict()) == QUIZ
