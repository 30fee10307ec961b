"""Showing a quiz to one attempt and grading what came back.

Options are shuffled with the attempt's stored seed, so the same attempt always sees the
same order and the page never reveals which position is right. Form values are displayed
positions; they are mapped back to the author's indexes before anything is stored.
Each question's type (:mod:`lms.quiz.types`) does the work; this module walks the quiz.
A question scores one point, all or nothing, unless its type counts otherwise (a
practical test earns a point per right step).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Question, Quiz
from .practical import StepResult
from .types import Option, field_name, kind_of
from .types.practical import practical_results

#: Answers in the author's terms, as each type reads them: choice indexes (single,
#: multiple), [True|False] (true/false), item indexes in the learner's order (ordering),
#: {step: {field: entry}} (practical).
Answers = dict[str, list]

__all__ = [
    "Answers",
    "Grade",
    "Option",
    "QuestionResult",
    "Review",
    "ShownQuestion",
    "field_name",
    "grade",
    "is_correct",
    "parse_answers",
    "permutation",
    "practical_results",
    "present",
    "review",
]


def permutation(seed: int, question: Question) -> list[int]:
    """Display order of a question's options: position → author's index."""
    return kind_of(question).order(seed, question)


@dataclass(frozen=True)
class ShownQuestion:
    """What the page may show before submission: no correctness at all."""

    number: int
    id: str
    type: str
    html: str
    options: tuple[Option, ...]
    #: the type's name for learners, and the partial that draws it
    label: str = ""
    template: str = ""


def present(quiz: Quiz, seed: int) -> list[ShownQuestion]:
    shown = []
    for number, question in enumerate(quiz.questions, start=1):
        kind = kind_of(question)
        shown.append(
            ShownQuestion(
                number,
                question.id,
                question.type,
                question.html,
                kind.form(question, seed),
                kind.label,
                kind.template,
            )
        )
    return shown


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
        kind = kind_of(question)
        if kind.stepwise:
            continue  # its entries are saved step by step, see lms.quiz.practical
        value = kind.grade(question, seed, form)
        if value is None:
            unanswered.append(question.id)
        else:
            answers[question.id] = value
    return answers, unanswered


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


def is_correct(question: Question, answer, seed: int = 0) -> bool:
    points, most = kind_of(question).check(question, answer, seed)
    return answer is not None and points == most


def grade(quiz: Quiz, answers: Answers, seed: int = 0) -> Grade:
    results = []
    for question in quiz.questions:
        kind, given = kind_of(question), answers.get(question.id)
        points, most = kind.check(question, given, seed)
        results.append(
            QuestionResult(question.id, points == most, kind.answered(given), points, most)
        )
    return Grade(sum(r.points for r in results), sum(r.max_points for r in results), tuple(results))


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
    #: the partial whose ``review`` macro draws it
    template: str = ""
    #: False: left blank, so the review carries neither the right answer nor the why
    answered: bool = True


def review(quiz: Quiz, answers: Answers, seed: int = 0) -> list[Review]:
    """Each question after submission; an unanswered one keeps its key to itself.

    Otherwise a blank paper handed in ("nộp thiếu") would be a free answer sheet for the
    retake: the pool is finite, so keys are given only for questions the learner tried.
    A practical test is exempt: its values are drawn anew for every attempt.
    """
    reviews = []
    for number, question in enumerate(quiz.questions, start=1):
        kind, given = kind_of(question), answers.get(question.id)
        points, most = kind.check(question, given, seed)
        explained = kind.explain(question, given, seed)
        answered = kind.stepwise or kind.answered(given)
        reviews.append(
            Review(
                number,
                question.id,
                question.type,
                question.html,
                points == most,
                explained.given,
                explained.expected if answered else (),
                question.explanation_html if answered else "",
                explained.steps,
                kind.template,
                answered,
            )
        )
    return reviews
