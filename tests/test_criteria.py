"""The criterion rule, table-driven: which results make which level, with what evidence."""

from datetime import datetime

import pytest

from lms.criteria import Result, Rules, evaluate, suggested_points

RULES = Rules.from_dict(
    {
        "default_pass_mark": 80,
        "pass_marks": {"an-toan": 90},
        "levels": [
            {
                "code": "KNS-1",
                "title": "Cơ bản",
                "points": 6,
                "requires": ["thiet-bi", "thong-tin", "an-toan"],
            },
            {
                "code": "KNS-2",
                "title": "Tự cập nhật",
                "includes": "KNS-1",
                "points": 4,
                "requires": ["thuc-hanh"],
            },
        ],
    }
)


def day(n: int) -> datetime:
    return datetime(2026, 11, n, 9, 0)


def r(quiz: str, score: int, on: int = 1, attempt: int | None = None) -> Result:
    return Result(quiz, attempt or on * 100 + score, 1, score, day(on))


CORE = [r("thiet-bi", 80), r("thong-tin", 100), r("an-toan", 90)]

CASES = [
    # (description, results, KNS-1 met, KNS-2 met, points)
    ("nothing yet", [], False, False, 0),
    ("one core quiz passed", [r("thiet-bi", 100)], False, False, 2),
    ("exactly the pass mark counts", CORE, True, False, 6),
    ("one below the pass mark does not", [r("thiet-bi", 79), *CORE[1:]], False, False, 4),
    ("a per-quiz pass mark overrides the default", [*CORE[:2], r("an-toan", 89)], False, False, 4),
    ("a later failure keeps the earlier pass", [*CORE, r("thiet-bi", 10, on=5)], True, False, 6),
    ("a retake that passes earns the level", [r("thiet-bi", 50), *CORE], True, False, 6),
    ("everything", [*CORE, r("thuc-hanh", 100, on=3)], True, True, 10),
    ("the practical test alone is not KNS-2", [r("thuc-hanh", 100)], False, False, 0),
    ("unknown quizzes are ignored", [*CORE, r("khac", 100)], True, False, 6),
]


@pytest.mark.parametrize(
    ("results", "kns1", "kns2", "points"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_levels_and_points(results, kns1, kns2, points):
    statuses = {s.code: s for s in evaluate(RULES, results)}
    assert statuses["KNS-1"].met is kns1
    assert statuses["KNS-2"].met is kns2
    assert suggested_points(RULES, list(statuses.values())) == points


def test_evidence_is_the_best_passing_attempt_per_quiz():
    results = [
        r("thiet-bi", 80, on=1),
        r("thiet-bi", 100, on=3),
        r("thiet-bi", 100, on=4),
        *CORE[1:],
    ]
    kns1 = evaluate(RULES, results)[0]
    chosen = {e.quiz: e for e in kns1.evidence}
    assert chosen["thiet-bi"].score == 100 and chosen["thiet-bi"].submitted_at == day(3)
    assert kns1.missing == ()
    assert kns1.met_at == day(3)


def test_missing_quizzes_are_named_in_order():
    status = evaluate(RULES, [r("thong-tin", 100)])[0]
    assert status.missing == ("thiet-bi", "an-toan")


def test_kns2_is_dated_no_earlier_than_kns1():
    results = [
        r("thuc-hanh", 100, on=1),
        r("thiet-bi", 100, on=2),
        r("thong-tin", 100, on=2),
        r("an-toan", 100, on=7),
    ]
    kns2 = evaluate(RULES, results)[1]
    assert kns2.met and kns2.met_at == day(7)
