"""A class of the largest size a CSV may hold: preview, import, progress table, cards.

Fills a fresh SQLite file with one trainer and one class, then times the CSV preview
(read + plan), the import (one savepoint), the progress table (a fixed number of
queries) and printing login cards for the members without a phone (one argon2 hash
each, production parameters unless LMS_PASSWORD_HASH=fast). Prints one JSON object.
Run: python bench/class_import.py [--rows 500] [--db /tmp/class.db]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("LMS_SECRET_KEY", "bench")
os.environ.setdefault("LMS_DEMO_ACCOUNTS", "0")

from lms import classes  # noqa: E402
from lms.app import create_app  # noqa: E402
from lms.classes import cards, importing  # noqa: E402
from lms.classes.progress import class_progress  # noqa: E402
from lms.classes.roster import MAX_ROWS, read_roster  # noqa: E402
from lms.people.accounts import create_user  # noqa: E402
from lms.web import db  # noqa: E402


def class_list(rows: int) -> bytes:
    lines = ["họ tên;số điện thoại;năm sinh;giới tính;thôn"]
    for n in range(rows):
        phone = f"09{n:08d}" if n % 2 else ""
        lines.append(f"Nguyễn Thị Học Viên Số {n};{phone};{1940 + n % 50};Nữ;Thôn {n % 9}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def timed(report: dict, key: str, fn):
    started = time.perf_counter()
    result = fn()
    report[key] = round(time.perf_counter() - started, 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=MAX_ROWS)
    parser.add_argument("--db", help="SQLite file to use (default: a temporary one)")
    args = parser.parse_args()
    path = Path(args.db or Path(tempfile.mkdtemp(prefix="class-")) / "class.db")
    path.unlink(missing_ok=True)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "DEMO_ACCOUNTS": False})
    data = class_list(args.rows)
    report: dict = {"rows": args.rows, "csv_bytes": len(data), "database": str(path)}
    with app.app_context():
        session = db.session()
        trainer = create_user(session, username="giangvien", password="x" * 12, role="trainer")
        details = classes.ClassDetails("Lớp", "Nhà văn hoá", date(2026, 11, 2), None, 48, 20791)
        klass = classes.open_class(session, trainer, details)
        db.commit()
        roster = read_roster(data, this_year=date.today().year)
        plan = timed(report, "preview_seconds", lambda: importing.plan(session, klass, roster))
        assert plan.ok, plan.problems[:3]
        timed(report, "import_seconds", lambda: importing.apply(session, klass, plan, trainer))
        db.commit()
        progress = timed(report, "progress_seconds", lambda: class_progress(session, klass))
        report["members"] = len(progress.rows)
        holders = {u.id for u in cards.card_holders(session, klass)}
        issued = timed(
            report, "cards_seconds", lambda: cards.issue_cards(session, klass, trainer, holders)
        )
        report["cards"] = len(issued)
        db.commit()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
