"""Quiz definitions and their stored (JSON) form; the types themselves are in
:mod:`lms.quiz.types`.

A quiz revision is stored as the dict from :func:`Quiz.to_dict`; texts are already-safe
HTML, rendered once at import. Nothing here knows about Flask or the database.
"""

import random
from dataclasses import dataclass, field, replace

from .practical import Step


@dataclass(frozen=True)
class Choice:
    html: str
    correct: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    html: str
    explanation_html: str = ""
    choices: tuple[Choice, ...] = ()
    #: ordering questions: the items' HTML in the correct order
    items: tuple[str, ...] = ()
    #: true/false questions: the right answer
    answer: bool | None = None
    #: practical questions: the steps, and the task values drawn per attempt
    steps: tuple[Step, ...] = ()
    variables: dict = field(default_factory=dict)
    #: data of a type that needs more than the fields above (stored only when set)
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data: dict = {
            "id": self.id,
            "type": self.type,
            "html": self.html,
            "explanation_html": self.explanation_html,
        }
        if self.choices:
            data["choices"] = [{"html": c.html, "correct": c.correct} for c in self.choices]
        if self.items:
            data["items"] = list(self.items)
        if self.answer is not None:
            data["answer"] = self.answer
        if self.steps:
            data["steps"] = [step.to_dict() for step in self.steps]
            data["variables"] = self.variables
        if self.extra:
            data["extra"] = self.extra
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Question":
        return cls(
            id=data["id"],
            type=data["type"],
            html=data["html"],
            explanation_html=data.get("explanation_html", ""),
            choices=tuple(Choice(c["html"], c["correct"]) for c in data.get("choices", ())),
            items=tuple(data.get("items", ())),
            answer=data.get("answer"),
            steps=tuple(Step.from_dict(s) for s in data.get("steps", ())),
            variables=dict(data.get("variables", {})),
            extra=dict(data.get("extra", {})),
        )


@dataclass(frozen=True)
class Quiz:
    slug: str
    title: str
    intro_html: str = ""
    module: str | None = None
    questions: tuple[Question, ...] = field(default_factory=tuple)
    #: None: no time limit. Else the server refuses answers after it (lms.learn.attempts).
    time_limit_minutes: int | None = None
    #: Questions one attempt draws from the pool; None: every question (older revisions).
    show: int | None = None

    @property
    def practical(self) -> "Question | None":
        """The practical (stepwise) question, when this quiz is a practical test."""
        from .types import kind_of  # the registry imports this module

        return next((q for q in self.questions if kind_of(q).stepwise), None)

    def to_dict(self) -> dict:
        data = {
            "slug": self.slug,
            "title": self.title,
            "intro_html": self.intro_html,
            "module": self.module,
            "questions": [q.to_dict() for q in self.questions],
        }
        if self.time_limit_minutes is not None:
            data["time_limit_minutes"] = self.time_limit_minutes
        if self.show is not None:
            data["show"] = self.show
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Quiz":
        return cls(
            slug=data["slug"],
            title=data["title"],
            intro_html=data.get("intro_html", ""),
            module=data.get("module"),
            questions=tuple(Question.from_dict(q) for q in data["questions"]),
            time_limit_minutes=data.get("time_limit_minutes"),
            show=data.get("show"),
        )

    @property
    def shown_count(self) -> int:
        """Questions one attempt has: ``show``, or the whole pool when it is not set."""
        return min(self.show or len(self.questions), len(self.questions))

    def draw(self, seed: int) -> "Quiz":
        """The paper of the attempt with this seed: ``show`` questions from the pool.

        Deterministic in the seed, so the page, the grading and the review of one attempt
        all see the same questions, and a retake (a new seed) gets another set. The drawn
        questions keep the author's order: a pool is written easy-to-hard, and the paper
        should read that way too. A quiz without ``show`` is returned whole.
        """
        if self.shown_count >= len(self.questions):
            return self
        # A string seed: independent of the option shuffles, which use "<seed>:<id>".
        picked = random.Random(f"draw:{seed}").sample(range(len(self.questions)), self.shown_count)  # noqa: S311
        return replace(self, questions=tuple(self.questions[i] for i in sorted(picked)))

    def only(self, ids) -> "Quiz":
        """The quiz narrowed to these question ids, in the author's order (a graded
        attempt is reviewed on exactly the questions it was graded on)."""
        wanted = set(ids)
        return replace(self, questions=tuple(q for q in self.questions if q.id in wanted))
