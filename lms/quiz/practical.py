"""The practical test: a multi-step simulation graded on what the learner typed.

A practical question is a short scripted task on a simulated website (for Học Số: the
Công dân học tập account). Its task values (the account to log in with, the course to
record, the code shown after saving…) are drawn from the attempt's seed, so two learners
never share answers. Each step is one plain HTML form; each field has an expected value,
written with ``{variable}`` placeholders. A step is right when every field in it is right.
"""

import random
import re
import unicodedata
from dataclasses import dataclass
from html import escape

from ..inputs import without_unsafe

TEXT, PASSWORD, NUMBER, CHOICE = "text", "password", "number", "choice"
FIELD_KINDS = (TEXT, PASSWORD, NUMBER, CHOICE)
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
#: A learner's entry is cut to this length: no field expects anything longer.
MAX_ENTRY = 200


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str
    expect: str
    options: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        data = {"name": self.name, "label": self.label, "kind": self.kind, "expect": self.expect}
        if self.options:
            data["options"] = list(self.options)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Field":
        return cls(
            data["name"],
            data["label"],
            data["kind"],
            data["expect"],
            tuple(data.get("options", ())),
        )


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    screen_html: str
    fields: tuple[Field, ...]
    explanation_html: str = ""

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "screen_html": self.screen_html,
            "fields": [f.to_dict() for f in self.fields],
            "explanation_html": self.explanation_html,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Step":
        return cls(
            data["id"],
            data["title"],
            data["screen_html"],
            tuple(Field.from_dict(f) for f in data["fields"]),
            data.get("explanation_html", ""),
        )


def draw(spec, rng: random.Random) -> str:
    """One task value: a choice from a list, or a pattern whose '#' become digits."""
    if isinstance(spec, dict):
        return "".join(str(rng.randrange(10)) if c == "#" else c for c in spec["pattern"])
    return str(rng.choice(list(spec)))


def task_values(variables: dict, seed: int, question_id: str) -> dict[str, str]:
    # Not for security: values only have to differ between attempts and stay fixed
    # within one, so that answers cannot be copied from a neighbour.
    return {
        name: draw(spec, random.Random(f"{seed}:{question_id}:{name}"))  # noqa: S311
        for name, spec in sorted(variables.items())
    }


def fill(template: str, values: dict[str, str], html: bool = False) -> str:
    """Put task values into a template; in HTML the values are escaped."""
    return PLACEHOLDER.sub(
        lambda m: (
            escape(values.get(m.group(1), m.group(0)))
            if html
            else values.get(m.group(1), m.group(0))
        ),
        template,
    )


def normalize(text: str) -> str:
    """Compare like a person would: spacing and letter case don't matter, accents do.

    Typing Vietnamese with its diacritics is part of the skill being tested, so
    'Tin hoc' is not 'Tin học'; but 'tin  HỌC ' is.
    """
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(text.split()).casefold()


def field_right(field: Field, entry: str | None, values: dict[str, str]) -> bool:
    if entry is None:
        return False
    expected = fill(field.expect, values)
    if field.kind == NUMBER:
        try:
            return float(entry.replace(",", ".").strip()) == float(expected)
        except ValueError:
            return False
    if field.kind == PASSWORD:
        return entry == expected  # passwords are exact, as on any real site
    return normalize(entry) == normalize(expected)


#: A wrong entry holding this many digits in a row may be the learner's real identity
#: number, phone or bank account: it is not kept. Right entries are the task's made-up
#: values, so they are safe to keep.
LONG_NUMBER = re.compile(r"[0-9]{9,}")


def withhold(step: Step, entries: dict[str, str], values: dict[str, str]) -> dict:
    """What may be stored of one step's entries: a wrong password, or a wrong entry that
    looks like a real ID or phone number, becomes None (graded wrong, never shown)."""
    kept: dict[str, str | None] = {}
    for field in step.fields:
        entry = entries.get(field.name, "")
        risky = field.kind == PASSWORD or LONG_NUMBER.search("".join(entry.split()))
        if entry.strip() and risky and not field_right(field, entry, values):
            kept[field.name] = None
        else:
            kept[field.name] = entry
    return kept


def read_step(step: Step, form) -> dict[str, str]:
    """The entries of one step from a submitted form: strings, cut to a sane length."""
    entries = {}
    for field in step.fields:
        values = form.get(f"f-{field.name}", ())
        value = values[0] if isinstance(values, list | tuple) and values else values
        entries[field.name] = without_unsafe(str(value or ""))[:MAX_ENTRY]
    return entries


@dataclass(frozen=True)
class StepResult:
    step: Step
    right: bool
    #: what was typed, per field; None where it was withheld (see withhold())
    entries: dict[str, str | None]
    expected: dict[str, str]
    empty: tuple[str, ...]


def grade_steps(steps: tuple[Step, ...], values: dict[str, str], answers: dict) -> list[StepResult]:
    """Grade every step from the stored entries; a step never reached is wrong."""
    results = []
    for step in steps:
        entries = answers.get(step.id) if isinstance(answers, dict) else None
        entries = entries if isinstance(entries, dict) else {}
        right = bool(entries) and all(
            field_right(f, entries.get(f.name), values) for f in step.fields
        )
        typed = {
            f.name: None if entries.get(f.name, "") is None else str(entries.get(f.name, ""))
            for f in step.fields
        }
        results.append(
            StepResult(
                step,
                right,
                typed,
                {f.name: fill(f.expect, values) for f in step.fields},
                tuple(f.label for f in step.fields if typed[f.name] == ""),
            )
        )
    return results
