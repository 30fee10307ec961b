"""Password hashing (argon2id) and the password rules a citizen can understand."""

import os
import unicodedata
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _

MIN_LENGTH = 8
MAX_LENGTH = 128
# argon2-cffi's defaults follow RFC 9106's second recommendation (argon2id, 64 MiB,
# 3 passes), which is what OWASP currently asks for.
#: For the test suite only (LMS_PASSWORD_HASH=fast): hashing becomes almost free, so
#: hundreds of sign-ups run in seconds. Production refuses to start with it (lms.config).
FAST_FOR_TESTS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
_hasher = PasswordHasher(
    **(FAST_FOR_TESTS if os.environ.get("LMS_PASSWORD_HASH") == "fast" else {})
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
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
