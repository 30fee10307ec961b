"""Two server processes, one login limit: the counts live in Redis, not in each process."""

import importlib
import os
import shutil
import subprocess
import time

import pytest

from bench._http import Browser, Server, free_port, serving

from .factories import database_url
from .paths import CURRICULUM

OWNER, RIGHT = "0912345678", "luavangdongque"


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway redis-server on 127.0.0.1 (Debian's package; .ci/run installs it)."""
    program = shutil.which("redis-server")
    if program is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: CI must install Debian's redis-server")
        pytest.skip("redis-server is not installed")
    redis = importlib.import_module("redis")  # in the test extra: missing is a failure
    port = free_port()
    process = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}"
    client.close()
    process.terminate()
    process.wait(timeout=10)


def guesses_across(first: Server, second: Server) -> list[int]:
    """Five wrong guesses at one account, alternating servers, then the right password."""
    statuses = []
    for n in range(5):
        guesser = Browser((first, second)[n % 2].url)  # a new device every time
        statuses.append(guesser.log_in(OWNER, f"doan-mo-{n}")[0])
    statuses.append(Browser(first.url).log_in(OWNER, RIGHT)[0])
    return statuses


@pytest.mark.parametrize("shared", [True, False], ids=["redis", "memory"])
def test_one_account_limit_across_two_server_processes(tmp_path, request, shared):
    env = {
        "LMS_SECRET_KEY": "shared-limit-secret",
        "LMS_INSTANCE_PATH": str(tmp_path / "instance"),
        "LMS_DATABASE_URL": database_url(tmp_path),
        "LMS_CONTENT_ROOT": str(CURRICULUM),
        "LMS_DEMO_ACCOUNTS": "0",
        "LMS_RATELIMIT_STORAGE_URI": (
            request.getfixturevalue("redis_url") if shared else "memory://"
        ),
    }
    with serving(env, workers=1, threads=2) as first:
        assert Browser(first.url).sign_up(OWNER, RIGHT)[0] == 302
        with serving(env, workers=1, threads=2) as second:
            statuses = guesses_across(first, second)
    assert statuses[:5] == [422] * 5
    # In Redis the five failures add up: the sixth try waits, on whichever server. In
    # each process's memory, each saw too few: that is why several processes need Redis.
    assert statuses[5] == (429 if shared else 302)
