"""The question statistics page of one quiz with many attempts: how long it takes.

Fills a fresh SQLite file (the shipped curriculum) with N graded attempts on one quiz
(each draws its paper from the pool and answers it: some right, some wrong, some blank,
graded by the site's own code), stored with their per-question rows and tallies as
grading stores them; then a signed-in trainer opens ``/giang-vien/thong-ke/<quiz>`` through the real
app (test client: routing, queries, template) ``--runs`` times. Prints one JSON object:
fill seconds, row counts, p50/p95/max ms. The target is under 1,000 ms at 100,000
attempts. On a shared machine the figures are inflated: re-run where it will be served.

Run: python bench/stats.py --attempts 100000 [--quiz cong-dan-hoc-tap-so] [--runs 20]
     [--db /tmp/stats.db] [--keep]
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("LMS_SECRET_KEY", "bench-secret-key-for-statistics-only")
os.environ.setdefault("LMS_DEMO_ACCOUNTS", "0")

from sqlalchemy import func, insert, select  # noqa: E402

from lms import quiz as q  # noqa: E402
from lms.app import create_app  # noqa: E402
from lms.config import ROOT  # noqa: E402
from lms.insights import outcome_rows, rebuild_tallies  # noqa: E402
from lms.models import Attempt, QuestionOutcome, Quiz  # noqa: E402
from lms.people.accounts import create_user  # noqa: E402
from lms.publishing import current_revision  # noqa: E402
from lms.web import db  # noqa: E402

BATCH = 5_000
PASSWORD = "bench-trainer-password"  # noqa: S105 - a throwaway bench account


def wrong_answer(rng: random.Random, question: q.Question):
    """A plausible wrong answer in the author's terms, for the question's type."""
    if question.type == q.TRUE_FALSE:
        return [not question.answer]
    if question.type == q.ORDERING:
        order = list(range(len(question.items)))
        order[0], order[1] = order[1], order[0]
        return order
    if question.type in (q.SINGLE, q.MULTIPLE):
        wrong = [i for i, c in enumerate(question.choices) if not c.correct]
        # Most wrong answers are the same one: a question's usual misunderstanding.
        return [wrong[0] if rng.random() < 0.6 else rng.choice(wrong)]
    return None


def right_answer(question: q.Question):
    if question.type == q.TRUE_FALSE:
        return [question.answer]
    if question.type == q.ORDERING:
        return list(range(len(question.items)))
    return [i for i, c in enumerate(question.choices) if c.correct]


def fill(session, slug: str, attempts: int, seed: int) -> dict:
    rng = random.Random(seed)  # noqa: S311 - repeatable bench data
    quiz = session.scalar(select(Quiz).where(Quiz.slug == slug))
    revision = current_revision(session, "quiz", quiz.id)
    pool = q.Quiz.from_dict(revision.definition)
    # Each question has its own difficulty; a few are hard (under 30 % right).
    ease = {question.id: rng.choice([0.2, 0.5, 0.7, 0.8, 0.9]) for question in pool.questions}
    start = datetime(2026, 1, 1)
    rows = 0
    next_id = (session.scalar(select(func.max(Attempt.id))) or 0) + 1
    connection = session.connection()
    for first in range(0, attempts, BATCH):
        batch, outcomes = [], []
        for attempt_id in range(next_id + first, next_id + min(first + BATCH, attempts)):
            paper_seed = rng.randrange(2**31)
            paper = pool.draw(paper_seed)
            answers = {}
            for question in paper.questions:
                roll = rng.random()
                if roll < 0.05:
                    continue  # left blank
                good = roll < 0.05 + 0.95 * ease[question.id]
                answer = right_answer(question) if good else wrong_answer(rng, question)
                answers[question.id] = answer
            grade = q.grade(paper, answers, paper_seed)
            results = [r.to_dict() for r in grade.questions]
            began = start + timedelta(minutes=rng.randrange(500_000))
            seconds = int(rng.lognormvariate(5.5, 0.5))
            batch.append(
                {
                    "id": attempt_id,
                    "quiz_revision_id": revision.id,
                    "seed": paper_seed,
                    "started_at": began,
                    "submitted_at": began + timedelta(seconds=seconds),
                    "answers": answers,
                    "results": results,
                    "correct": grade.correct,
                    "total": grade.total,
                    "score": grade.percent,
                    "passed": grade.percent >= 70,
                    "seconds": seconds,
                }
            )
            for row in outcome_rows(pool, answers, results):
                outcomes.append({**row, "attempt_id": attempt_id, "quiz_revision_id": revision.id})
        connection.execute(insert(Attempt), batch)
        connection.execute(insert(QuestionOutcome), outcomes)
        rows += len(outcomes)
    # Grading adds each attempt to the tallies as it goes; a bulk load counts them at once.
    tallies = rebuild_tallies(session)
    return {"quiz": slug, "revision": revision.number, "question_rows": rows, "tallies": tallies}


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--quiz", default="cong-dan-hoc-tap-so")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="SQLite file to use (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="reuse an already filled --db")
    args = parser.parse_args()
    path = Path(args.db or Path(tempfile.mkdtemp(prefix="stats-")) / "stats.db")
    if not args.keep:
        path.unlink(missing_ok=True)
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{path}", "CONTENT_ROOT": ROOT, "DEMO_ACCOUNTS": False}
    )
    report: dict = {"attempts": args.attempts, "database": str(path)}
    with app.app_context():
        session = db.session()
        if not args.keep:
            started = time.perf_counter()
            report.update(fill(session, args.quiz, args.attempts, args.seed))
            create_user(
                session, username="bench.trainer", password=PASSWORD, role="trainer",
                display_name="Bench",
            )  # fmt: skip
            db.commit()
            report["fill_seconds"] = round(time.perf_counter() - started, 1)
    client = app.test_client()
    token = csrf(client.get("/dang-nhap").get_data(as_text=True))
    signed_in = client.post(
        "/dang-nhap", data={"csrf_token": token, "username": "bench.trainer", "password": PASSWORD}
    )
    assert signed_in.status_code == 302, signed_in.status_code
    url = f"/giang-vien/thong-ke/{args.quiz}"
    timings = []
    for run in range(args.runs + 1):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if run:  # the first run warms caches and compiles the template
            timings.append(elapsed)
    timings.sort()
    report.update(
        {
            "page": url,
            "runs": len(timings),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 1),
            "max_ms": round(timings[-1], 1),
            "target_ms": 1000,
        }
    )
    db.engine(app).dispose()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
