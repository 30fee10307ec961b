"""Showing a quiz to one attempt and grading what came back.

Choices are shuffled with the attempt's stored seed, so the same attempt always sees the
same order and the page never reveals which position is right. Form values are displayed
positions; they are mapped back to the author's indexes before anything is stored.
Scoring is one point per question, all or nothing.
"""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import MULTIPLE, ORDERING, PRACTICAL, SINGLE, TRUE_FALSE, Question, Quiz
from .practical import StepResult, grade_steps, task_values

#: Answers in the author's terms: choice indexes (single/multiple), [True|False]
#: (true/false), or item indexes in the order the learner put them (ordering).
Answers = dict[str, list]

TRUE_FALSE_OPTIONS = (("true", "Đúng"), ("false", "Sai"))


def permutation(seed: int, question: Question) -> list[int]:
    """Display order of a question's options: position → author's index."""
    order = list(range(question.option_count))
    if question.type != TRUE_FALSE:
        # Not for security: the order only has to be stable per attempt and differ
        # between attempts; correctness never depends on the position.
        random.Random(f"{seed}:{question.id}").shuffle(order)  # noqa: S311
    return order


@dataclass(frozen=True)
class Option:
    value: str
    html: str


@dataclass(frozen=True)
class ShownQuestion:
    """What the page may show before submission: no correctness at all."""

    number: int
    id: str
    type: str
    html: str
    options: tuple[Option, ...]


def present(quiz: Quiz, seed: int) -> list[ShownQuestion]:
    shown = []
    for number, question in enumerate(quiz.questions, start=1):
        if question.type == TRUE_FALSE:
            options = tuple(Option(value, label) for value, label in TRUE_FALSE_OPTIONS)
        else:
            texts = (
                question.items
                if question.type == ORDERING
                else [choice.html for choice in question.choices]
            )
            order = permutation(seed, question)
            options = tuple(Option(str(pos), texts[idx]) for pos, idx in enumerate(order))
        shown.append(ShownQuestion(number, question.id, question.type, question.html, options))
    return shown


def field_name(question_id: str, position: int | None = None) -> str:
    return f"q-{question_id}" if position is None else f"q-{question_id}-{position}"


def parse_answers(
    quiz: Quiz, seed: int, form: Mapping[str, Sequence[str]]
) -> tuple[Answers, list[str]]:
    """Read a submitted form into author-term answers.

    Returns the answers and the ids of questions left unanswered or answered in a way
    that cannot be read (an unknown position, a rank used twice). Anything unreadable is
    treated as unanswered, never as an error: a tampered form cannot crash grading.
    """
    answers: Answers = {}
    unanswered: list[str] = []
    for question in quiz.questions:
        if question.type == PRACTICAL:
            continue  # its entries are saved step by step, see lms.quiz.practical
        value = _parse_one(question, seed, form)
        if value is None:
            unanswered.append(question.id)
        else:
            answers[question.id] = value
    return answers, unanswered


def _positions(values: Sequence[str], count: int) -> list[int] | None:
    try:
        positions = [int(v) for v in values]
    except ValueError:
        return None
    if any(p < 0 or p >= count for p in positions):
        return None
    return positions


def _parse_one(question: Question, seed: int, form: Mapping[str, Sequence[str]]):
    name = field_name(question.id)
    if question.type == TRUE_FALSE:
        values = form.get(name, ())
        if len(values) != 1 or values[0] not in ("true", "false"):
            return None
        return [values[0] == "true"]
    order = permutation(seed, question)
    if question.type in (SINGLE, MULTIPLE):
        positions = _positions(form.get(name, ()), len(order))
        if not positions or (question.type == SINGLE and len(set(positions)) != 1):
            return None
        return sorted({order[p] for p in positions})
    if question.type == ORDERING:
        ranks = []
        for position in range(len(order)):
            values = form.get(field_name(question.id, position), ())
            rank = _positions([v for v in values if v != ""][:1], len(order) + 1)
            if not rank or rank[0] == 0:
                return None
            ranks.append(rank[0])
        if len(set(ranks)) != len(ranks):
            return None
        by_rank = sorted(range(len(order)), key=lambda position: ranks[position])
        return [order[position] for position in by_rank]
    return None


@dataclass(frozen=True)
class QuestionResult:
    id: str
    correct: bool
    answered: bool
    #: A practical question earns a point per right step; others one point, all or nothing.
    points: int = 0
    max_points: int = 1

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "correct": self.correct,
            "answered": self.answered,
            "points": self.points,
            "max_points": self.max_points,
        }


@dataclass(frozen=True)
class Grade:
    correct: int
    total: int
    questions: tuple[QuestionResult, ...]

    @property
    def percent(self) -> int:
        """Score in whole percent, rounded down so a pass mark is never met by rounding."""
        return (100 * self.correct) // self.total if self.total else 0


def is_correct(question: Question, answer: list | None) -> bool:
    if answer is None:
        return False
    if question.type == TRUE_FALSE:
        return answer == [question.answer]
    if question.type in (SINGLE, MULTIPLE):
        right = [i for i, choice in enumerate(question.choices) if choice.correct]
        return sorted(answer) == right
    if question.type == ORDERING:
        return answer == list(range(len(question.items)))
    return False


def grade(quiz: Quiz, answers: Answers, seed: int = 0) -> Grade:
    results = []
    for question in quiz.questions:
        given = answers.get(question.id)
        if question.type == PRACTICAL:
            steps = practical_results(question, seed, given)
            right = sum(step.right for step in steps)
            results.append(
                QuestionResult(question.id, right == len(steps), bool(given), right, len(steps))
            )
        else:
            correct = is_correct(question, given)
            results.append(QuestionResult(question.id, correct, given is not None, int(correct)))
    return Grade(sum(r.points for r in results), sum(r.max_points for r in results), tuple(results))


def practical_results(question: Question, seed: int, given) -> list[StepResult]:
    values = task_values(question.variables, seed, question.id)
    return grade_steps(question.steps, values, given if isinstance(given, dict) else {})


@dataclass(frozen=True)
class Review:
    """One question after submission: what was given, what was right, and why."""

    number: int
    id: str
    type: str
    html: str
    correct: bool
    given: tuple[str, ...]
    expected: tuple[str, ...]
    explanation_html: str
    steps: tuple[StepResult, ...] = ()


def _texts(question: Question, answer: list | None) -> tuple[str, ...]:
    if answer is None:
        return ()
    if question.type == TRUE_FALSE:
        return tuple(dict(TRUE_FALSE_OPTIONS)["true" if a else "false"] for a in answer)
    if question.type == ORDERING:
        return tuple(question.items[i] for i in answer if 0 <= i < len(question.items))
    return tuple(question.choices[i].html for i in answer if 0 <= i < len(question.choices))


def review(quiz: Quiz, answers: Answers, seed: int = 0) -> list[Review]:
    reviews = []
    for number, question in enumerate(quiz.questions, start=1):
        if question.type == PRACTICAL:
            steps = tuple(practical_results(question, seed, answers.get(question.id)))
            reviews.append(
                Review(
                    number,
                    question.id,
                    question.type,
                    question.html,
                    all(s.right for s in steps),
                    (),
                    (),
                    question.explanation_html,
                    steps,
                )
            )
            continue
        if question.type == TRUE_FALSE:
            expected = _texts(question, [question.answer])
        elif question.type == ORDERING:
            expected = question.items
        else:
            expected = tuple(c.html for c in question.choices if c.correct)
        given = answers.get(question.id)
        reviews.append(
            Review(
                number,
                question.id,
                question.type,
                question.html,
                is_correct(question, given),
                _texts(question, given),
                expected,
                question.explanation_html,
            )
        )
    return reviews
