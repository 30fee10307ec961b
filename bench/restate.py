"""Restating every learner's criterion status: how long the write lock is held.

Fills a fresh SQLite file with ``lms demo-data``'s bulk path (the shipped curriculum,
one province of N citizens), then times ``record_all_standings`` alone, twice: once
where every status is new (after clearing them) and once with all already stored (the
import of changed rules). Prints JSON: fill seconds, restatement seconds, counts.
Run: python bench/restate.py --learners 100000 [--db /tmp/restate.db] [--keep]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("LMS_SECRET_KEY", "bench")
os.environ.setdefault("LMS_DEMO_ACCOUNTS", "0")

from sqlalchemy import delete, func, select, update  # noqa: E402

from lms.app import create_app  # noqa: E402
from lms.demo import make_demo_data  # noqa: E402
from lms.models import CriterionStatus, User  # noqa: E402
from lms.publishing import current_rules  # noqa: E402
from lms.standing import record_all_standings  # noqa: E402
from lms.web import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="SQLite file to use (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="reuse an already filled --db")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="restate-")
    path = Path(args.db or Path(folder) / "restate.db")
    if not args.keep:
        path.unlink(missing_ok=True)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "DEMO_ACCOUNTS": False})
    report: dict = {"learners": args.learners, "database": str(path)}
    with app.app_context():
        session = db.session()
        if not args.keep:
            started = time.perf_counter()
            summary = make_demo_data(session, args.learners, args.seed)
            db.commit()
            report["fill_seconds"] = round(time.perf_counter() - started, 1)
            report["attempts"] = summary["attempts"]
        rules = current_rules(session)
        # Fresh: no status stored yet, every met level is inserted.
        session.execute(delete(CriterionStatus))
        session.execute(update(User).values(criterion_level=None, criterion_points=0))
        db.commit()
        started = time.perf_counter()
        report["looked_at"] = record_all_standings(session, rules)
        db.commit()
        report["restate_fresh_seconds"] = round(time.perf_counter() - started, 1)
        # Again, all stored: evidence updated, dates kept (what a rules import does).
        started = time.perf_counter()
        record_all_standings(session, rules)
        db.commit()
        report["restate_stored_seconds"] = round(time.perf_counter() - started, 1)
        levels = session.execute(
            select(CriterionStatus.level, func.count()).group_by(CriterionStatus.level)
        ).all()
        report["levels"] = dict(levels)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
