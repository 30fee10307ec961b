"""Demo data: a province of realistic citizens with two years of quiz attempts.

For trying officer reports and measuring at scale (``lms demo-data``). Everything is
written with Core bulk inserts in batches, never ORM objects, and every citizen shares
one unusable password hash (nobody can log in as a demo citizen, and a million argon2
hashes would take hours). Statuses are restated set-based at the end. The same seed on
the same database state and day gives the same rows.

Who the citizens are, roughly as in a rural Vietnamese province's learning programme:
ages 18–85 leaning older, a few more women than men, mostly farmers; a third never try
a quiz; the rest go through the quizzes in order, stopping or retrying as people do.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from .. import places
from ..citizens.keys import search_key as name_search_key
from ..citizens.keys import sort_key
from ..database import bulk_insert
from ..models import Attempt, Consent, Module, Quiz, QuizRevision, RoleGrant, User, Village
from ..people import consent
from ..places.villages import kind_of, search_key
from ..publishing import current_rules
from ..reports import tally
from ..standing import record_all_standings
from .names import FAMILY, GIVEN, MIDDLE, VILLAGE_WORDS

BATCH = 10_000
UNUSABLE_HASH = "!demo"  # not a hash of anything: verify_password always says no
DEFAULT_PROVINCE = 48  # Thành phố Đà Nẵng
GENDER_WEIGHTS = {"nu": 54, "nam": 45, "khac": 1}
GROUP_WEIGHTS = {"nong-dan": 55, "cong-nhan": 20, "can-bo": 8, "hoc-sinh": 5, "khac": 12}
USER_COLUMNS = (
    "id", "username", "password_hash", "display_name", "birth_year", "gender",
    "target_group", "province_code", "commune_code", "village_id", "village",
    "session_token", "criterion_points", "search_key", "sort_key", "created_at",
)  # fmt: skip
VILLAGE_COLUMNS = ("commune_code", "name", "kind", "search_key")
CONSENT_COLUMNS = ("user_id", "purpose", "text_version", "given_at")
ATTEMPT_COLUMNS = (
    "user_id", "quiz_revision_id", "seed", "started_at", "submitted_at",
    "correct", "total", "score", "passed",
)  # fmt: skip
_GENDERS, _GENDER_CUM = list(GENDER_WEIGHTS), list(accumulate(GENDER_WEIGHTS.values()))
_GROUPS, _GROUP_CUM = list(GROUP_WEIGHTS), list(accumulate(GROUP_WEIGHTS.values()))
_FAMILY, _FAMILY_CUM = list(FAMILY), list(accumulate(FAMILY.values()))


class DemoError(ValueError):
    """Nothing was written: the message says why."""


@dataclass(frozen=True)
class QuizPlan:
    slug: str
    revision_id: int
    number: int
    questions: int
    pass_mark: int


def make_demo_data(
    db: Session, citizens: int, seed: int, province: int = DEFAULT_PROVINCE, today=None
) -> dict:
    """Write ``citizens`` demo citizens of ``province``; the caller commits. Returns a summary."""
    if places.province_name(province) is None:
        raise DemoError(f"unknown province code {province}: see 'lms demo-data --help'")
    if citizens < 0:
        raise DemoError("--citizens must be 0 or more")
    quizzes = _quiz_plan(db)
    if not quizzes:
        raise DemoError("no quizzes in the database: run 'lms content import' first")
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not secrets
    today = today or date.today()
    now = datetime.combine(today, time(0), tzinfo=UTC).replace(tzinfo=None)
    communes = places.communes(province)
    villages = _villages(db, rng, communes)
    # Some communes are big, most are small: Pareto weights make that spread.
    weights = list(accumulate(rng.paretovariate(1.5) for _ in communes))
    counts = {
        "citizens": 0,
        "attempts": 0,
        "consents": 0,
        "villages": sum(map(len, villages.values())),
    }
    filled: set[int] = set()
    first_id = (db.scalar(select(func.max(User.id))) or 0) + 1
    connection = db.connection()
    for start in range(0, citizens, BATCH):
        users, grants, consents, attempts = [], [], [], []
        for user_id in range(first_id + start, first_id + min(start + BATCH, citizens)):
            commune = rng.choices(communes, cum_weights=weights)[0]
            user = _citizen(rng, user_id, province, commune.code, villages[commune.code], now)
            users.append(user)
            filled.add(commune.code)
            grants.append((user_id, "learner"))
            created = user[-1]
            consents.append((user_id, consent.PURPOSE, consent.CURRENT_VERSION, created))
            attempts.extend(_attempts(rng, user_id, created, quizzes, now))
        bulk_insert(connection, User.__table__, USER_COLUMNS, users)
        bulk_insert(connection, RoleGrant.__table__, ("user_id", "role"), grants)
        bulk_insert(connection, Consent.__table__, CONSENT_COLUMNS, consents)
        bulk_insert(connection, Attempt.__table__, ATTEMPT_COLUMNS, attempts)
        counts["citizens"] += len(users)
        counts["consents"] += len(consents)
        counts["attempts"] += len(attempts)
    counts["restated"] = record_all_standings(db, current_rules(db))
    tally.rebuild(db)  # the citizens were bulk-inserted: count them for the dashboards
    return {"province": province, **counts, "communes": sorted(filled)}


def _quiz_plan(db: Session) -> list[QuizPlan]:
    """The active quizzes in curriculum order, with their current revision."""
    rules = current_rules(db)
    rows = db.execute(
        select(Quiz.slug, QuizRevision.id, QuizRevision.number, QuizRevision.question_count)
        .join(
            QuizRevision,
            (QuizRevision.quiz_id == Quiz.id) & (QuizRevision.number == Quiz.current_number),
        )
        .outerjoin(Module, Quiz.module_id == Module.id)
        .where(Quiz.active)
        .order_by(func.coalesce(Module.position, 999), Quiz.slug)
    )
    return [
        QuizPlan(slug, revision_id, number, max(questions, 1), rules.pass_mark(slug))
        for slug, revision_id, number, questions in rows
    ]


def _villages(db: Session, rng: random.Random, communes) -> dict[int, list[int]]:
    """Every commune gets a list (wards: tổ dân phố; communes: thôn), kept if it has one."""
    existing: dict[int, list[int]] = {}
    for village_id, code in db.execute(select(Village.id, Village.commune_code)):
        existing.setdefault(code, []).append(village_id)
    rows = []
    for commune in communes:
        if commune.code in existing:
            continue
        size = rng.randint(4, 14)
        if commune.name.startswith("Phường"):
            names = [f"Tổ dân phố {n}" for n in range(1, size + 1)]
        elif commune.name.startswith("Đặc khu"):
            names = [f"Khu phố {n}" for n in range(1, size + 1)]
        else:
            names = [f"Thôn {word}" for word in rng.sample(VILLAGE_WORDS, min(size, 20))]
        rows += [
            {
                "commune_code": commune.code,
                "name": n,
                "kind": kind_of(n),
                "search_key": search_key(n),
            }
            for n in names
        ]
    if rows:
        db.execute(insert(Village), rows)
    villages: dict[int, list[int]] = {}
    for village_id, code in db.execute(
        select(Village.id, Village.commune_code).order_by(Village.id)
    ):
        villages.setdefault(code, []).append(village_id)
    return villages


def _citizen(rng, user_id, province, commune, villages, now) -> tuple:
    """One citizen as a row of USER_COLUMNS (created_at last)."""
    gender = rng.choices(_GENDERS, cum_weights=_GENDER_CUM)[0]
    names = "nu" if gender == "nu" else "nam" if gender == "nam" else rng.choice(["nu", "nam"])
    family = rng.choices(_FAMILY, cum_weights=_FAMILY_CUM)[0]
    name = f"{family} {rng.choice(MIDDLE[names])} {rng.choice(GIVEN[names])}"
    age = int(rng.triangular(18, 86, 64))
    created = now - timedelta(days=730 * rng.random() ** 0.7, seconds=rng.randrange(86400))
    roll = rng.random()
    village_id, village = (rng.choice(villages), None) if roll < 0.92 else (None, None)
    if 0.92 <= roll < 0.95:  # typed a village the commune has not listed
        village = f"Xóm {rng.choice(VILLAGE_WORDS)}"
    group = rng.choices(_GROUPS, cum_weights=_GROUP_CUM)[0]
    return (
        user_id, f"cd{user_id}", UNUSABLE_HASH, name, now.year - age, gender, group,
        province, commune, village_id, village, f"{rng.getrandbits(192):048x}", 0,
        name_search_key(name), sort_key(name), created,
    )  # fmt: skip


def _attempts(rng, user_id, joined, quizzes, now) -> list[tuple]:
    """Quizzes in order: a third never start; each quiz may be retried after a failure."""
    if rng.random() < 0.35:
        return []
    ability = rng.betavariate(5, 2)  # most who try know a fair amount
    persistence = rng.random()
    at = joined + timedelta(hours=1 + 240 * rng.random())
    rows = []
    for plan in quizzes:
        for _ in range(4):
            if at >= now:
                return rows
            right = min(1.0, max(0.0, rng.gauss(ability, 0.15)))
            correct = round(plan.questions * right)
            score = correct * 100 // plan.questions
            started = at - timedelta(minutes=3 + 17 * rng.random())
            passed = score >= plan.pass_mark
            rows.append(
                (user_id, plan.revision_id, rng.getrandbits(31), started, at)
                + (correct, plan.questions, score, passed)
            )
            at += timedelta(days=rng.expovariate(1 / 6), minutes=5 + 600 * rng.random())
            if passed:
                break
            ability = min(1.0, ability + 0.06)  # learning from the explanations
            if rng.random() > persistence:
                return rows
        else:
            return rows  # four failures: gives up
        if rng.random() > 0.55 + 0.4 * persistence:
            return rows
    return rows
