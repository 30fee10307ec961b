"""A quiz as data (what the studio's form and the bank readers hold) ↔ the YAML text of a
quiz file, so every quiz, however it was written, is checked and stored the same way.

:func:`write_quiz` remembers which field each line of the text came from, so a problem
that :func:`lms.content.quiz_from_text` reports at ``line`` can be shown next to that
field. :func:`read_quiz` is the way back, from a stored revision's text to the data.
"""

import json
from dataclasses import dataclass, field

import yaml

#: Quiz-level keys in the order they are written.
QUIZ_KEYS = ("title", "module", "intro", "time_limit_minutes", "show")


@dataclass
class QuizText:
    text: str
    #: line → the field it holds: "title", "show", …, "q2" (a question), "q2.text",
    #: "q2.choices", "q2.choice.1", "q2.items", "q2.answer", "q2.explanation"
    fields: dict[int, str] = field(default_factory=dict)

    def field_of(self, line: int) -> str | None:
        return self.fields.get(line)


def question_of(place: str | None) -> int | None:
    """The question index of a field name ("q2.text" → 2), None for a quiz-level field."""
    if not place or not place.startswith("q") or not place[1:2].isdigit():
        return None
    return int(place[1:].split(".")[0])


def _scalar(value) -> str:
    """A value as YAML: numbers and booleans bare, text always double-quoted (JSON's
    quoting is valid YAML), so nothing a trainer types can change the structure."""
    if isinstance(value, bool | int):
        return json.dumps(value)
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def _number_or_text(value):
    """A form's number as a number when it is one; else the text, for the check to refuse."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def write_quiz(quiz: dict) -> QuizText:
    lines: list[str] = []
    fields: dict[int, str] = {}

    def put(text: str, where: str | None) -> None:
        lines.append(text)
        if where:
            fields[len(lines)] = where

    for key in QUIZ_KEYS:
        value = quiz.get(key)
        if value in (None, "") and key != "title":  # a missing title is a problem to show
            continue
        if key in ("time_limit_minutes", "show"):
            value = _number_or_text(value)
        put(f"{key}: {_scalar(value)}", key)
    put("questions:", "questions")
    for index, question in enumerate(quiz.get("questions") or ()):
        name = f"q{index}"
        put(f"  - id: {_scalar(question.get('id'))}", name)
        put(f"    type: {_scalar(question.get('type'))}", f"{name}.type")
        put(f"    text: {_scalar(question.get('text'))}", f"{name}.text")
        if question.get("choices") is not None:
            put("    choices:", f"{name}.choices")
            for number, choice in enumerate(question["choices"]):
                put(f"      - text: {_scalar(choice.get('text'))}", f"{name}.choice.{number}")
                put(f"        correct: {_scalar(bool(choice.get('correct')))}", None)
        if question.get("items") is not None:
            put("    items:", f"{name}.items")
            for item in question["items"]:
                put(f"      - {_scalar(item)}", f"{name}.items")
        if question.get("answer") is not None:
            put(f"    answer: {_scalar(question['answer'])}", f"{name}.answer")
        put(f"    explanation: {_scalar(question.get('explanation'))}", f"{name}.explanation")
    return QuizText("\n".join(lines) + "\n", fields)


def read_quiz(text: str) -> dict:
    """A quiz file's text as data for :func:`write_quiz` (texts as written, in Markdown)."""
    data = yaml.safe_load(text) or {}
    quiz = {key: data.get(key) for key in QUIZ_KEYS}
    quiz["questions"] = []
    for item in data.get("questions") or ():
        question = {
            "id": str(item.get("id", "")),
            "type": item.get("type", ""),
            "text": _text(item.get("text")),
            "explanation": _text(item.get("explanation")),
        }
        if "choices" in item:
            question["choices"] = [
                {"text": _text(c.get("text")), "correct": c.get("correct") is True}
                for c in item.get("choices") or ()
                if isinstance(c, dict)
            ]
        if "items" in item:
            question["items"] = [_text(i) for i in item.get("items") or ()]
        if "answer" in item:
            question["answer"] = item.get("answer")
        for key in ("steps", "variables"):
            if key in item:
                question[key] = item[key]  # a practical task: kept, never edited in a form
        quiz["questions"].append(question)
    return quiz


def _text(value) -> str:
    return "" if value is None or isinstance(value, bool) else str(value).strip()
