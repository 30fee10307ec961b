"""Named permission checks and the one officer scoping function."""

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from lms.models import Attempt, RoleGrant, User
from lms.web.permissions import (
    InOfficerScope,
    IsAdmin,
    IsAuthenticated,
    IsLearner,
    IsOfficer,
    IsOfficerOf,
    OwnsAttempt,
    citizen_for_officer,
    officer_scope,
)

from .factories import HASH, make_user


@pytest.fixture
def town(session):
    """Two learners in Đà Nẵng (two communes), one in Hà Nội, and officers around them."""
    return {
        "hoa": make_user(session, "Hoa", commune=20791, province=48),  # Xã Thăng Bình
        "ba": make_user(session, "Ba", commune=20275, province=48),  # Phường An Hải
        "lan": make_user(session, "Lan", commune=70, province=1),  # Phường Hoàn Kiếm
        "xa": make_user(session, "Can bo xa", roles=(("learner", None), ("officer", 20791))),
        "xa khac": make_user(session, "Can bo xa khac", roles=(("officer", 20275),)),
        "tinh": make_user(session, "Can bo tinh", roles=(("officer", 48),)),
        "hai noi": make_user(
            session, "Can bo hai noi", roles=(("officer", 20791), ("officer", 70))
        ),
        "admin": make_user(session, "Quan tri", roles=(("learner", None), ("admin", None))),
    }


def seen_by(session, officer) -> set[str]:
    return set(session.scalars(select(User.display_name).where(officer_scope(officer))))


def test_officer_scope_is_the_officers_commune_or_province(session, town):
    assert seen_by(session, town["xa"]) == {"Hoa"}
    assert seen_by(session, town["xa khac"]) == {"Ba"}
    assert seen_by(session, town["tinh"]) == {"Hoa", "Ba"}
    assert seen_by(session, town["hai noi"]) == {"Hoa", "Lan"}
    assert seen_by(session, town["admin"]) == set()  # admins are not officers
    assert seen_by(session, town["hoa"]) == set()


def test_outside_the_scope_a_citizen_is_404(session, town):
    assert citizen_for_officer(session, town["tinh"], town["hoa"].id) is town["hoa"]
    with pytest.raises(NotFound):
        citizen_for_officer(session, town["xa khac"], town["hoa"].id)
    with pytest.raises(NotFound):
        citizen_for_officer(session, town["xa"], 10_000)


def test_requirements_compose(session, town):
    hoa, admin, xa, tinh = town["hoa"], town["admin"], town["xa"], town["tinh"]
    assert IsLearner(hoa) and not IsAdmin(hoa) and IsAdmin(admin)
    assert (IsLearner & ~IsAdmin)(hoa) and not (IsLearner & ~IsAdmin)(admin)
    assert (IsOfficer | IsAdmin)(admin) and (IsOfficer | IsAdmin)(xa)
    assert not IsAuthenticated()(None)
    assert IsOfficerOf(20791, "commune")(xa) and IsOfficerOf(20791, "commune")(tinh)
    assert not IsOfficerOf(20791, "commune")(town["xa khac"])
    assert not IsOfficerOf(48, "province")(xa)
    assert InOfficerScope()(tinh, citizen=hoa)
    assert not InOfficerScope()(town["xa khac"], citizen=hoa)


def test_an_attempt_belongs_to_its_learner_only(session, town):
    attempt = Attempt(user_id=town["hoa"].id, quiz_revision_id=1, seed=1)
    assert OwnsAttempt()(town["hoa"], attempt=attempt)
    assert not OwnsAttempt()(town["ba"], attempt=attempt)
    assert not OwnsAttempt()(town["admin"], attempt=attempt)
    orphan = Attempt(user_id=None, quiz_revision_id=1, seed=1)  # of a deleted account
    assert not OwnsAttempt()(town["hoa"], attempt=orphan)


def test_a_code_that_is_both_a_province_and_a_commune_is_checked_by_its_kind(session):
    """4 is Cao Bằng (a province) and Phường Ba Đình (a commune of Hà Nội)."""
    cao_bang = make_user(session, "Can bo Cao Bang", roles=(("officer", 4),))  # province first
    ba_dinh = User(username="canbobadinh", password_hash=HASH, display_name="Can bo Ba Dinh")
    ba_dinh.roles.append(RoleGrant(role="officer", scope_code=4, scope_kind="commune"))
    session.add(ba_dinh)
    session.commit()
    assert IsOfficerOf(4, "province")(cao_bang) and not IsOfficerOf(4, "commune")(cao_bang)
    assert IsOfficerOf(4, "commune")(ba_dinh) and not IsOfficerOf(4, "province")(ba_dinh)
    with pytest.raises(ValueError):
        IsOfficerOf(4, "tinh")
