"""Question statistics per quiz revision, counted by indexed SQL over stored rows.

A page view runs a handful of queries: a count and a sum along the covering index
``ix_attempts_revision_score``, each median as one row fetched at an OFFSET along the
same index (and ``ix_attempts_revision_seconds``), and the revision's question tallies
by primary key (a few rows per question, kept by lms.insights.record). No attempt's JSON
is read, and nothing scans the per-question rows.
"""

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..models import Attempt, QuestionTally, Quiz, QuizRevision
from ..quiz import Quiz as QuizDefinition
from ..quiz import kind_of

#: A question answered correctly by fewer than this share of those who saw it needs a look.
FLAG_BELOW = 0.30


@dataclass(frozen=True)
class QuestionStats:
    number: int  # its place in the revision, from 1 (the editor's "#cau-N")
    id: str
    html: str
    seen: int
    correct: int
    blank: int
    #: the most chosen wrong answer, as its sanitized option HTML, and how many chose it
    wrong_html: tuple[str, ...] = ()
    wrong_count: int = 0
    #: the texts are the site's own (true/false): translate them where shown
    own_texts: bool = False

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.seen if self.seen else None

    @property
    def share_blank(self) -> float | None:
        return self.blank / self.seen if self.seen else None

    @property
    def flagged(self) -> bool:
        return self.seen > 0 and self.correct / self.seen < FLAG_BELOW


@dataclass(frozen=True)
class RevisionStats:
    slug: str
    title: str
    number: int
    #: every revision of the quiz as (number, attempts), newest first
    revisions: tuple[tuple[int, int], ...]
    attempts: int
    passed: int
    median_score: float | None
    median_seconds: float | None
    questions: tuple[QuestionStats, ...]

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None

    @property
    def flagged(self) -> int:
        return sum(q.flagged for q in self.questions)


@dataclass(frozen=True)
class QuizLine:
    slug: str
    title: str
    current_number: int
    attempts: int
    passed: int

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None


def _graded():
    # score is set exactly when an attempt is graded (submitted or expired).
    return Attempt.score.is_not(None)


def quiz_lines(db: Session) -> list[QuizLine]:
    """Every quiz with its attempts and passes over all revisions, by slug."""
    counts = dict(
        (quiz_id, (attempts, passed or 0))
        for quiz_id, attempts, passed in db.execute(
            select(
                QuizRevision.quiz_id,
                func.count(),
                func.sum(case((Attempt.passed, 1), else_=0)),
            )
            .select_from(Attempt)
            .join(QuizRevision, QuizRevision.id == Attempt.quiz_revision_id)
            .where(_graded())
            .group_by(QuizRevision.quiz_id)
        )
    )
    newest = (
        select(QuizRevision.quiz_id, func.max(QuizRevision.number).label("number"))
        .group_by(QuizRevision.quiz_id)
        .subquery()
    )
    lines = []
    for quiz_id, slug, current, title in db.execute(
        select(Quiz.id, Quiz.slug, Quiz.current_number, QuizRevision.title)
        .join(newest, newest.c.quiz_id == Quiz.id)
        .join(
            QuizRevision,
            (QuizRevision.quiz_id == Quiz.id) & (QuizRevision.number == newest.c.number),
        )
        .order_by(Quiz.slug)
    ):
        attempts, passed = counts.get(quiz_id, (0, 0))
        lines.append(QuizLine(slug, title, current, attempts, passed))
    return lines


def _median(db: Session, column, revision_id: int) -> float | None:
    """The median of a column over the revision's graded attempts, along its index."""
    where = (Attempt.quiz_revision_id == revision_id, column.is_not(None))
    count = db.scalar(select(func.count()).select_from(Attempt).where(*where)) or 0
    if not count:
        return None
    middle = list(
        db.scalars(
            select(column)
            .where(*where)
            .order_by(column)
            .offset((count - 1) // 2)
            .limit(1 if count % 2 else 2)
        )
    )
    return sum(middle) / len(middle)


def revision_stats(db: Session, slug: str, number: int | None = None) -> RevisionStats | None:
    """The statistics of one revision of a quiz (default: the current one, or the newest
    while none is published); None for an unknown quiz or revision."""
    quiz = db.scalar(select(Quiz).where(Quiz.slug == slug))
    if quiz is None:
        return None
    revisions = tuple(
        (n, count)
        for n, count in db.execute(
            select(QuizRevision.number, func.count(Attempt.id))
            .outerjoin(
                Attempt, (Attempt.quiz_revision_id == QuizRevision.id) & Attempt.score.is_not(None)
            )
            .where(QuizRevision.quiz_id == quiz.id)
            .group_by(QuizRevision.number)
            .order_by(QuizRevision.number.desc())
        )
    )
    if number is None:
        number = quiz.current_number or (revisions[0][0] if revisions else 0)
    revision = db.scalar(
        select(QuizRevision).where(QuizRevision.quiz_id == quiz.id, QuizRevision.number == number)
    )
    if revision is None:
        return None
    attempts, passed = db.execute(
        select(func.count(), func.sum(case((Attempt.passed, 1), else_=0))).where(
            Attempt.quiz_revision_id == revision.id, _graded()
        )
    ).one()
    return RevisionStats(
        slug=quiz.slug,
        title=revision.title,
        number=revision.number,
        revisions=revisions,
        attempts=attempts,
        passed=passed or 0,
        median_score=_median(db, Attempt.score, revision.id),
        median_seconds=_median(db, Attempt.seconds, revision.id),
        questions=tuple(_questions(db, revision)),
    )


def _questions(db: Session, revision: QuizRevision) -> list[QuestionStats]:
    tallies: dict[str, dict] = {}
    # The revision's tallies: a few rows per question, read along the primary key.
    for question_id, correct, answered, chosen, count in db.execute(
        select(
            QuestionTally.question_id,
            QuestionTally.correct,
            QuestionTally.answered,
            QuestionTally.chosen,
            QuestionTally.count,
        ).where(QuestionTally.quiz_revision_id == revision.id)
    ):
        tally = tallies.setdefault(question_id, _empty())
        tally["seen"] += count
        tally["correct"] += count if correct else 0
        tally["answered"] += count if answered else 0
        if chosen:
            tally["wrong"][chosen] = tally["wrong"].get(chosen, 0) + count
    definition = QuizDefinition.from_dict(revision.definition)
    found = []
    for number, question in enumerate(definition.questions, start=1):
        tally = tallies.get(question.id) or _empty()
        # The most chosen wrong answer; a tie goes to the smaller key, so the page is stable.
        key, count = min(tally["wrong"].items(), key=lambda kc: (-kc[1], kc[0]), default=("", 0))
        try:
            kind = kind_of(question)
        except KeyError:
            kind = None
        texts = kind.answer_texts(question, key) if kind is not None and count else ()
        found.append(
            QuestionStats(
                number=number,
                id=question.id,
                html=question.html,
                seen=tally["seen"],
                correct=tally["correct"],
                blank=tally["seen"] - tally["answered"],
                wrong_html=tuple(texts),
                wrong_count=count if texts else 0,
                own_texts=bool(kind and kind.own_texts),
            )
        )
    return found


def _empty() -> dict:
    return {"seen": 0, "correct": 0, "answered": 0, "wrong": {}}
