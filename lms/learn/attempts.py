"""Quiz attempts: start, submit exactly once, and update the criterion with it."""

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import quiz as quizcore
from ..insights import record_outcomes
from ..models import Attempt, Quiz, QuizRevision, User, utcnow
from ..publishing import current_revision, current_rules
from ..standing import record_standing


def quiz_of(attempt: Attempt) -> quizcore.Quiz:
    """The attempt's paper: the questions drawn for its seed from the revision's pool.

    A graded attempt is read back on exactly the questions it was graded on (its stored
    results), so an attempt graded before pools were drawn still reviews all of them.
    """
    quiz = quizcore.Quiz.from_dict(attempt.revision.definition)
    if attempt.results:
        return quiz.only(r["id"] for r in attempt.results)
    return quiz.draw(attempt.seed)


def open_attempt(db: Session, user: User, quiz: Quiz) -> Attempt:
    """The learner's unsubmitted attempt on the current revision, or a new one.

    Reusing it means a refresh or a second tab shows the same shuffled order instead of
    piling up abandoned attempts.
    """
    revision = current_revision(db, "quiz", quiz.id)
    attempt = db.scalar(
        select(Attempt)
        .where(
            Attempt.user_id == user.id,
            Attempt.quiz_revision_id == revision.id,
            Attempt.submitted_at.is_(None),
        )
        .order_by(Attempt.id.desc())
        .limit(1)
    )
    if attempt is not None and is_expired(attempt):
        expire(db, attempt)
        attempt = None
    if attempt is None:
        attempt = Attempt(
            user_id=user.id,
            quiz_revision_id=revision.id,
            seed=secrets.randbelow(2**31),
            started_at=utcnow(),
        )
        db.add(attempt)
        db.flush()
    return attempt


def find_attempt(db: Session, user: User, attempt_id: int) -> Attempt | None:
    """An attempt only ever belongs to the learner who started it."""
    attempt = db.get(Attempt, attempt_id)
    return attempt if attempt is not None and attempt.user_id == user.id else None


@dataclass(frozen=True)
class Submission:
    accepted: bool
    unanswered: list[str]
    grade: quizcore.Grade | None = None


class AlreadySubmitted(Exception):
    pass


def submit(db: Session, user: User, attempt: Attempt, form, allow_unanswered: bool) -> Submission:
    quiz = quiz_of(attempt)
    if quiz.practical is not None:
        # A practical test is graded on the entries saved step by step, as given.
        answers, unanswered = dict(attempt.answers or {}), []
    else:
        answers, unanswered = quizcore.parse_answers(quiz, attempt.seed, form)
    if attempt.submitted_at is not None:
        raise AlreadySubmitted
    if is_expired(attempt):
        expire(db, attempt)
        raise TooLate
    if unanswered and not allow_unanswered:
        return Submission(False, unanswered)
    grade = quizcore.grade(quiz, answers, attempt.seed)
    rules = current_rules(db)
    slug = db.scalar(
        select(Quiz.slug)
        .join(QuizRevision, QuizRevision.quiz_id == Quiz.id)
        .where(QuizRevision.id == attempt.quiz_revision_id)
    )
    # The guard in WHERE makes the submission count once even when two requests race
    # (double click, two tabs, a replayed post): only one UPDATE can match.
    now, results = utcnow(), [r.to_dict() for r in grade.questions]
    result = db.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(
            submitted_at=now,
            seconds=_seconds(attempt.started_at, now),
            answers=answers,
            results=results,
            correct=grade.correct,
            total=grade.total,
            score=grade.percent,
            passed=grade.percent >= rules.pass_mark(slug),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadySubmitted
    record_outcomes(db, attempt.id, attempt.quiz_revision_id, _pool(attempt), answers, results)
    try:
        with db.begin_nested():
            record_standing(db, user, rules)
    except IntegrityError:
        # Two of this learner's attempts finished at the same moment and both tried to
        # record the same level: the other one has committed by now; record again.
        with db.begin_nested():
            record_standing(db, user, rules)
    db.refresh(attempt)
    return Submission(True, unanswered, grade)


def _pool(attempt: Attempt) -> quizcore.Quiz:
    """The revision's whole pool: per-question rows are keyed by question, not by paper."""
    return quizcore.Quiz.from_dict(attempt.revision.definition)


def _seconds(started_at: datetime | None, ended_at: datetime | None) -> int | None:
    if started_at is None or ended_at is None:
        return None
    return max(0, int((ended_at - started_at).total_seconds()))


def save_step(db: Session, attempt: Attempt, step_id: str, entries: dict[str, str]) -> None:
    """Keep what the learner typed on one step of a practical test, until submission."""
    if is_expired(attempt):
        expire(db, attempt)
        raise TooLate
    question = quiz_of(attempt).practical
    answers = dict(attempt.answers or {})
    saved = dict(answers.get(question.id) or {})
    saved[step_id] = entries
    answers[question.id] = saved
    result = db.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(answers=answers)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadySubmitted
    db.refresh(attempt)


def attempts_for(db: Session, user: User, quiz: Quiz) -> list[Attempt]:
    return list(
        db.scalars(
            select(Attempt)
            .join(QuizRevision)
            .where(
                Attempt.user_id == user.id,
                QuizRevision.quiz_id == quiz.id,
                Attempt.submitted_at.is_not(None),
            )
            .order_by(Attempt.submitted_at.desc())
        )
    )


# Cooldown. Two failed attempts in a row on a quiz mean the learner is guessing, not
# remembering; drawing paper after paper would then teach the pool, not the skill. So the
# next attempt waits a few minutes (QUIZ_RETRY_WAIT_MINUTES), time to reread the lessons.
# A pass ends the run of failures, so it resets the wait.

#: Failed attempts in a row that start the wait.
FAILURES_BEFORE_WAIT = 2


def retry_wait(
    db: Session, user: User, quiz: Quiz, minutes: int, now: datetime | None = None
) -> int:
    """Whole minutes (rounded up) before this learner may start the quiz again; 0: now."""
    if minutes <= 0:
        return 0
    recent = list(
        db.execute(
            select(Attempt.passed, Attempt.submitted_at)
            .join(QuizRevision)
            .where(
                Attempt.user_id == user.id,
                QuizRevision.quiz_id == quiz.id,
                Attempt.submitted_at.is_not(None),
            )
            .order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
            .limit(FAILURES_BEFORE_WAIT)
        )
    )
    if len(recent) < FAILURES_BEFORE_WAIT or any(passed for passed, _at in recent):
        return 0
    left = recent[0].submitted_at + timedelta(minutes=minutes) - (now or utcnow())
    return max(0, math.ceil(left.total_seconds() / 60))


# Time limits. A quiz may set time_limit_minutes; the deadline counts from the attempt's
# start, on the server's clock. Answers arriving after deadline + GRACE are refused and
# the attempt is closed as graded at the deadline: the server had received no answers by
# then, so it scores 0 and counts as a failed attempt the learner can retake at once.

#: Allowance for a slow 3G upload or a tap in the last second.
GRACE = timedelta(minutes=2)


class TooLate(Exception):
    pass


def deadline(attempt: Attempt) -> datetime | None:
    minutes = attempt.revision.definition.get("time_limit_minutes")
    return attempt.started_at + timedelta(minutes=minutes) if minutes else None


def is_expired(attempt: Attempt, now: datetime | None = None) -> bool:
    due = deadline(attempt)
    return due is not None and attempt.submitted_at is None and (now or utcnow()) > due + GRACE


def expire(db: Session, attempt: Attempt) -> None:
    """Close an attempt past its deadline: graded at the deadline, with no answers."""
    quiz = quiz_of(attempt)
    grade = quizcore.grade(quiz, {})
    due, results = deadline(attempt), [r.to_dict() for r in grade.questions]
    result = db.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(
            submitted_at=due,
            seconds=_seconds(attempt.started_at, due),
            answers={},
            results=results,
            correct=grade.correct,
            total=grade.total,
            score=grade.percent,
            passed=False,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        record_outcomes(db, attempt.id, attempt.quiz_revision_id, _pool(attempt), {}, results)
    db.refresh(attempt)
