"""The officers' citizens list and its exports at scale.

Fills a SQLite file with ``lms demo-data``'s bulk path (one province of N citizens) in a
child process, then, in a fresh process (so peak memory is the measuring's own), serves
requests through the real app as a province officer and as the officer of the biggest
commune: the list's first page, a filtered page, a search, and full CSV and XLSX exports
of the province. Prints one JSON object (milliseconds; seconds for exports; peak RSS).
Run: python bench/citizens.py --citizens 100000 [--db /tmp/citizens.db] [--keep]
Figures from a shared machine are inflated: compare runs on one machine only.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("LMS_SECRET_KEY", "bench")
os.environ.setdefault("LMS_DEMO_ACCOUNTS", "0")

from sqlalchemy import func, select  # noqa: E402

from lms.app import create_app  # noqa: E402
from lms.demo import make_demo_data  # noqa: E402
from lms.models import User  # noqa: E402
from lms.people.accounts import create_user  # noqa: E402
from lms.people.logins import open_login  # noqa: E402
from lms.web import db  # noqa: E402

PROVINCE = 48
RUNS = 15


def fill(path: Path, citizens: int) -> None:
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "DEMO_ACCOUNTS": False})
    with app.app_context():
        make_demo_data(db.session(), citizens, seed=1, province=PROVINCE)
        db.commit()


def client_as(app, username: str, scope: int):
    with app.app_context():
        session = db.session()
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            user = create_user(session, username=username, password="bench-password-1!",
                               role="officer", scope_code=scope)  # fmt: skip
        token = open_login(session, user)
        db.commit()
    client = app.test_client()
    with client.session_transaction() as stored:
        stored["_user_id"], stored["_fresh"], stored["seen"] = token, True, int(time.time())
    return client


def timed(client, url: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times.append((time.perf_counter() - started) * 1000)
    return times


def export_seconds(client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    size = sum(len(piece) for piece in response.response)
    response.close()
    assert response.status_code == 200, url
    return round(time.perf_counter() - started, 2), size


def measure(path: Path) -> dict:
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "DEMO_ACCOUNTS": False})
    with app.app_context():
        session = db.session()
        commune, citizens = session.execute(
            select(User.commune_code, func.count())
            .where(User.commune_code.is_not(None))
            .group_by(User.commune_code)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    province = client_as(app, "bench.tinh", PROVINCE)
    local = client_as(app, "bench.xa", commune)
    p50 = lambda times: round(statistics.median(times), 1)  # noqa: E731
    report = {
        "biggest_commune_citizens": citizens,
        "list_province_p50_ms": p50(timed(province, "/can-bo/nguoi-hoc")),
        "list_commune_p50_ms": p50(timed(local, "/can-bo/nguoi-hoc")),
        "list_filtered_p50_ms": p50(timed(local, "/can-bo/nguoi-hoc?muc=KNS-1&gioi=nu")),
        "search_p50_ms": p50(timed(province, "/can-bo/nguoi-hoc?q=nguyen+van")),
        "search_commune_p50_ms": p50(timed(local, "/can-bo/nguoi-hoc?q=nguyen+van")),
        "page_100_p50_ms": p50(timed(province, "/can-bo/nguoi-hoc?trang=100")),
    }
    report["csv_seconds"], report["csv_bytes"] = export_seconds(province, "/can-bo/nguoi-hoc.csv")
    report["xlsx_seconds"], report["xlsx_bytes"] = export_seconds(
        province, "/can-bo/nguoi-hoc.xlsx"
    )
    report["export_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--db", help="SQLite file to use (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="reuse an already filled --db")
    parser.add_argument("--fill-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = Path(args.db or Path(tempfile.mkdtemp(prefix="citizens-")) / "citizens.db")
    if args.fill_only:
        fill(path, args.citizens)
        return
    report: dict = {"citizens": args.citizens, "database": str(path)}
    if not args.keep:
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        command = [sys.executable, __file__, "--fill-only", "--db", str(path)]
        subprocess.run([*command, "--citizens", str(args.citizens)], check=True)
        report["fill_seconds"] = round(time.perf_counter() - started, 1)
    report.update(measure(path))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
