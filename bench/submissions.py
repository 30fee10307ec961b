"""50 learners submit the same quiz at the same moment, each twice (a double tap).

Budget (design): no attempt lost and none doubled under 50 concurrent learners.
Prints JSON: attempts accepted, duplicates refused, lost, and submission latency.
Run: python bench/submissions.py [--learners 50]
"""

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from bench._server import running_app  # noqa: E402
from lms.models import Attempt  # noqa: E402
from lms.people.accounts import create_user  # noqa: E402
from lms.web import db  # noqa: E402

QUIZ = "lam-quen-dien-thoai"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    def token(self, path: str) -> str:
        return TOKEN.search(self.get(path)).group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=50)
    args = parser.parse_args()
    with running_app() as (app, base):
        with app.app_context():
            for n in range(args.learners):
                create_user(
                    db.session(),
                    username=f"hocvien{n:03d}",
                    password="mat-khau-bench",
                    role="learner",
                )
        browsers, urls = [], []
        for n in range(args.learners):
            browser = Browser(base)
            browser.post(
                "/dang-nhap",
                {
                    "csrf_token": browser.token("/dang-nhap"),
                    "username": f"hocvien{n:03d}",
                    "password": "mat-khau-bench",
                },
            )
            status, location = browser.post(
                f"/kiem-tra/{QUIZ}", {"csrf_token": browser.token(f"/kiem-tra/{QUIZ}")}
            )
            assert status == 302, status
            browsers.append(browser)
            urls.append(urllib.parse.urlsplit(location).path)
        tokens = [b.token(u) for b, u in zip(browsers, urls, strict=True)]
        barrier = threading.Barrier(args.learners * 2)
        results: list[tuple[int, float]] = []
        lock = threading.Lock()

        def tap(browser, url, token):
            barrier.wait()
            started = time.perf_counter()
            status, _ = browser.post(
                url, {"csrf_token": token, "nop-thieu": "1", "q-wifi-o-nha": "false"}
            )
            with lock:
                results.append((status, time.perf_counter() - started))

        threads = [
            threading.Thread(target=tap, args=(b, u, t))
            for b, u, t in zip(browsers, urls, tokens, strict=True)
            for _ in range(2)
        ]
        wall = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - wall
        with app.app_context():
            submitted = db.session().scalar(
                select(func.count(Attempt.id)).where(Attempt.submitted_at.is_not(None))
            )
        statuses = [s for s, _ in results]
        latencies = sorted(t for _, t in results)
        print(
            json.dumps(
                {
                    "learners": args.learners,
                    "requests": len(results),
                    "accepted": statuses.count(302),
                    "refused_as_duplicate": statuses.count(409),
                    "other_statuses": sorted(s for s in statuses if s not in (302, 409)),
                    "attempts_stored": submitted,
                    "lost": args.learners - submitted,
                    "doubled": max(0, statuses.count(302) - args.learners),
                    "wall_seconds": round(wall, 3),
                    "latency_ms_p50": round(statistics.median(latencies) * 1000, 1),
                    "latency_ms_p95": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
