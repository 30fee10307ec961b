"""The registry of question types: the one place that knows which types exist.

Each type is one module here defining ``TYPE`` (a :class:`QuestionType`) and one partial
template ``learn/questions/<name>.html``; everything else asks :func:`kind_of`. The
order of registration is the order the types are listed to authors.
"""

from ..model import Question
from . import multiple, ordering, practical, single, true_false
from .base import N_, Explained, Form, Option, QuestionType, Reader, field_name

#: Every known type, by the name written in quiz files and stored in definitions.
TYPES: dict[str, QuestionType] = {}


def register(kind: QuestionType) -> QuestionType:
    """Make a type known; a name is registered once (a second one would be ambiguous)."""
    if kind.name in TYPES:
        raise ValueError(f"question type {kind.name!r} is already registered")
    TYPES[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    TYPES.pop(name, None)


def kind_of(question: Question | str) -> QuestionType:
    """The type of a question (or of a type name); KeyError for an unknown one."""
    return TYPES[question if isinstance(question, str) else question.type]


for _module in (single, multiple, true_false, ordering, practical):
    register(_module.TYPE)

SINGLE = single.SINGLE
MULTIPLE = multiple.MULTIPLE
TRUE_FALSE = true_false.TRUE_FALSE
ORDERING = ordering.ORDERING
PRACTICAL = practical.PRACTICAL

__all__ = [
    "MULTIPLE",
    "N_",
    "ORDERING",
    "PRACTICAL",
    "SINGLE",
    "TRUE_FALSE",
    "TYPES",
    "Explained",
    "Form",
    "Option",
    "QuestionType",
    "Reader",
    "field_name",
    "kind_of",
    "register",
    "unregister",
]
