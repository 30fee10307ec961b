"""Importing a question bank (GIFT, Aiken) into a quiz as a new draft revision.

All or nothing: a syntax error, a question our checks refuse, or (unless the caller
skips them) a question of a kind we do not support, and nothing is written. Imported
questions are added after the quiz's newest revision's own (a new quiz when there is
none), always as a draft: publishing stays a trainer's separate decision.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content import Problems, quiz_from_text
from ..content.banks import Bank, parse_bank
from ..content.banks.bank import Ids
from ..content.lessons import SLUG
from ..content.quiz_text import question_of, read_quiz, write_quiz
from ..models import Quiz, QuizRevision, User
from .current import current_revision
from .revisions import ContentProblems, save_quiz


@dataclass
class BankImport:
    """What an import found and did; ``messages`` are ``FILE:LINE: message``, by line."""

    filename: str
    bank: Bank
    messages: list[str] = field(default_factory=list)
    #: (line, message) of each refusal, for pages that name the line themselves
    lines: list[tuple[int, str]] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    revision: QuizRevision | None = None

    @property
    def imported(self) -> int:
        return len(self.questions) if self.revision is not None else 0

    @property
    def skipped(self) -> int:
        return len(self.bank.unsupported)

    @property
    def problems(self) -> list[tuple[int, str]]:
        """The refusals that are not merely an unsupported kind of question."""
        unsupported = {(u.line, u.message()) for u in self.bank.unsupported}
        return [item for item in self.lines if item not in unsupported]

    @property
    def summary(self) -> str:
        return f"imported {self.imported} questions, skipped {self.skipped}"


class BankRefused(ValueError):
    """The bank cannot be imported as it is; nothing was written."""

    def __init__(self, report: BankImport):
        super().__init__("; ".join(report.messages))
        self.report = report


def import_bank(
    db: Session,
    data: bytes | str,
    fmt: str,
    slug: str,
    *,
    filename: str,
    skip_unsupported: bool = False,
    author: User | None = None,
    note: str = "",
    title: str | None = None,
    dry_run: bool = False,
) -> BankImport:
    """Check the bank (and, unless ``dry_run``, save it as the quiz's next draft revision).
    Raises :class:`BankRefused` having written nothing."""
    bank = parse_bank(data, fmt)
    report = BankImport(filename, bank)
    if not SLUG.match(slug):
        message = f"tên bài kiểm tra '{slug}' phải là chữ thường không dấu, nối bằng '-'"
        return _refuse(report, [(1, message)])
    found = list(bank.problems)
    if not skip_unsupported:
        found += [(u.line, u.message()) for u in bank.unsupported]
    if not bank.questions and not found:
        found.append((1, "tệp không có câu hỏi nào nhập được"))
    if found:
        return _refuse(report, found)
    quiz = _base(db, slug, title or f"Câu hỏi nhập từ {filename}", found)
    if found:
        return _refuse(report, found)
    ids = Ids(q["id"] for q in quiz["questions"])
    first = len(quiz["questions"])
    for question in bank.questions:
        definition = dict(question.definition)
        definition["id"] = ids.next(definition["id"], 0)
        report.questions.append(definition)
    quiz["questions"] = quiz["questions"] + report.questions
    written = write_quiz(quiz)
    problems = Problems(f"quizzes/{slug}.yaml")
    try:
        if dry_run:
            quiz_from_text(slug, written.text, problems.path, problems)
            if problems:
                raise ContentProblems(problems)
        else:
            report.revision = save_quiz(db, slug, written.text, author, note, publish=False)
    except ContentProblems as error:
        for problem in error.problems:
            number = question_of(written.field_of(problem.line))
            if number is not None and number >= first:
                found.append((bank.questions[number - first].line, problem.message))
            else:
                found.append((1, f"{problem.path}:{problem.line}: {problem.message}"))
        return _refuse(report, found)
    return _finish(report, [(u.line, u.message()) for u in bank.unsupported])


def _base(db: Session, slug: str, title: str, found: list) -> dict:
    """The quiz the questions join: its newest revision's text, or a new quiz."""
    owner = db.scalar(select(Quiz).where(Quiz.slug == slug))
    newest = current_revision(db, "quiz", owner.id, include_drafts=True) if owner else None
    if newest is None:
        return {"title": title, "questions": []}
    if newest.source_text is None:
        found.append((1, f"bài '{slug}' chưa có văn bản gốc: chạy 'lms content import' trước"))
        return {}
    quiz = read_quiz(newest.source_text)
    if any("steps" in q for q in quiz["questions"]):
        found.append((1, f"bài '{slug}' là bài thực hành: không thêm câu hỏi vào được"))
    return quiz


def _refuse(report: BankImport, found: list) -> BankImport:
    _finish(report, found)
    report.revision = None
    raise BankRefused(report)


def _finish(report: BankImport, found: list) -> BankImport:
    report.lines = sorted(found, key=lambda item: item[0])
    report.messages = [f"{report.filename}:{line}: {message}" for line, message in report.lines]
    return report
