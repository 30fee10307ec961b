"""What a question type is: one object that reads, draws, grades and explains its kind.

Every place that treats question types differently asks the type instead of comparing
names, so a new type (say "matching") is one module in this package plus one partial
template ``learn/questions/<name>.html``. Pure Python: the YAML reader and Markdown
renderer come in through :class:`Reader`, supplied by :mod:`lms.content.quizzes`
(which imports this package, so this package cannot import it).
"""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..model import Question


def N_(text: str) -> str:
    """Marks a text for the catalogue; the page translates it where it is shown."""
    return text


class Reader(Protocol):
    """What a type needs to read its part of a quiz file, problems reported per line.

    Mappings and lists from the file have ``line`` and ``line_of(key_or_index)``.
    """

    problems: Any  # where add() reports, for readers that take it whole

    def add(self, line: int, message: str) -> None: ...
    def text(self, value) -> str | None: ...  # a scalar as trimmed text, else None
    def inline(self, text: str) -> str: ...  # Markdown → safe HTML without a paragraph
    def markdown(self, text: str) -> str: ...  # Markdown → safe HTML
    def is_mapping(self, value) -> bool: ...
    def is_list(self, value) -> bool: ...


@dataclass(frozen=True)
class Option:
    """One thing to choose or rank: ``value`` goes into the form, ``html`` onto the page."""

    value: str
    html: str


@dataclass(frozen=True)
class Explained:
    """A question after submission: what was given and what was right, as display texts."""

    given: tuple[str, ...] = ()
    expected: tuple[str, ...] = ()
    #: stepwise types: one result per step (see lms.quiz.practical.StepResult)
    steps: tuple[Any, ...] = ()


Form = Mapping[str, Sequence[str]]


@dataclass
class QuestionType:
    """Base of every question type; subclasses override what differs."""

    name: str
    #: How the type is named to learners (in Vietnamese; translated on the page).
    label: str
    #: Keys of a question in the quiz file that this type reads, beyond the common ones.
    keys: frozenset[str] = field(default_factory=frozenset)
    #: A stepwise question is answered on its own pages (lms.learn.practical_views), step
    #: by step, and is the only question of its quiz.
    stepwise: bool = False
    #: Options keep the author's order (no shuffling) when True.
    fixed_order: bool = False
    #: The options are our texts (not the author's), translated where they are shown.
    own_texts: bool = False

    @property
    def template(self) -> str:
        """The partial that draws the question (macro ``form``) and its review (``review``)."""
        return f"learn/questions/{self.name}.html"

    def parse(self, item, common: dict, reader: Reader) -> Question | None:
        """The question from its quiz-file mapping, or None after reporting why not."""
        raise NotImplementedError

    def texts(self, question: Question) -> Sequence[str]:
        """The options' HTML in the author's order (indexes in answers refer to these)."""
        return ()

    def order(self, seed: int, question: Question) -> list[int]:
        """Display order of the options: position → author's index, stable per attempt."""
        order = list(range(len(self.texts(question))))
        if not self.fixed_order:
            # Not for security: the order only has to be stable per attempt and differ
            # between attempts; correctness never depends on the position.
            random.Random(f"{seed}:{question.id}").shuffle(order)  # noqa: S311
        return order

    def form(self, question: Question, seed: int) -> tuple[Option, ...]:
        """What the page draws: the options in display order, values are positions."""
        texts = self.texts(question)
        return tuple(Option(str(pos), texts[i]) for pos, i in enumerate(self.order(seed, question)))

    def grade(self, question: Question, seed: int, submitted: Form):
        """The answer in the author's terms from submitted form values, or None when it is
        missing or unreadable. Never raises: a tampered form is simply unanswered."""
        return None

    def check(self, question: Question, answer, seed: int) -> tuple[int, int]:
        """Points earned by a stored answer, and the most there are (one by default)."""
        return int(answer is not None and self.is_right(question, answer)), 1

    def is_right(self, question: Question, answer) -> bool:
        return False

    def answered(self, answer) -> bool:
        return answer is not None

    def shown_to_owner(self, question: Question, answer):
        """The answer as its owner downloads it: everything, minus any kept secret."""
        return answer

    def without_typed_text(self, question: Question, answer, seed: int):
        """The answer as kept after its owner deleted the account: nothing they typed.

        Choice answers are positions in a list, so they stay as they are; a type whose
        answers hold free text keeps only what its statistics count.
        """
        return answer

    def explain(self, question: Question, answer, seed: int) -> Explained:
        """The review shown after submission."""
        return Explained()

    # Question statistics count which wrong answers people choose. A stored answer is
    # reduced to a short key (same answer, same key) and read back into display texts.

    def answer_key(self, question: Question, answer) -> str | None:
        """A short key of a stored answer, or None when this type's answers are not
        counted (free text, steps) or there is no answer."""
        return None

    def answer_from_key(self, question: Question, key: str):
        """The stored answer a key stands for (the inverse of :meth:`answer_key`)."""
        return None

    def answer_texts(self, question: Question, key: str) -> tuple[str, ...]:
        """What an answer key looks like to a trainer: the texts the learner chose."""
        try:
            answer = self.answer_from_key(question, key)
        except ValueError:
            return ()
        return self.explain(question, answer, 0).given if answer is not None else ()


def field_name(question_id: str, position: int | None = None) -> str:
    return f"q-{question_id}" if position is None else f"q-{question_id}-{position}"


def positions(values: Sequence[str], count: int) -> list[int] | None:
    """Form values read as positions below ``count``, or None if any is not one."""
    try:
        found = [int(v) for v in values]
    except ValueError:
        return None
    if any(p < 0 or p >= count for p in found):
        return None
    return found
