"""N simulated learners against a real `lms serve` on 127.0.0.1, for a bounded time.

Each learner signs up (real argon2id hashing), then loops: catalogue -> lesson -> quiz
intro -> start -> answer sheet -> submit -> result, pausing a random think time (mean
--think seconds) on every page she reads (catalogue, lesson, quiz intro, answer sheet,
result), as a browser does: a form is sent from the page in hand, a redirect is followed
at once. A learner whose think time runs past the end leaves there. At the end every
attempt the server accepted (302) is looked for in the database: "lost" counts those
missing.

Prints one JSON object: requests/s, p50/p95/p99 overall, after the ramp (every learner
arrived and signed up) and per page kind, errors, lost attempts,
and the CPU the server processes and the simulated learners used per request (from
/proc and process_time): on a machine shared with other work the latencies are inflated
by everyone's load, the CPU per request much less so. The clients run on the same cores
as the server, so the latencies are conservative.

Run: python bench/load.py --learners 200 --think 10 --duration 120
     python bench/load.py --capacity --learners 50 --duration 60   # no think time
     python bench/load.py ... --database-url postgresql+psycopg://…  # an emptied database
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select  # noqa: E402

from bench._http import Browser, Server  # noqa: E402
from lms.models import Attempt  # noqa: E402

QUIZ = "lam-quen-dien-thoai"
LESSON = re.compile(r'href="(/bai/[^"/]+/[^"/]+)"')
CHOICE = re.compile(r'name="(q-[^"]+)" value="([^"]*)"')


class TimeUp(Exception):
    """The run's time is over: the learner leaves where she is."""


class Tally:
    """Latencies per page kind, errors and accepted attempts, shared by all learners."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.accepted: set[int] = set()
        self.http_requests = 0
        # Requests sent once every learner has arrived (and signed up): the steady state,
        # without the burst of 1,000 password hashes in the ramp.
        self.settled_at = float("inf")
        self.settled: list[float] = []
        self.client_cpu = 0.0  # CPU seconds of the processes that ran the learners

    def add(self, other: "Tally") -> None:
        """Take in the figures of learners run in another process."""
        for kind, times in other.times.items():
            self.times[kind].extend(times)
        for kind, count in other.errors.items():
            self.errors[kind] += count
        self.accepted |= other.accepted
        self.settled.extend(other.settled)
        self.http_requests += other.http_requests
        self.client_cpu += other.client_cpu

    def timed(self, kind: str, call, *args, expect=(200,)):
        start, sent = time.perf_counter(), time.time()
        try:
            status, body, headers = call(*args)
        except (OSError, http.client.HTTPException) as error:  # refused, cut off, timed out
            status, body, headers = 0, str(error), {}
        elapsed = time.perf_counter() - start
        with self.lock:
            self.times[kind].append(elapsed)
            if sent >= self.settled_at:
                self.settled.append(elapsed)
            if status not in expect:
                self.errors[f"{kind} {status}"] += 1
        return status, body, headers


def learner(n: int, base: str, think: float, stop: float, tally: Tally, ramp: float = 0.0) -> None:
    rng = random.Random(n)
    # Each learner is a phone of its own, as behind the real nginx: the sign-up limit per
    # address would otherwise refuse all but the first few from 127.0.0.1.
    browser = Browser(base, address=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}", timeout=60)

    def pause() -> None:
        # A learner whose think time runs past the end leaves there. Finishing the loop
        # without pauses instead sent every learner's remaining pages in the same second:
        # a burst of the whole crowd, which was most of the tail in earlier figures.
        if think:
            time.sleep(min(rng.expovariate(1 / think), max(0.0, stop - time.time())))
        if time.time() >= stop:
            raise TimeUp

    time.sleep(rng.uniform(0, ramp or think))  # learners arrive spread over the ramp
    phone = f"09{n:08d}"
    status, _, _ = tally.timed("signup", browser.sign_up, phone, "lua-vang-dong-que", expect=(302,))
    if status != 302:
        with tally.lock:
            tally.http_requests += browser.requests
        return
    try:
        loop(browser, rng, pause, tally)
    except TimeUp:
        pass
    with tally.lock:
        tally.http_requests += browser.requests


def loop(browser: Browser, rng: random.Random, pause, tally: Tally) -> None:
    """Catalogue -> lesson -> quiz -> start -> sheet -> submit -> result, until time is up."""
    while True:
        _, html, _ = tally.timed("catalogue", browser.get, "/")
        lessons = LESSON.findall(html)
        pause()
        if lessons:
            tally.timed("lesson", browser.get, rng.choice(lessons[:12]))
            pause()
        intro = f"/kiem-tra/{QUIZ}"
        _, html, _ = tally.timed("quiz", browser.get, intro)
        pause()  # reads what the quiz is about, then presses "start"
        status, _, headers = tally.timed("start", browser.send_form, html, intro, {}, expect=(302,))
        sheet = headers.get("Location", "")
        if status != 302 or "/lam-bai/" not in sheet:
            pause()
            continue
        _, html, _ = tally.timed("sheet", browser.get, sheet)
        answers = {}
        for name, value in CHOICE.findall(html):
            answers.setdefault(name, value)
        pause()  # answers the questions
        answers["nop-thieu"] = "1"
        status, _, headers = tally.timed(
            "submit", browser.send_form, html, sheet, answers, expect=(302,)
        )
        if status == 302:
            with tally.lock:
                tally.accepted.add(int(sheet.rstrip("/").rsplit("/", 1)[1]))
            tally.timed("result", browser.get, headers["Location"])
        pause()


def crowd(numbers: range, base: str, args, stop: float, settled_at: float) -> "Tally":
    """Some of the learners, a thread each, in one process. Several processes share the
    crowd (--processes) so that no single interpreter lock sits between the server's
    answers and the clock that times them."""
    tally = Tally()
    tally.settled_at = settled_at
    cpu = time.process_time()
    threads = [
        threading.Thread(target=learner, args=(n, base, args.think, stop, tally, args.ramp))
        for n in numbers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.client_cpu = time.process_time() - cpu
    tally.lock = None  # a lock cannot go back to the parent process; its work is done
    return tally


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"count": len(ordered), "p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def stored_attempts(url: str, accepted: set[int]) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            query = select(func.count(Attempt.id)).where(
                Attempt.id.in_(accepted), Attempt.submitted_at.is_not(None)
            )
            return connection.scalar(query) if accepted else 0
    finally:
        engine.dispose()


def server_cpu_seconds(group: int) -> float:
    """CPU used so far (user + system) by every live process of a process group: the
    gunicorn master and its workers (``lms serve`` runs in a session of its own)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) == group:  # fields start at state (3rd): pgrp is the 5th
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def run(args, folder: Path) -> dict:
    url = args.database_url or f"sqlite:///{folder / 'load.db'}"
    env = {
        "LMS_SECRET_KEY": "load-secret",
        "LMS_INSTANCE_PATH": str(folder),
        "LMS_DATABASE_URL": url,
        "LMS_DEMO_ACCOUNTS": "0",
        # Robot learners fail paper after paper; a real one would be asked to wait.
        "LMS_QUIZ_RETRY_WAIT_MINUTES": "0",
        "LMS_PASSWORD_HASH": "",  # the real argon2id: sign-ins cost what they cost
        "LMS_TRUSTED_PROXIES": "1",  # the learners' addresses come in X-Forwarded-For
    }
    server = Server(env, workers=args.workers, threads=args.threads).start()
    tally = Tally()
    try:
        server_cpu = server_cpu_seconds(server.process.pid)
        start = time.time()
        stop = start + args.duration
        tally.settled_at = start + args.ramp + 5  # the last arrivals' sign-ups answered
        shares = [
            (range(p, args.learners, args.processes), server.url, args, stop, tally.settled_at)
            for p in range(args.processes)
        ]
        if args.processes == 1:
            parts = [crowd(*shares[0])]
        else:
            with multiprocessing.get_context("fork").Pool(args.processes) as pool:
                parts = pool.starmap(crowd, shares)
        for part in parts:
            tally.add(part)
        elapsed = time.time() - start
        server_cpu = server_cpu_seconds(server.process.pid) - server_cpu
    finally:
        server.stop()
    client_cpu = tally.client_cpu
    total = sum(len(v) for v in tally.times.values())
    stored = stored_attempts(url, tally.accepted)
    return {
        "learners": args.learners,
        "think_s": args.think,
        "duration_s": round(elapsed, 1),
        "database": url.split(":", 1)[0],
        "workers": args.workers,
        "threads": args.threads,
        "client_processes": args.processes,
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        # Per HTTP request: "signup" is two (form, then post); the rest are one each.
        "http_requests": tally.http_requests,
        "server_cpu_ms_per_http_request": round(server_cpu / max(tally.http_requests, 1) * 1e3, 2),
        "client_cpu_ms_per_http_request": round(client_cpu / max(tally.http_requests, 1) * 1e3, 2),
        "server_cpu_cores_busy": round(server_cpu / elapsed, 2),
        "all": percentiles([t for v in tally.times.values() for t in v]),
        "after_ramp": percentiles(tally.settled) if tally.settled else None,
        "pages": {kind: percentiles(v) for kind, v in sorted(tally.times.items())},
        "errors": sum(tally.errors.values()),
        "errors_by_kind": dict(tally.errors),
        "attempts_accepted": len(tally.accepted),
        "attempts_lost": len(tally.accepted) - stored,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds between pages")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load")
    parser.add_argument(
        "--ramp", type=float, default=60.0, help="seconds over which learners arrive"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--processes", type=int, default=2, help="processes the simulated learners run in"
    )
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    parser.add_argument(
        "--capacity",
        action="store_true",
        help="no think time and arrivals within 5 s: how much the server serves flat out",
    )
    args = parser.parse_args()
    if args.capacity:
        args.think, args.ramp = 0.0, min(args.ramp, 5.0)
    threading.stack_size(512 * 1024)  # a thousand learners, each a thread
    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(run(args, Path(folder)), indent=2))


if __name__ == "__main__":
    main()
