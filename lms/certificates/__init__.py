"""Certificates (giấy chứng nhận) of a criterion level: issuing, codes, and whether one
still holds. No Flask here; the PDF is built in :mod:`lms.certificates.pdf`.

A citizen who met a level asks for its certificate once; asking again returns the same
one (one per citizen and level). Its code is printed on it and linked from its QR code:
anyone can check it at ``/xac-minh/<code>``, which shows only initials, commune, level and
date, and whether it still holds. It no longer holds when the account was deleted, the
level was lost (a rule change), or an officer revoked the latest confirmation of it.
"""

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import criteria, places
from ..models import Certificate, Confirmation, CriterionStatus, User

#: Digits and capitals a person copies without doubt: no 0/O, 1/I/L, or U (read as V).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_LENGTH = 5, 4
PREFIX = "HS"
#: log2(30) × 20 ≈ 98 bits: nobody finds a certificate by guessing codes.
CODE_BITS = 98
_NOT_IN_CODE = re.compile(f"[^{ALPHABET}]")

#: Vietnam keeps one offset all year: dates are printed as people there read them.
VIETNAM = timezone(timedelta(hours=7))

#: Why a certificate no longer holds.
DELETED, LEVEL_LOST, REVOKED = "deleted", "level_lost", "revoked"


def new_code() -> str:
    """'HS-7K3Q-M9XD-2PWA-C4TN-8HJR': 20 random characters from ALPHABET, in groups."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    groups = [chars[i : i + GROUP_LENGTH] for i in range(0, len(chars), GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])


def normalize_code(text: str | None) -> str | None:
    """A code as typed or scanned ('hs 7k3q m9xd …') in its printed form, or None."""
    if not text or len(text) > 60:
        return None
    raw = text.upper().replace(" ", "").replace("-", "")
    chars = raw[len(PREFIX) :]
    if not raw.startswith(PREFIX) or len(chars) != GROUPS * GROUP_LENGTH:
        return None
    if _NOT_IN_CODE.search(chars):
        return None
    groups = [chars[i : i + GROUP_LENGTH] for i in range(0, len(chars), GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])


def initials(name: str) -> str:
    """'Nguyễn Văn An' → 'N. V. A.': what the public page shows instead of the name."""
    letters = []
    for word in name.split():
        first = next((c for c in word if c.isalpha()), None)
        if first:
            base = unicodedata.normalize("NFD", first)[0]
            letters.append(("Đ" if first in "đĐ" else base).upper() + ".")
    return " ".join(letters)


def local_date(value: datetime) -> str:
    """A stored (naive UTC) time as the day it was in Vietnam: '03/05/2026'."""
    return value.replace(tzinfo=UTC).astimezone(VIETNAM).strftime("%d/%m/%Y")


def met_level(db: Session, user: User, level: str) -> CriterionStatus | None:
    return db.get(CriterionStatus, (user.id, level))


def issue(db: Session, user: User, level: str) -> Certificate | None:
    """The citizen's certificate of this level, made on first asking; None if not met.

    Asking again keeps the code and brings the rest up to date (commune, points, the date
    the level was met): a certificate always says what is true today.
    """
    status = met_level(db, user, level)
    if status is None:
        return None
    found = certificate_of(db, user, level)
    if found is None:
        found = Certificate(code=new_code(), user_id=user.id, level=level, met_at=status.met_at)
        try:
            with db.begin_nested():  # two clicks at once: the second finds the first's
                db.add(found)
        except IntegrityError:
            found = certificate_of(db, user, level)
            if found is None:  # pragma: no cover - a code clash, 1 in 2^98
                raise
    found.met_at = status.met_at
    found.commune_code = user.commune_code
    found.points = user.criterion_points
    return found


def certificate_of(db: Session, user: User, level: str) -> Certificate | None:
    return db.scalar(
        select(Certificate).where(Certificate.user_id == user.id, Certificate.level == level)
    )


def find(db: Session, code: str | None) -> Certificate | None:
    normalized = normalize_code(code)
    if normalized is None:
        return None
    return db.scalar(select(Certificate).where(Certificate.code == normalized))


def latest_confirmation(db: Session, user_id: int, level: str) -> Confirmation | None:
    return db.scalar(
        select(Confirmation)
        .where(Confirmation.user_id == user_id, Confirmation.level == level)
        .order_by(Confirmation.confirmed_at.desc(), Confirmation.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Standing:
    """Whether a certificate still holds, and the officer's confirmation if any."""

    valid: bool
    reason: str | None = None
    confirmation: Confirmation | None = None


def standing(db: Session, certificate: Certificate) -> Standing:
    if certificate.user_id is None:
        return Standing(False, DELETED)
    confirmation = latest_confirmation(db, certificate.user_id, certificate.level)
    if confirmation is not None and not confirmation.in_force:
        return Standing(False, REVOKED, confirmation)
    if db.get(CriterionStatus, (certificate.user_id, certificate.level)) is None:
        return Standing(False, LEVEL_LOST, confirmation)
    return Standing(True, None, confirmation)


@dataclass(frozen=True)
class Sheet:
    """What a certificate says, ready for the printable page and the PDF."""

    name: str
    commune: str
    province: str
    level: str
    level_title: str
    met_at: datetime
    points: int
    code: str
    url: str

    @property
    def date(self) -> str:
        return local_date(self.met_at)

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.commune, self.province) if part)


def level_title(rules: criteria.Rules, level: str) -> str:
    return next((lv.title for lv in rules.levels if lv.code == level), level)


def sheet(certificate: Certificate, user: User, rules: criteria.Rules, verify_base: str) -> Sheet:
    """``verify_base``: the configured public address ending in /xac-minh/ — never built
    from a request's Host header, so a forged header cannot put its link on a certificate."""
    return Sheet(
        name=user.display_name,
        commune=places.commune_name(certificate.commune_code) or "",
        province=places.province_name(user.province_code) or "",
        level=certificate.level,
        level_title=level_title(rules, certificate.level),
        met_at=certificate.met_at,
        points=certificate.points,
        code=certificate.code,
        url=verify_base + certificate.code,
    )
