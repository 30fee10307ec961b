"""The quiz editor's logic, without Flask: a posted form ↔ a quiz (the data a quiz file
holds), the editor's buttons (add, remove, move a question; one more choice), and saving
through the publishing service with the same checks as ``lms content check``, each
problem placed next to its field, and the stale-save rule (the form carries the number
of the revision it was based on; if another trainer saved since, nothing is saved).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..content.lessons import SLUG, reserved_slug_problem
from ..content.quiz_text import question_of, read_quiz, write_quiz
from ..models import Quiz, QuizRevision, User
from ..publishing import ContentProblems, current_revision, save_quiz
from ..quiz import TYPES

#: Types a trainer can write in the form (a practical task stays a file: it is a script).
FORM_TYPES = tuple(name for name, kind in TYPES.items() if not kind.stepwise)
#: What the form edits of each type, read from the registry (the keys a type reads in a
#: quiz file): "choices" (rows to tick), "answer" (true or false) or "items" (steps in order).
FORM_FIELDS = {
    name: next((k for k in ("choices", "answer", "items") if k in kind.keys), None)
    for name, kind in TYPES.items()
}
#: Empty choice rows a question shows beyond its own, so adding one needs no button.
SPARE_CHOICES = 1
NEW_QUESTION_CHOICES = 4
MAX_QUESTIONS = 200
MAX_CHOICES = 8
NOTE_LIMIT = 300


@dataclass
class Editor:
    """What the editor page shows: the quiz, the revision it is based on, and problems
    by field ("title", "q0.text", "q0.choice.1", "q0" for the question as a whole,
    "" for the quiz as a whole)."""

    quiz: dict
    base: int = 0
    slug: str = ""
    note: str = ""
    problems: dict[str, list[str]] = field(default_factory=dict)

    def add_problem(self, place: str, message: str) -> None:
        self.problems.setdefault(place, []).append(message)


def blank_question(taken: set[str]) -> dict:
    number = len(taken) + 1
    while f"cau-{number}" in taken:
        number += 1
    return {
        "id": f"cau-{number}",
        "type": "single",
        "text": "",
        "choices": [{"text": "", "correct": False} for _ in range(NEW_QUESTION_CHOICES)],
        "explanation": "",
    }


def editor_for(db: Session, quiz: Quiz) -> Editor | None:
    """The editor on the quiz's newest revision (a draft if there is one); None when that
    revision has no source text to edit."""
    newest = current_revision(db, "quiz", quiz.id, include_drafts=True)
    if newest is not None and newest.source_text is None:
        return None  # imported before texts were kept: editing it would start from nothing
    data = read_quiz(newest.source_text) if newest else {"questions": []}
    return Editor(data, newest.number if newest else 0, quiz.slug)


def is_practical(quiz: dict) -> bool:
    return any(
        "steps" in q or (q.get("type") in TYPES and TYPES[q["type"]].stepwise)
        for q in quiz["questions"]
    )


def _number(form: Mapping, name: str, default: int = 0, high: int = MAX_QUESTIONS) -> int:
    value = form.get(name, "")
    return min(int(value), high) if value.isdigit() else default


def from_form(form: Mapping) -> Editor:
    """The editor as posted (``form``: request.form or any mapping of str to str)."""
    quiz = {key: form.get(key, "").strip() for key in ("title", "module", "intro")}
    quiz["show"] = form.get("show", "").strip()
    quiz["time_limit_minutes"] = form.get("time_limit_minutes", "").strip()
    quiz["questions"] = []
    for index in range(_number(form, "questions")):
        name = f"q{index}"
        kind = form.get(f"{name}-type", "single")
        question = {
            "id": form.get(f"{name}-id", "").strip(),
            "type": kind,
            "text": form.get(f"{name}-text", "").strip(),
            "explanation": form.get(f"{name}-explanation", "").strip(),
        }
        slots = _number(form, f"{name}-choices", high=MAX_CHOICES + SPARE_CHOICES)
        question["choices"] = [
            {
                "text": form.get(f"{name}-c{j}-text", "").strip(),
                "correct": form.get(f"{name}-c{j}-correct") == "1",
            }
            for j in range(slots)
        ]
        question["items"] = [
            line.strip() for line in form.get(f"{name}-items", "").splitlines() if line.strip()
        ]
        answer = form.get(f"{name}-answer", "")
        question["answer"] = {"true": True, "false": False}.get(answer)
        quiz["questions"].append(question)
    return Editor(
        quiz,
        _number(form, "base", default=-1, high=10**9),
        form.get("slug", "").strip(),
        form.get("note", "").strip(),
    )


def act(editor: Editor, action: str) -> bool:
    """Apply an editor button (add, remove-N, up-N, down-N, choice-N); True if it was one."""
    questions = editor.quiz["questions"]
    verb, _sep, number = action.partition("-")
    if verb == "add":
        if len(questions) < MAX_QUESTIONS:
            questions.append(blank_question({q["id"] for q in questions}))
        return True
    if not number.isdigit() or int(number) >= len(questions):
        return False
    index = int(number)
    if verb == "remove":
        del questions[index]
    elif verb == "up" and index > 0:
        questions[index - 1], questions[index] = questions[index], questions[index - 1]
    elif verb == "down" and index + 1 < len(questions):
        questions[index + 1], questions[index] = questions[index], questions[index + 1]
    elif verb == "choice":
        choices = questions[index].setdefault("choices", [])
        if len(choices) < MAX_CHOICES + SPARE_CHOICES:
            choices.append({"text": "", "correct": False})
    else:
        return verb in ("up", "down")
    return True


def choice_rows(question: dict) -> list[dict]:
    """The choice rows the form shows: the question's own, plus empty ones to fill in
    (enough for a new question, else one), unless it already has an empty row."""
    rows = list(question.get("choices") or ())
    if any(not choice["text"] for choice in rows):
        return rows
    spare = max(SPARE_CHOICES, NEW_QUESTION_CHOICES - len(rows))
    return rows + [{"text": "", "correct": False} for _ in range(spare)]


def for_saving(quiz: dict) -> dict:
    """The quiz as a file holds it: each question keeps only its type's fields, and empty
    choice rows (the form's spare ones) are dropped."""
    questions = []
    for question in quiz["questions"]:
        kept = {k: question.get(k, "") for k in ("id", "type", "text", "explanation")}
        edited = FORM_FIELDS.get(question["type"])
        if edited == "choices":
            kept["choices"] = [c for c in question.get("choices") or () if c["text"]]
        elif edited == "items":
            kept["items"] = list(question.get("items") or ())
        elif edited == "answer":
            kept["answer"] = question.get("answer")
        questions.append(kept)
    return {**quiz, "questions": questions}


def choice_fields(quiz: dict) -> dict:
    """Where each saved choice sits in the form: file choice j of question i is form row k."""
    places = {}
    for index, question in enumerate(quiz["questions"]):
        rows = [k for k, c in enumerate(question.get("choices") or ()) if c["text"]]
        for j, k in enumerate(rows):
            places[f"q{index}.choice.{j}"] = f"q{index}.choice.{k}"
    return places


class StaleSave(Exception):
    """Someone saved the quiz after this form was opened; nothing was saved."""

    def __init__(self, newest: QuizRevision, author: User | None):
        super().__init__(f"newest revision is {newest.number}")
        self.newest = newest
        self.author = author


def save_editor(
    db: Session, editor: Editor, author: User, *, publish: bool, new: bool = False
) -> QuizRevision | None:
    """Save the posted quiz as the next revision (published or a draft), or fill
    ``editor.problems`` and return None having written nothing. Raises :class:`StaleSave`."""
    slug = editor.slug
    if not SLUG.match(slug or ""):
        editor.add_problem("slug", "tên viết tắt chỉ gồm chữ thường không dấu, số và dấu '-'")
        return None
    if reserved := reserved_slug_problem(slug):
        editor.add_problem("slug", reserved)
        return None
    if len(editor.note) > NOTE_LIMIT:
        editor.add_problem("note", f"ghi chú dài quá {NOTE_LIMIT} ký tự")
        return None
    owner = db.scalar(select(Quiz).where(Quiz.slug == slug))
    if new and owner is not None:
        editor.add_problem("slug", f"đã có bài kiểm tra '{slug}': hãy chọn tên khác")
        return None
    newest = current_revision(db, "quiz", owner.id, include_drafts=True) if owner else None
    if newest is not None and newest.number != editor.base:
        raise StaleSave(newest, db.get(User, newest.author_id) if newest.author_id else None)
    quiz = for_saving(editor.quiz)
    written = write_quiz(quiz)
    rows = choice_fields(editor.quiz)
    try:
        with db.begin_nested():
            return save_quiz(db, slug, written.text, author, editor.note, publish=publish)
    except ContentProblems as error:
        for problem in error.problems:
            place = written.field_of(problem.line) or ""
            if problem.message.startswith("không có module"):
                place = "module"
            elif place == "questions":
                place = ""
            editor.add_problem(rows.get(place, place), problem.message)
        return None
    except IntegrityError:
        # Another save took the same revision number between our check and our insert.
        db.expire_all()
        owner = db.scalar(select(Quiz).where(Quiz.slug == slug))
        newest = current_revision(db, "quiz", owner.id, include_drafts=True)
        author_of = db.get(User, newest.author_id) if newest.author_id else None
        raise StaleSave(newest, author_of) from None


def problems_of_question(editor: Editor, index: int) -> list[str]:
    """Every problem of question ``index``, for the summary at the top."""
    prefix = f"q{index}"
    return [
        message
        for place, messages in editor.problems.items()
        if place == prefix or place.startswith(prefix + ".")
        for message in messages
    ]


def quiz_level_problems(editor: Editor) -> list[tuple[str, str]]:
    return [
        (place, message)
        for place, messages in editor.problems.items()
        if question_of(place) is None
        for message in messages
    ]
