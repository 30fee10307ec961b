"""Officers at scale: the dashboard, the citizens list and search, and the exports.

Fills a fresh SQLite file with ``lms demo-data`` (one province of N citizens), makes a
province officer (48) and an officer of the province's biggest commune with
``lms users create``, starts ``lms serve`` (one worker, so its memory is the export's),
and measures over real HTTP:

- the dashboard of the province and of that commune (``/can-bo/``, ``/can-bo/?xa=C``):
  ``dashboard_p50_ms``/``dashboard_p95_ms`` are the province's (the budget's case), the
  commune's are printed beside them;
- a filtered list page and a search (``/can-bo/nguoi-hoc?…``), and a full CSV and XLSX
  export (``/can-bo/nguoi-hoc.csv``/``.xlsx``, read to the end) with the worker's peak
  RSS — each printed as null while that route does not answer 200.

Prints ONE JSON object. Run: python bench/office.py --citizens 100000 [--db F --keep]
Timing on a shared machine is inflated: compare figures from the same machine only.
"""

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._http import Browser, serving  # noqa: E402

PASSWORD = "giu-bi-mat-cong-viec"  # noqa: S105 - a throwaway bench database


def _lms(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "lms", *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"lms {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _timed(browser: Browser, path: str, times: int) -> dict | None:
    """p50 and p95 in ms of ``times`` GETs after one warm-up; None unless all are 200."""
    status, _body, _headers = browser.get(path)
    if status != 200:
        return None
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        status, _body, _headers = browser.get(path)
        spent.append((time.perf_counter() - started) * 1000)
        if status != 200:
            return None
    spent.sort()
    return {
        "p50": round(statistics.median(spent), 1),
        "p95": round(spent[min(len(spent) - 1, int(len(spent) * 0.95))], 1),
    }


def _download(browser: Browser, path: str) -> float | None:
    """Seconds to read a whole export, streamed in chunks; None unless it answers 200."""
    request = urllib.request.Request(browser.base + path, headers=browser.headers)
    started = time.perf_counter()
    try:
        with browser.opener.open(request, timeout=3600) as response:
            if response.status != 200:
                return None
            while response.read(1 << 16):
                pass
    except urllib.error.HTTPError:
        return None
    return round(time.perf_counter() - started, 2)


def _peak_rss_mb(master_pid: int) -> float | None:
    """The largest peak resident memory (VmHWM) among the server's worker processes."""
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return round(max(peaks), 1) if peaks else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=30, help="timed GETs per page")
    parser.add_argument("--db", help="SQLite file to use (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="reuse an already filled --db")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="office-"))
    path = Path(args.db or folder / "office.db")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LMS_DATABASE_URL": f"sqlite:///{path}",
        "LMS_INSTANCE_PATH": str(folder),
        "LMS_ENV": "development",
        "LMS_SECRET_KEY": os.environ.get("LMS_SECRET_KEY", "bench-office-" + "k" * 40),
        "LMS_DEMO_ACCOUNTS": "0",
    }
    report: dict = {"citizens": args.citizens, "database": str(path)}
    if not (args.keep and path.exists()):
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        _lms(env, "demo-data", "--citizens", str(args.citizens), "--seed", str(args.seed))
        report["fill_seconds"] = round(time.perf_counter() - started, 1)
    with sqlite3.connect(path) as connection:
        commune = connection.execute(
            "SELECT commune_code, count(*) FROM users WHERE commune_code IS NOT NULL "
            "GROUP BY commune_code ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
        have = {row[0] for row in connection.execute("SELECT username FROM users")}
    report["commune"], report["commune_citizens"] = commune
    for username, scope in (("bench.tinh", "48"), ("bench.xa", str(commune[0]))):
        if username not in have:
            account = ("--username", username, "--password", PASSWORD)
            _lms(env, "users", "create", "--role", "officer", "--scope", scope, *account)
    with serving(env, workers=1, threads=4) as server:
        province, town = Browser(server.url, timeout=3600), Browser(server.url, timeout=3600)
        province.log_in("bench.tinh", PASSWORD)
        town.log_in("bench.xa", PASSWORD)
        whole = _timed(province, "/can-bo/", args.requests)
        one = _timed(town, "/can-bo/", args.requests)
        report["dashboard_p50_ms"] = whole and whole["p50"]
        report["dashboard_p95_ms"] = whole and whole["p95"]
        report["dashboard_commune_p50_ms"] = one and one["p50"]
        report["dashboard_commune_p95_ms"] = one and one["p95"]
        listed = _timed(province, f"/can-bo/nguoi-hoc?xa={commune[0]}&muc=KNS-1", args.requests)
        found = _timed(province, "/can-bo/nguoi-hoc?q=nguyen+van", args.requests)
        report["list_p50_ms"] = listed and listed["p50"]
        report["search_p50_ms"] = found and found["p50"]
        report["csv_seconds"] = _download(province, "/can-bo/nguoi-hoc.csv")
        report["xlsx_seconds"] = _download(province, "/can-bo/nguoi-hoc.xlsx")
        exported = report["csv_seconds"] is not None or report["xlsx_seconds"] is not None
        report["export_peak_rss_mb"] = _peak_rss_mb(server.process.pid) if exported else None
    print(json.dumps(report))


if __name__ == "__main__":
    main()
