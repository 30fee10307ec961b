"""Password rules a citizen can understand, and hashes an attacker cannot use."""

import os

import pytest

from lms.config import ConfigError, from_environment
from lms.people.passwords import hash_password, needs_rehash, password_problem, verify_password

from .conftest import GOOD_KEY


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


def test_the_real_hasher_uses_rfc_9106_parameters_and_production_refuses_the_fast_one(tmp_path):
    """The suite hashes cheaply (LMS_PASSWORD_HASH=fast); the site never does."""
    import subprocess
    import sys

    code = "from lms.people.passwords import hash_password; print(hash_password('x')[:31])"
    env = {k: v for k, v in os.environ.items() if k != "LMS_PASSWORD_HASH"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
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
