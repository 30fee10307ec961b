"""One citizen's record as an officer sees it: the evidence behind each level reached,
the suggested indicator-5 score, the lessons done and the confirmations.

Read from the stored criterion status (what the learner's own progress page shows too),
never recomputed. No Flask here.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import criteria
from ..models import Confirmation, CriterionStatus, Lesson, LessonProgress, LessonRevision, User
from ..publishing.current import lesson_is_current
from . import confirmations


@dataclass(frozen=True)
class Proof:
    """One passed quiz that earned a level."""

    quiz: str
    attempt_id: int
    revision: int | None
    score: int
    submitted_at: datetime
    tries: int | None
    seconds: int | None

    @property
    def minutes(self) -> int | None:
        return None if self.seconds is None else max(1, round(self.seconds / 60))


@dataclass(frozen=True)
class LevelRecord:
    code: str
    title: str
    met_at: datetime | None
    proofs: tuple[Proof, ...]

    @property
    def met(self) -> bool:
        return self.met_at is not None


@dataclass(frozen=True)
class CitizenRecord:
    citizen: User
    levels: list[LevelRecord]
    points: int
    lessons: list[tuple[str, datetime]]
    confirmations: list[Confirmation]

    def reached(self, year: int) -> list[str]:
        """Levels met by the end of ``year``: what may be confirmed for it."""
        return [lv.code for lv in self.levels if lv.met and lv.met_at < datetime(year + 1, 1, 1)]


def record_of(db: Session, citizen: User, rules: criteria.Rules) -> CitizenRecord:
    stored = {
        row.level: row
        for row in db.scalars(select(CriterionStatus).where(CriterionStatus.user_id == citizen.id))
    }
    levels = []
    for level in rules.levels:
        row = stored.get(level.code)
        proofs = tuple(
            Proof(
                e["quiz"],
                e["attempt_id"],
                e.get("revision"),
                e["score"],
                datetime.fromisoformat(e["submitted_at"]),
                e.get("tries"),
                e.get("seconds"),
            )
            for e in (row.evidence if row else [])
        )
        levels.append(LevelRecord(level.code, level.title, row.met_at if row else None, proofs))
    lessons = db.execute(
        select(LessonRevision.title, LessonProgress.done_at)
        .join(Lesson, LessonProgress.lesson_id == Lesson.id)
        .join(LessonRevision, lesson_is_current())
        .where(LessonProgress.user_id == citizen.id)
        .order_by(LessonProgress.done_at)
    ).all()
    return CitizenRecord(
        citizen=citizen,
        levels=levels,
        points=citizen.criterion_points,
        lessons=[(title, at) for title, at in lessons],
        confirmations=confirmations.history(db, citizen),
    )
