"""The set-based restatement stores exactly what the per-learner path stores."""

import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from lms.criteria import Rules
from lms.models import Attempt, CriterionStatus, Quiz, QuizRevision, User
from lms.standing import record_all_standings, record_standing

START = datetime(2024, 1, 1, 8, 0, 0)

RULES = Rules.from_dict(
    {
        "default_pass_mark": 70,
        "pass_marks": {"thuc-hanh": 100, "an-toan": 90},
        "levels": [
            {"code": "KNS-1", "title": "một", "points": 6, "requires": ["dien-thoai", "an-toan"]},
            {
                "code": "KNS-2",
                "title": "hai",
                "includes": "KNS-1",
                "points": 4,
                "requires": ["thuc-hanh"],
            },
        ],
    }
)


def _fill(session, learners: int, seed: int) -> None:
    """Learners of every kind: none, partial, both levels, ties, stale stored statuses."""
    rng = random.Random(seed)
    revisions = session.execute(select(QuizRevision.id, Quiz.slug).join(Quiz)).all()
    users = [
        {
            "id": 1000 + n,
            "phone": f"09{n:08d}",
            "password_hash": "!",
            "display_name": f"Người {n}",
            "criterion_level": rng.choice([None, "KNS-1", "KNS-2"]),
            "criterion_points": rng.randint(0, 10),
        }
        for n in range(learners)
    ]
    session.execute(insert(User), users)
    attempts, statuses = [], []
    for user in users:
        for _ in range(rng.choice([0, 0, 1, 3, 6, 10])):
            revision_id, _slug = rng.choice(revisions)
            at = START + timedelta(days=rng.randint(0, 4))
            submitted = rng.random() > 0.1
            attempts.append(
                {
                    "user_id": user["id"],
                    "quiz_revision_id": revision_id,
                    "seed": 1,
                    # A few minutes to answer: the evidence records how long a pass took.
                    "started_at": at - timedelta(seconds=rng.randint(30, 1800)),
                    "submitted_at": at if submitted else None,
                    # Few distinct scores and dates, so ties happen often.
                    "score": rng.choice([None, 0, 60, 70, 80, 90, 100, 100]),
                }
            )
        for level in ("KNS-1", "KNS-2"):
            if rng.random() < 0.3:  # stored by older rules, maybe no longer deserved
                statuses.append(
                    {
                        "user_id": user["id"],
                        "level": level,
                        "met_at": START - timedelta(days=rng.randint(1, 99)),
                        "evidence": [{"quiz": "cu"}],
                    }
                )
    attempts.append(
        {
            "user_id": None,
            "quiz_revision_id": revisions[0][0],
            "seed": 1,
            "submitted_at": START,
            "score": 100,
        }
    )
    session.execute(insert(Attempt), attempts)
    session.execute(insert(CriterionStatus), statuses)
    session.flush()


def _snapshot(session) -> tuple:
    session.expire_all()
    statuses = sorted(
        (row.user_id, row.level, row.met_at, row.evidence)
        for row in session.scalars(select(CriterionStatus))
    )
    users = sorted(session.execute(select(User.id, User.criterion_level, User.criterion_points)))
    return statuses, users


def _per_learner(session, rules) -> int:
    """The former loop, kept here as the reference the set-based path must equal."""
    learner_ids = set(
        session.scalars(
            select(Attempt.user_id).where(
                Attempt.user_id.is_not(None), Attempt.submitted_at.is_not(None)
            )
        )
    ) | set(session.scalars(select(CriterionStatus.user_id)))
    for user_id in sorted(learner_ids):
        record_standing(session, session.get(User, user_id), rules)
    session.flush()
    return len(learner_ids)


def test_set_based_restatement_equals_the_per_learner_one(session):
    _fill(session, 400, seed=8)
    for rules in (RULES, Rules.from_dict({**_as_dict(RULES), "default_pass_mark": 90})):
        savepoint = session.begin_nested()
        expected_count = _per_learner(session, rules)
        expected = _snapshot(session)
        savepoint.rollback()
        count = record_all_standings(session, rules)
        actual = _snapshot(session)
        assert count == expected_count
        assert actual == expected
        assert any(level == "KNS-2" for _, level, _, _ in actual[0])
        assert any(evidence == [{"quiz": "cu"}] for *_, evidence in actual[0]) is False
        # Both paths agree on which try a pass was and how long it took, not just trivially.
        found = [e for *_, evidence in actual[0] for e in evidence]
        assert any(e["tries"] > 1 for e in found) and all(e["seconds"] >= 30 for e in found)


def test_restating_twice_changes_nothing(session, monkeypatch):
    # Small batches: the streamed read and the writes of the temporary tables interleave.
    monkeypatch.setattr("lms.standing.restate.BATCH", 7)
    _fill(session, 50, seed=3)
    record_all_standings(session, RULES)
    first = _snapshot(session)
    record_all_standings(session, RULES)
    assert _snapshot(session) == first


def _as_dict(rules: Rules) -> dict:
    return {
        "default_pass_mark": rules.default_pass_mark,
        "pass_marks": rules.pass_marks,
        "levels": [
            {
                "code": level.code,
                "title": level.title,
                "points": level.points,
                "requires": list(level.requires),
                **({"includes": level.includes} if level.includes else {}),
            }
            for level in rules.levels
        ],
    }
