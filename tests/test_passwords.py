"""Password rules a citizen can understand, and hashes an attacker cannot use."""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from lms.config import ConfigError, from_environment
from lms.models import User
from lms.people import passwords
from lms.people.passwords import hash_password, needs_rehash, password_problem, verify_password
from lms.web import db

from .factories import GOOD_KEY


@pytest.mark.parametrize(
    ("password", "context", "fragment"),
    [
        ("1234567", (), "ít nhất 8 ký tự"),
        ("123456789", (), "quá phổ biến"),
        ("MatKhau123", (), "quá phổ biến"),
        ("aaaaaaaaaa", (), "quá phổ biến"),
        ("0912345678", ("0912345678",), "không được chứa"),
        ("bahoa19601960", ("0912345678", "Bà Hoa", "bahoa1960"), "không được chứa"),
        ("x" * 129, (), "tối đa 128"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, context, fragment):
    problem = password_problem(password, *context)
    assert problem is not None and fragment in problem


@pytest.mark.parametrize("password", ["luavangdongque", "Trau cay ruong 1960!", "mùa gặt 2026"])
def test_reasonable_passwords_pass(password):
    assert password_problem(password, "0912345678", "Bà Hoa") is None


def test_hash_is_argon2id_and_verifies():
    stored = hash_password("luavangdongque")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "luavangdongque")
    assert not verify_password(stored, "luavangdongquE")
    assert not verify_password("not-a-hash", "x")
    assert not needs_rehash(stored)


def test_the_real_hasher_uses_owasp_small_server_parameters_and_production_refuses_fast(tmp_path):
    """The suite hashes cheaply (LMS_PASSWORD_HASH=fast); the site never does."""
    import subprocess
    import sys

    code = "from lms.people.passwords import hash_password; print(hash_password('x')[:31])"
    env = {k: v for k, v in os.environ.items() if k != "LMS_PASSWORD_HASH"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    with pytest.raises(ConfigError, match="tests only"):
        from_environment(
            tmp_path,
            {
                "LMS_ENV": "production",
                "LMS_SECRET_KEY": GOOD_KEY,
                "LMS_PUBLIC_URL": "https://hocso.example.vn",
                "LMS_PASSWORD_HASH": "fast",
            },
        )


def test_an_old_64_mib_hash_is_replaced_at_the_next_login(learner, session):
    """Accounts made before the change keep working and move to today's parameters."""
    user = session.scalar(select(User))
    user.password_hash = PasswordHasher().hash("luavangdongque")  # RFC 9106: 64 MiB
    db.commit()
    assert needs_rehash(user.password_hash)
    learner.log_out()
    assert learner.log_in().status_code == 302
    session.expire_all()
    stored = session.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and not needs_rehash(stored)
    assert verify_password(stored, "luavangdongque")


@pytest.fixture
def one_slot():
    """This process may run one hash at a time and waits a fifth of a second for it."""
    passwords.configure(1, 0.2)
    yield
    passwords.configure(1, 10)


def test_hashes_beyond_the_bound_wait_then_get_a_busy_page_not_a_crash(learner, one_slot):
    learner.log_out()
    with passwords.hashing_slot():  # a sign-in elsewhere is hashing right now
        response = learner.log_in()
        assert response.status_code == 503
        assert "Máy chủ đang bận" in response.get_data(as_text=True)
    assert learner.log_in().status_code == 302  # the slot came back: signing in works


def test_never_more_hashes_at_once_than_configured(one_slot):
    passwords.configure(2, 30)
    before = passwords.hashing_stats()["peak"]
    gate = threading.Barrier(8)

    def hash_one(n: int) -> bool:
        gate.wait()
        with passwords.hashing_slot():
            time.sleep(0.02)  # long enough that eight threads really overlap
        return verify_password(hash_password(f"mat-khau-{n}"), f"mat-khau-{n}")

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(hash_one, range(8)))
    stats = passwords.hashing_stats()
    assert stats["size"] == 2 and stats["running"] == 0
    assert before <= stats["peak"] == 2


def test_the_bound_comes_from_the_environment(tmp_path):
    env = {"LMS_HASH_CONCURRENCY": "3", "LMS_HASH_WAIT_SECONDS": "5"}
    settings = from_environment(tmp_path, env)
    assert (settings["HASH_CONCURRENCY"], settings["HASH_WAIT_SECONDS"]) == (3, 5)
    with pytest.raises(ConfigError, match="at least 1"):
        from_environment(tmp_path, {"LMS_HASH_CONCURRENCY": "0"})


def test_hashes_run_below_the_pages_cpu_priority(one_slot):
    """A crowd signing in must not slow every lesson page: hashes run on threads of their
    own at a lower priority (Linux keeps a nice value per thread)."""

    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    with passwords.hashing_slot():
        on_hashing_thread = passwords.on_hashing_thread(niceness)
    assert on_hashing_thread == min(19, niceness() + passwords.HASHING_NICENESS)
    assert niceness() == 0  # the request's own thread keeps the normal priority
    assert verify_password(hash_password("lua-vang-dong-que"), "lua-vang-dong-que")
