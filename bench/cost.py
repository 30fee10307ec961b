"""CPU milliseconds per page kind, in-process: the figure a busy shared machine cannot blur.

The learner's way of bench/load.py (sign up, catalogue, lesson, quiz, start, answer sheet,
submit, result), run one request at a time through the WSGI interface of the real app on
a temporary SQLite file, with the real argon2id hashing. Each request's cost is
``time.process_time()`` around it: CPU of this process only, so other people's work on
the machine does not count, and nothing runs in parallel to be mixed in. Also reports the
catalogue against a (cached) lesson page, the budget being 2x.

``--profile KIND`` prints cProfile's top functions for one page kind instead.
Prints one JSON object. Run: python bench/cost.py [--learners 30] [--loops 3]
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("LMS_SECRET_KEY", "bench-secret")
os.environ["LMS_PASSWORD_HASH"] = ""  # the real argon2id, as in production

from lms.app import create_app  # noqa: E402
from lms.config import ROOT  # noqa: E402
from lms.web import db  # noqa: E402

QUIZ = "lam-quen-dien-thoai"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
LESSON = re.compile(r'href="(/bai/[^"/]+/[^"/]+)"')
CHOICE = re.compile(r'name="(q-[^"]+)" value="([^"]*)"')
SIGNUP = {
    "province": "48",
    "password": "lua-vang-dong-que",
    "password_again": "lua-vang-dong-que",
    "display_name": "Học viên thử tải",
    "birth_year": "1960",
    "gender": "nu",
    "target_group": "nong-dan",
    "commune": "20791",
    "village": "Thôn Bình Hoà",
    "consent": "y",
}


class Meter:
    def __init__(self, profile: str | None) -> None:
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.profile = profile
        self.profiler = cProfile.Profile() if profile else None

    def __call__(self, kind: str, call, *args, expect=(200,), **kwargs):
        profiling = self.profiler is not None and kind == self.profile
        if profiling:
            self.profiler.enable()
        started = time.process_time()
        response = call(*args, **kwargs)
        self.cpu[kind].append(time.process_time() - started)
        if profiling:
            self.profiler.disable()
        if response.status_code not in expect:
            raise RuntimeError(f"{kind}: {response.status_code}")
        return response


def token(html: str) -> str:
    return CSRF.search(html).group(1)


def learner(app, n: int, loops: int, meter: Meter) -> None:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.0.{n >> 8 & 255}.{n & 255}"
    page = meter("signup page", client.get, "/dang-ky?tinh=48").get_data(as_text=True)
    data = {**SIGNUP, "login": f"09{n:08d}", "csrf_token": token(page)}
    meter("signup", client.post, "/dang-ky?tinh=48", data=data, expect=(302,))
    for _ in range(loops):
        html = meter("catalogue", client.get, "/").get_data(as_text=True)
        meter("lesson", client.get, (lessons := LESSON.findall(html))[n % min(12, len(lessons))])
        html = meter("quiz", client.get, f"/kiem-tra/{QUIZ}").get_data(as_text=True)
        form = {"csrf_token": token(html)}
        started = meter("start", client.post, f"/kiem-tra/{QUIZ}", data=form, expect=(302,))
        sheet = started.headers["Location"]
        html = meter("sheet", client.get, sheet).get_data(as_text=True)
        answers = {}
        for name, value in CHOICE.findall(html):
            answers.setdefault(name, value)
        answers.update({"nop-thieu": "1", "csrf_token": token(html)})
        done = meter("submit", client.post, sheet, data=answers, expect=(302,))
        meter("result", client.get, done.headers["Location"])
    # A second visit, on another phone: the sign-in page, then the password check.
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.1.{n >> 8 & 255}.{n & 255}"
    html = meter("login page", client.get, "/dang-nhap").get_data(as_text=True)
    form = {"username": f"09{n:08d}", "password": SIGNUP["password"], "csrf_token": token(html)}
    meter("login", client.post, "/dang-nhap", data=form, expect=(302,))


def summary(values: list[float]) -> dict:
    return {
        "count": len(values),
        "cpu_mean_ms": round(statistics.fmean(values) * 1000, 2),
        "cpu_p50_ms": round(statistics.median(values) * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--loops", type=int, default=3, help="quiz rounds per learner")
    parser.add_argument("--profile", help="a page kind to profile (e.g. catalogue)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'cost.db'}",
                "CONTENT_ROOT": ROOT,
                "DEMO_ACCOUNTS": False,
                "QUIZ_RETRY_WAIT_MINUTES": 0,
            }
        )
        meter = Meter(args.profile)
        warm = Meter(None)
        learner(app, 10_000, 1, warm)  # compile templates, fill caches, open connections
        for n in range(args.learners):
            learner(app, n, args.loops, meter)
        db.engine(app).dispose()
    if meter.profiler is not None:
        out = io.StringIO()
        order = os.environ.get("SORT", "cumulative")  # or tottime
        stats = pstats.Stats(meter.profiler, stream=out).sort_stats(order)
        stats.print_stats(45)
        print(out.getvalue())
        return
    pages = {kind: summary(values) for kind, values in sorted(meter.cpu.items())}
    ratio = pages["catalogue"]["cpu_p50_ms"] / pages["lesson"]["cpu_p50_ms"]
    print(
        json.dumps(
            {
                "learners": args.learners,
                "loops": args.loops,
                "pages": pages,
                "catalogue_x_lesson": round(ratio, 2),
                "catalogue_within_2x_lesson": ratio <= 2.0,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
