"""Quiz definitions and their stored (JSON) form; the types themselves are in
:mod:`lms.quiz.types`.

A quiz revision is stored as the dict from :func:`Quiz.to_dict`; texts are already-safe
HTML, rendered once at import. Nothing here knows about Flask or the database.
"""

from dataclasses import dataclass, field

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
        )
