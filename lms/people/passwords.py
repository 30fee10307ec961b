"""Password hashing (argon2id) and the password rules a citizen can understand."""

import os
import threading
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from werkzeug.exceptions import ServiceUnavailable

T = TypeVar("T")
MIN_LENGTH = 8
MAX_LENGTH = 128
#: OWASP's argon2id setting for small servers (19 MiB, 2 passes, 1 lane): about 30 ms
#: of one core and 19 MiB per hash. argon2-cffi's default (RFC 9106: 64 MiB, 3 passes,
#: 4 lanes) costs 64 MiB each, so a class signing in together could exhaust a 1 GB
#: machine. Hashes made with other parameters still verify and are re-hashed on login.
PRODUCTION = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}
#: For the test suite only (LMS_PASSWORD_HASH=fast): hashing becomes almost free, so
#: hundreds of sign-ups run in seconds. Production refuses to start with it (lms.config).
FAST_FOR_TESTS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
_hasher = PasswordHasher(
    **(FAST_FOR_TESTS if os.environ.get("LMS_PASSWORD_HASH") == "fast" else PRODUCTION)
)


class HashingBusy(ServiceUnavailable):
    """Every hashing slot stayed taken for the whole wait: a 503 the person can retry.

    Raised rather than queueing forever, so a crowd signing in cannot hold every thread
    of a server process and starve the lesson pages.
    """

    description = "password hashing is saturated"


#: How much lower the hashing threads' CPU priority is than the pages' (Linux nice).
#: When every core is busy, the scheduler gives a nice +10 thread about a tenth of a
#: normal one's share: lesson pages go first and a sign-in, which waits anyway, takes a
#: little longer; on an idle machine a hash runs at full speed. bench/load.py could not
#: show the gain beyond its machine's noise (docs/deploy.md, round 5).
HASHING_NICENESS = 10


class _Slots:
    """A per-process bound on concurrent hashes (memory and cores), set by configure(),
    and the threads the hashes run on."""

    def __init__(self, size: int, wait: float) -> None:
        self.size, self.wait = size, wait
        self.semaphore = threading.BoundedSemaphore(size)
        self.lock = threading.Lock()
        self.running = 0
        self.peak = 0  # the most hashes ever seen running at once (tests, /healthz)
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0

    def pool(self) -> ThreadPoolExecutor:
        """This process's hashing threads, started on first use: threads do not survive
        gunicorn's fork, so a worker starts its own."""
        with self.lock:
            if self._pool is None or self._pid != os.getpid():
                self._pool = ThreadPoolExecutor(
                    self.size, thread_name_prefix="hashing", initializer=_lower_priority
                )
                self._pid = os.getpid()
            return self._pool

    def close(self) -> None:
        if self._pool is not None and self._pid == os.getpid():
            self._pool.shutdown(wait=False)


def _lower_priority() -> None:
    """Runs once on each hashing thread. Linux keeps a nice value per thread, and raising
    one's own needs no privilege; elsewhere hashing keeps the normal priority."""
    try:
        thread = threading.get_native_id()
        now = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, now + HASHING_NICENESS))
    except (AttributeError, OSError):
        pass


_slots = _Slots(1, 10.0)


def configure(size: int, wait: float) -> None:
    """Size the bound: ``size`` hashes at once in this process, waiting up to ``wait`` s.

    Called by the app factory from LMS_HASH_CONCURRENCY / LMS_HASH_WAIT_SECONDS. The bound
    is per process because the memory is: N workers use at most N x size x 19 MiB.
    """
    global _slots
    if size < 1:
        raise ValueError("at least one hash must be allowed to run")
    if (size, wait) != (_slots.size, _slots.wait):
        _slots.close()
        _slots = _Slots(size, wait)


def hashing_stats() -> dict[str, int]:
    return {"size": _slots.size, "running": _slots.running, "peak": _slots.peak}


@contextmanager
def hashing_slot() -> Iterator[None]:
    """Hold one of this process's hashing slots, or raise HashingBusy after the wait."""
    slots = _slots
    if not slots.semaphore.acquire(timeout=slots.wait):
        raise HashingBusy()
    try:
        with slots.lock:
            slots.running += 1
            slots.peak = max(slots.peak, slots.running)
        yield
    finally:
        with slots.lock:
            slots.running -= 1
        slots.semaphore.release()


def on_hashing_thread(work: Callable[..., T], *args) -> T:
    """Run ``work`` on one of the process's low-priority hashing threads and wait for it.
    The caller holds a hashing slot, so a thread is free: nothing queues here."""
    return _slots.pool().submit(work, *args).result()


def hash_password(password: str) -> str:
    with hashing_slot():
        return on_hashing_thread(_hasher.hash, password)


def verify_password(stored: str, password: str) -> bool:
    try:
        with hashing_slot():
            return on_hashing_thread(_hasher.verify, stored, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_unknown(password: str) -> bool:
    """For a login that names no account: spend the time a real check spends, so the
    answer's timing does not tell which phone numbers have accounts. Always False."""
    verify_password(_dummy_hash(_hasher), password)
    return False


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash(os.urandom(16).hex())


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, *context: str | None) -> str | None:
    """Why this password is not allowed (in the reader's language), or None if it is fine.

    ``context`` holds what an attacker would try first for this person: their phone
    number, username and name.
    """
    if len(password) < MIN_LENGTH:
        return _("Mật khẩu cần ít nhất %(num)s ký tự.", num=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Mật khẩu dài tối đa %(num)s ký tự.", num=MAX_LENGTH)
    folded = password.casefold()
    if folded in common_passwords() or len(set(folded)) <= 2:
        return _("Mật khẩu này quá phổ biến, kẻ gian đoán được ngay. Hãy chọn mật khẩu khác.")
    squashed = _plain(password)
    for value in context:
        if value and len(value) >= 4:
            value = _plain(value)
            if value in squashed or (len(squashed) >= 4 and squashed in value):
                return _("Mật khẩu không được chứa số điện thoại, tên đăng nhập hoặc tên của bạn.")
    return None


def _plain(text: str) -> str:
    """'Bà Hoa' and 'bahoa' are the same guess: no case, spaces, punctuation or tone marks."""
    folded = text.casefold().replace("đ", "d")
    bare = unicodedata.normalize("NFD", folded)
    return "".join(c for c in bare if c.isalnum() and not unicodedata.combining(c))
