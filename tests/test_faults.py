"""Faults: a server killed mid-load loses nothing it accepted, and starts clean."""

import threading
import time

from sqlalchemy import create_engine, func, select

from bench._http import Browser, Server
from bench.load import Tally, learner
from lms.config import ROOT
from lms.models import Attempt

from .conftest import database_url


def submitted(url: str, ids: set[int]) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            query = select(func.count(Attempt.id)).where(
                Attempt.id.in_(ids), Attempt.submitted_at.is_not(None)
            )
            return connection.scalar(query)
    finally:
        engine.dispose()


def test_sigkill_in_the_middle_of_the_load_loses_no_accepted_attempt(tmp_path):
    url = database_url(tmp_path)
    env = {
        "LMS_SECRET_KEY": "fault-secret",
        "LMS_INSTANCE_PATH": str(tmp_path / "instance"),
        "LMS_DATABASE_URL": url,
        "LMS_CONTENT_ROOT": str(ROOT),
        "LMS_DEMO_ACCOUNTS": "0",
    }
    server = Server(env, workers=2, threads=4).start()
    tally = Tally()
    stop = time.time() + 30  # a bound; the kill comes long before
    learners = [
        threading.Thread(target=learner, args=(n, server.url, 0.0, stop, tally), daemon=True)
        for n in range(8)
    ]
    try:
        for thread in learners:
            thread.start()
        deadline = time.monotonic() + 25
        while len(tally.accepted) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()  # master and workers at once, mid-request: a power cut
        with tally.lock:
            accepted = set(tally.accepted)
        assert len(accepted) >= 10
        for thread in learners:
            thread.join(timeout=40)

        server = Server(env, workers=2, threads=4, port=server.port).start()
        assert submitted(url, accepted) == len(accepted)
        # It starts clean: people sign in, start and hand in papers as before.
        after = Tally()
        learner(99, server.url, 0.0, time.time() + 3, after)
        assert after.accepted and not after.errors
    finally:
        server.stop()
