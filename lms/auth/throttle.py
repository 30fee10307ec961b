"""Login throttling: slow password guessing down without letting anyone lock a citizen out.

The account and device rules count every password check *before* it runs, with one
atomic hit in Flask-Limiter's storage that also says whether the limit was reached:
testing the counters and recording the failure after the ~250 ms verification let 40
requests sent together for one account get 20 passwords checked. The right password
then clears that count again (the owner proved herself), so a success costs nothing.

The address rule is tested before and counted only on a failure, as a success there
cannot be given back without clearing the failures too: a class logging in on one
Wi-Fi must not fill it. Its overshoot is bounded by how many requests the server
verifies at once (its workers), not by the attacker, and every account still gets at
most its own limit of checks. The three rules, whose numbers live in the app config:

- per address, ``LOGIN_LIMIT_ADDRESS`` (20 a minute, 100 an hour): one machine trying
  many accounts (password spraying) is stopped, while a class of thirty on one village
  Wi-Fi making the odd typo stays far below it.
- per account, ``LOGIN_LIMIT_ACCOUNT`` (5 per 15 minutes), for clients that have never
  logged in to that account: guessing one account drops to about 20 tries an hour. It
  slows, it never locks: each failure leaves the window by itself after 15 minutes and
  nobody has to unlock anything.
- per device, ``LOGIN_LIMIT_DEVICE`` (10 per 15 minutes): a phone that has logged in to
  the account before carries a signed device cookie for it (OWASP's "device cookies").
  That phone skips the two rules above, so someone hammering the account, or sharing the
  address, cannot keep its owner out of her own phone; it has this counter instead.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass, field

from flask import Response, current_app, request
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse_many

from ..models import User
from ..people.accounts import split_login
from ..web.extensions import limiter

DEVICE_COOKIE = "thiet-bi"
DEVICE_MAX_AGE = 365 * 24 * 3600
#: A family often shares one phone: the cookie vouches for this many accounts at most.
DEVICE_ACCOUNTS = 5


@dataclass(frozen=True)
class Verdict:
    """Whether a password check may go ahead now, and what a failure will count against."""

    wait_seconds: int
    trusted_device: bool
    #: counted before verifying; cleared by the right password
    counters: tuple[tuple[RateLimitItem, str], ...] = field(default=(), repr=False)
    #: counted only when the password was wrong (the address rule)
    on_failure: tuple[tuple[RateLimitItem, str], ...] = field(default=(), repr=False)

    @property
    def allowed(self) -> bool:
        return self.wait_seconds == 0


def account_key(login: str) -> str:
    """The same key for every way of typing one login ('0912 345 678', '+84912345678').

    Hashed, so the counters' store (Redis, say) holds no phone numbers.
    """
    phone, username = split_login(login)
    plain = phone or username or login.strip().casefold()[:60]
    return hashlib.sha256(plain.encode()).hexdigest()[:24]


def check(login: str, user: User | None) -> Verdict:
    """Count one password check against the rules that apply; refuse if any is full.

    Counted before verifying, atomically: concurrent requests cannot all pass a test
    made before any of them was recorded.
    """
    config = current_app.config
    nonce = _device_nonce(user)
    if nonce is not None:
        device = [(item, f"device:{nonce}") for item in parse_many(config["LOGIN_LIMIT_DEVICE"])]
        return Verdict(_hit(device), True, tuple(device))
    address = [
        (item, f"address:{request.remote_addr}")
        for item in parse_many(config["LOGIN_LIMIT_ADDRESS"])
    ]
    key = f"account:{account_key(login)}"
    account = [(item, key) for item in parse_many(config["LOGIN_LIMIT_ACCOUNT"])]
    wait = _test(address) or _hit(account)
    return Verdict(wait, False, tuple(account), tuple(address))


def check_signup() -> Verdict:
    """Count one sign-up from this address (``SIGNUP_LIMIT_ADDRESS``): one machine
    cannot make accounts by the thousand, while a class signing up together can."""
    items = parse_many(current_app.config["SIGNUP_LIMIT_ADDRESS"])
    counters = [(item, f"signup:{request.remote_addr}") for item in items]
    return Verdict(_hit(counters), False, tuple(counters))


def _hit(counters) -> int:
    """Count on every counter, atomically; the seconds to wait if one was full, else 0."""
    wait = 0
    for item, key in counters:
        if not limiter.limiter.hit(item, "login", key):
            wait = max(wait, _wait(item, key))
    return wait


def _test(counters) -> int:
    """Look without counting; the seconds to wait if one is full, else 0."""
    wait = 0
    for item, key in counters:
        if not limiter.limiter.test(item, "login", key):
            wait = max(wait, _wait(item, key))
    return wait


def _wait(item: RateLimitItem, key: str) -> int:
    reset_at = limiter.limiter.get_window_stats(item, "login", key).reset_time
    return max(1, int(reset_at - time.time()) + 1)


def record_success(verdict: Verdict) -> None:
    """The right password: the account's (or device's) count starts afresh."""
    for item, key in verdict.counters:
        limiter.limiter.clear(item, "login", key)


def record_failure(verdict: Verdict) -> None:
    """A wrong password (or a sign-up told the number is taken): the address counts it."""
    for item, key in verdict.on_failure:
        limiter.limiter.hit(item, "login", key)


def wait_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Đã nhập sai mật khẩu nhiều lần. Để bảo vệ tài khoản, vui lòng đợi %(num)s phút rồi "
        "thử lại. Trên điện thoại bạn vẫn thường dùng để đăng nhập, bạn vẫn đăng nhập được ngay.",
        "Đã nhập sai mật khẩu nhiều lần. Để bảo vệ tài khoản, vui lòng đợi %(num)s phút rồi "
        "thử lại. Trên điện thoại bạn vẫn thường dùng để đăng nhập, bạn vẫn đăng nhập được ngay.",
        minutes,
    )


def busy_message(seconds: int) -> str:
    """Sign-up refused for a while: too many tries from this network."""
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Có quá nhiều lượt thử từ mạng bạn đang dùng. Vui lòng đợi %(num)s phút rồi thử lại.",
        "Có quá nhiều lượt thử từ mạng bạn đang dùng. Vui lòng đợi %(num)s phút rồi thử lại.",
        minutes,
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="lms-device")


def _devices() -> dict[str, list]:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return {}
    try:
        value = _serializer().loads(raw, max_age=DEVICE_MAX_AGE)
    except BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def _device_key(user: User) -> str:
    """The cookie names the account by a digest of its secret, not by its id: a new
    account never has it, and "log out everywhere" replaces it."""
    return hashlib.sha256(f"device:{user.session_token}".encode()).hexdigest()[:24]


def _device_nonce(user: User | None) -> str | None:
    """This device's id for the account, if it logged in to it since the last sign-out-all."""
    if user is None:
        return None
    entry = _devices().get(_device_key(user))
    return entry if isinstance(entry, str) and entry else None


def remember_device(response: Response, user: User) -> None:
    """After a successful login: vouch for this device for this account from now on."""
    devices = _devices()
    key = _device_key(user)
    entry = devices.pop(key, None)
    devices[key] = entry if isinstance(entry, str) and entry else secrets.token_urlsafe(12)
    devices = dict(list(devices.items())[-DEVICE_ACCOUNTS:])
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps(devices),
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
