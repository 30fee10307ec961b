"""Accounts: signing up, signing in, and the identity behind a session."""

import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import places
from ..database import end_read
from ..inputs import plain_text
from ..models import RoleGrant, User
from ..places import villages
from ..reports import tally
from . import consent
from .passwords import hash_password, needs_rehash, verify_password, verify_unknown

PHONE = re.compile(r"^0[35789][0-9]{8}$")  # [0-9], not \d: no lookalike digits
USERNAME = re.compile(r"^[a-z][a-z0-9_.]{2,29}$")

GENDERS = {"nu": "Nữ", "nam": "Nam", "khac": "Khác"}
TARGET_GROUPS = {
    "nong-dan": "Nông dân, lao động nông thôn",
    "cong-nhan": "Công nhân, lao động tự do",
    "can-bo": "Cán bộ, công chức, viên chức",
    "hoc-sinh": "Học sinh, sinh viên",
    "khac": "Khác",
}


def normalize_phone(text: str) -> str | None:
    """'+84 912 345 678', '0912.345.678' → '0912345678'; None if not a mobile number."""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if PHONE.match(digits) else None


def split_login(text: str) -> tuple[str | None, str | None]:
    """A login typed by a person → (phone, username); both None if it is neither."""
    text = text.strip()
    phone = normalize_phone(text)
    if phone:
        return phone, None
    username = text.casefold()
    return (None, username) if USERNAME.match(username) else (None, None)


@dataclass(frozen=True)
class Profile:
    """What a learner tells about themself: asked at sign-up, corrected later."""

    display_name: str
    birth_year: int
    gender: str
    target_group: str
    province_code: int
    commune_code: int
    village: str  # free text: a village not (yet) in the commune's list
    village_id: int | None = None


@dataclass(frozen=True)
class Signup:
    login: str
    password: str
    profile: Profile
    consent_version: str
    # Assisted sign-up at a class: who filled the form with the citizen present, and the
    # staff account that recorded it (lms.people.consent.record).
    helper_name: str | None = None
    recorded_by: User | None = None


class LoginTaken(ValueError):
    pass


def sign_up(db: Session, data: Signup) -> User:
    phone, username = split_login(data.login)
    if not (phone or username):
        raise ValueError("login is neither a phone number nor a username")
    end_read(db)  # hash holding no lock: other learners' writes go on meanwhile
    password_hash = hash_password(data.password)
    user = User(
        phone=phone,
        username=username,
        password_hash=password_hash,
        display_name=data.profile.display_name,
        birth_year=data.profile.birth_year,
        gender=data.profile.gender,
        target_group=data.profile.target_group,
        province_code=data.profile.province_code,
        commune_code=data.profile.commune_code,
    )
    user.village_id, user.village = villages.resolve(
        db, data.profile.commune_code, data.profile.village_id, data.profile.village
    )
    user.roles.append(RoleGrant(role="learner"))
    consent.record(
        user, data.consent_version, helper_name=data.helper_name, recorded_by=data.recorded_by
    )
    try:
        with db.begin_nested():  # a savepoint: only this insert is undone on a clash
            db.add(user)
    except IntegrityError:
        # Two sign-ups racing for the same phone: the second gets a clear message.
        raise LoginTaken(data.login) from None
    tally.count(db, user, +1)
    return user


def find_user(db: Session, login: str) -> User | None:
    phone, username = split_login(login)
    if not (phone or username):
        return None
    condition = User.phone == phone if phone else User.username == username
    return db.scalar(select(User).where(condition))


def authenticate(db: Session, login: str, password: str) -> User | None:
    user = find_user(db, login)
    return user if check_password(db, user, password) else None


def check_password(db: Session, user: User | None, password: str) -> bool:
    """Verify, and re-hash with today's parameters when the stored hash is older.

    No account (None) takes as long as a wrong password, and is False. The hashing runs
    between transactions (see :func:`lms.database.end_read`): the account is read first,
    the lock-free check follows, and only a re-hash writes, in a short transaction of its
    own that replaces the hash only if nobody changed the password in between.
    """
    if user is None:
        end_read(db)
        return verify_unknown(password)
    stored, user_id = user.password_hash, user.id
    end_read(db)
    if not verify_password(stored, password):
        return False
    if needs_rehash(stored):
        fresh = hash_password(password)
        db.execute(
            update(User)
            .where(User.id == user_id, User.password_hash == stored)
            .values(password_hash=fresh)
            .execution_options(synchronize_session=False)
        )
        db.expire(user, ["password_hash"])
    return True


def change_password(db: Session, user: User, new_password: str) -> None:
    """Set a new password; the caller ends the other sessions (lms.auth.sessions)."""
    set_password_hash(user, fresh_password_hash(db, new_password))


def fresh_password_hash(db: Session, password: str) -> str:
    """Hash a new password between transactions, holding no lock (lms.database.end_read);
    call it before the request writes anything."""
    end_read(db)
    return hash_password(password)


def set_password_hash(user: User, password_hash: str) -> None:
    """A password the learner chose ends a login card's one-time one (lms.classes.cards)."""
    user.password_hash = password_hash
    user.must_choose_password = False


def username_problem(username: str) -> str | None:
    """Why the login form could never find this username, or None: staff accounts obey
    the rule sign-in uses (3–30 of a-z, 0-9, '.', '_', starting with a letter)."""
    phone, normalized = split_login(username)
    if phone:
        return f"'{username}' reads as a phone number; staff sign in with a username"
    if normalized is None or normalized != username.strip():
        return (
            f"'{username}' cannot sign in: use 3 to 30 of a-z, 0-9, '.' and '_', "
            "starting with a letter (lower case)"
        )
    return None


def create_user(
    db: Session,
    *,
    username: str,
    password: str,
    role: str,
    scope_code: int | None = None,
    scope_kind: str | None = None,
    display_name: str | None = None,
) -> User:
    """Staff and demo accounts, made by the CLI: no personal profile needed.

    An officer's scope kind may be left out when the code can only be one thing.
    """
    login = username_problem(username)
    if login is not None:
        raise ValueError(login)
    name = plain_text(display_name or username, max_length=80)
    if name is None:
        raise ValueError("the name holds control or formatting characters, or is too long")
    if scope_code is not None and scope_kind is None:
        kinds = places.scope_kinds(scope_code)
        if len(kinds) != 1:
            raise ValueError(f"scope {scope_code} is {' and '.join(kinds) or 'unknown'}")
        scope_kind = kinds[0]
    user = User(
        username=split_login(username)[1],
        password_hash=hash_password(password),
        display_name=name,
    )
    user.roles.append(RoleGrant(role="learner"))
    if role != "learner":
        user.roles.append(RoleGrant(role=role, scope_code=scope_code, scope_kind=scope_kind))
    db.add(user)
    db.flush()
    return user
