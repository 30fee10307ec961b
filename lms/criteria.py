"""The digital-skills criterion: from a learner's quiz results to KNS levels with evidence.

The rule (the levels and their quizzes live in ``quizzes/criteria.yaml``, not here):

* A quiz counts as passed by an attempt whose score (whole percent, rounded down) is at
  least the quiz's pass mark. Later failures never take a pass away.
* A level is met when every quiz it requires is passed and the level it includes is met.
  Its evidence is, per required quiz, the best passing attempt (highest score, then
  earliest); the level was met on the date of the latest of those.
* Suggested points for indicator 5 of the Công dân học tập assessment (0–10): each level
  is worth its ``points``, shared equally among its required quizzes; a quiz's share
  counts once it is passed, and only if the level it builds on is met. The total is
  rounded down. It is a suggestion for the citizen's own evidence; the official score stays
  with the evaluation council.

Pure Python: no Flask, no database.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction


@dataclass(frozen=True)
class Level:
    code: str
    title: str
    requires: tuple[str, ...]
    includes: str | None = None
    points: int = 0
    description: str = ""


@dataclass(frozen=True)
class Rules:
    levels: tuple[Level, ...]
    default_pass_mark: int = 80
    pass_marks: dict = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> "Rules":
        return cls(
            levels=tuple(
                Level(
                    code=level["code"],
                    title=level["title"],
                    requires=tuple(level["requires"]),
                    includes=level.get("includes"),
                    points=level.get("points", 0),
                    description=level.get("description", ""),
                )
                for level in data["levels"]
            ),
            default_pass_mark=data.get("default_pass_mark", 80),
            pass_marks=dict(data.get("pass_marks") or {}),
        )

    def pass_mark(self, quiz: str) -> int:
        return self.pass_marks.get(quiz, self.default_pass_mark)

    def required_quizzes(self) -> set[str]:
        return {quiz for level in self.levels for quiz in level.requires}


@dataclass(frozen=True)
class Result:
    """One submitted attempt, as the criterion sees it."""

    quiz: str
    attempt_id: int
    revision: int
    score: int
    submitted_at: datetime
    #: Which attempt on this quiz it was (1: the first), counted by submission time.
    tries: int | None = None
    #: How long it took, submitted_at − started_at, in whole seconds.
    seconds: int | None = None


@dataclass(frozen=True)
class LevelStatus:
    code: str
    title: str
    met: bool
    evidence: tuple[Result, ...]
    missing: tuple[str, ...]
    met_at: datetime | None = None


def best_passes(rules: Rules, results: Iterable[Result]) -> dict[str, Result]:
    best: dict[str, Result] = {}
    for result in results:
        if result.score < rules.pass_mark(result.quiz):
            continue
        current = best.get(result.quiz)
        if current is None or (-result.score, result.submitted_at) < (
            -current.score,
            current.submitted_at,
        ):
            best[result.quiz] = result
    return best


def evaluate(rules: Rules, results: Iterable[Result]) -> list[LevelStatus]:
    passes = best_passes(rules, results)
    statuses: dict[str, LevelStatus] = {}
    for level in rules.levels:
        evidence = tuple(passes[q] for q in level.requires if q in passes)
        missing = tuple(q for q in level.requires if q not in passes)
        base = statuses.get(level.includes) if level.includes else None
        met = not missing and (base is None or base.met)
        met_at = None
        if met:
            dates = [e.submitted_at for e in evidence]
            if base is not None and base.met_at is not None:
                dates.append(base.met_at)
            met_at = max(dates)
        statuses[level.code] = LevelStatus(level.code, level.title, met, evidence, missing, met_at)
    return list(statuses.values())


def suggested_points(rules: Rules, statuses: list[LevelStatus]) -> int:
    by_code = {status.code: status for status in statuses}
    total = Fraction(0)
    for level in rules.levels:
        if not level.requires or not level.points:
            continue
        if level.includes and not by_code[level.includes].met:
            continue
        passed = len(level.requires) - len(by_code[level.code].missing)
        total += Fraction(level.points * passed, len(level.requires))
    return min(10, int(total))
