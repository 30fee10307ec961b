"""Password rules a citizen can understand, and hashes an attacker cannot use."""

import pytest

from lms.auth.passwords import hash_password, needs_rehash, password_problem, verify_password


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
