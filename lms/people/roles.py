"""Staff roles given in the browser: who may grant what, to whom, and the audit trail.

An admin grants and revokes every role (trainer, officer of a province or a commune,
admin), but never the last admin's. The officer of a province grants and revokes officer
roles for the communes of that province only; anything else is "not found" to them.
Every grant and revocation is written to the audit log, even one's own. The caller
commits; nothing here does.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import places
from ..models import AuditEntry, RoleGrant, User, utcnow
from ..places import scope
from . import search
from .accounts import split_login

#: Roles given in the browser ("learner" comes with every account and is never revoked).
STAFF_ROLES = ("trainer", "officer", "admin")
SEARCH_LIMIT = 30


class RoleProblem(ValueError):
    """Why a grant or revocation was refused: ``code`` says which (the page words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# The codes of RoleProblem, each worded by the views.
UNKNOWN_ROLE = "unknown_role"
NO_SCOPE = "no_scope"
UNKNOWN_PLACE = "unknown_place"
ALREADY_HELD = "already_held"
LAST_ADMIN = "last_admin"
NO_SUCH_GRANT = "no_such_grant"


@dataclass(frozen=True)
class Scope:
    code: int
    kind: str  # scope.PROVINCE or scope.COMMUNE

    @property
    def name(self) -> str:
        if self.kind == scope.PROVINCE:
            return places.province_name(self.code) or str(self.code)
        return places.commune_name(self.code) or str(self.code)


def parse_scope(text: str | None) -> Scope | None:
    """'province:48' or 'commune:20791', as the scope list's options carry them."""
    kind, _, code = (text or "").partition(":")
    number = int(code) if code.isdigit() and len(code) <= 6 else None
    if number is None or kind not in (scope.PROVINCE, scope.COMMUNE):
        return None
    if kind not in places.scope_kinds(number):
        return None
    return Scope(number, kind)


def find_people(db: Session, query: str) -> list[User]:
    """Accounts whose name, username or phone matches: at most SEARCH_LIMIT, in
    Vietnamese alphabetical order.

    Names are matched like the officers' citizens list does, on the stored search key
    (no diacritics, lower case, "đ" read as "d"), the typed words at the start of a word:
    "le thi" finds "Lê Thị Hoa", "đao" finds "Dao" and "dao" finds "Đào".
    """
    found = search.matches(query)
    if found is None:
        return []
    return list(
        db.scalars(select(User).where(found).order_by(User.sort_key, User.id).limit(SEARCH_LIMIT))
    )


def find_by_login(db: Session, login: str) -> User | None:
    """The one account with exactly this phone number or username (no partial matches:
    a province officer names the person, they do not browse the accounts)."""
    phone, username = split_login(login or "")
    if not (phone or username):
        return None
    condition = User.phone == phone if phone else User.username == username
    return db.scalar(select(User).where(condition))


def staff_grants(person: User) -> list[RoleGrant]:
    return sorted(
        (g for g in person.roles if g.role != "learner"),
        key=lambda g: (STAFF_ROLES.index(g.role) if g.role in STAFF_ROLES else 9, g.id or 0),
    )


def _log(db: Session, actor: User, person: User, change: str, where: str) -> None:
    # Written directly, not through audit.record_access: a change to one's own roles is
    # logged too (an admin making themself an officer is exactly what must be seen).
    db.add(
        AuditEntry(
            at=utcnow(),
            actor_id=actor.id,
            subject_id=person.id,
            action="change_roles",
            where=f"{where} {change}"[:200],
        )
    )


def describe(grant: RoleGrant) -> str:
    """'+officer commune 20791' style words for the log: codes, never names of people."""
    if grant.scope_code is None:
        return grant.role
    return f"{grant.role} {grant.scope_kind} {grant.scope_code}"


def grant(
    db: Session,
    actor: User,
    person: User,
    role: str,
    area: Scope | None = None,
    where: str = "",
) -> RoleGrant:
    if role not in STAFF_ROLES:
        raise RoleProblem(UNKNOWN_ROLE)
    if role == "officer" and area is None:
        raise RoleProblem(NO_SCOPE)
    if role != "officer":
        area = None
    code, kind = (area.code, area.kind) if area else (None, None)
    for held in person.roles:
        if held.role == role and held.scope_code == code:
            raise RoleProblem(ALREADY_HELD)
    new = RoleGrant(user_id=person.id, role=role, scope_code=code, scope_kind=kind)
    try:
        with db.begin_nested():  # two admins granting the same role at once
            db.add(new)
    except IntegrityError:
        raise RoleProblem(ALREADY_HELD) from None
    db.refresh(person, ["roles"])
    _log(db, actor, person, "+" + describe(new), where)
    return new


def held_grant(person: User, grant_id: int | None) -> RoleGrant:
    found = next((g for g in staff_grants(person) if g.id == grant_id), None)
    if found is None:
        raise RoleProblem(NO_SUCH_GRANT)
    return found


def revoke(db: Session, actor: User, person: User, grant_id: int | None, where: str = "") -> None:
    """Take one staff role away; the last admin's role stays (the site needs one)."""
    held = held_grant(person, grant_id)
    if held.role == "admin":
        # Locked, so two admins removing each other at once cannot leave none.
        admins = db.scalars(
            select(RoleGrant.id).where(RoleGrant.role == "admin").with_for_update()
        ).all()
        if len(admins) <= 1:
            raise RoleProblem(LAST_ADMIN)
    _log(db, actor, person, "-" + describe(held), where)
    person.roles.remove(held)
    db.flush()


# --- the province officer's page -----------------------------------------------------


def provinces_of(officer: User) -> list[int]:
    """The provinces whose communes this officer may give officers to."""
    return [g.scope_code for g in scope.officer_grants(officer) if g.covers_province]


def may_manage_commune(officer: User, commune_code: int | None) -> bool:
    return commune_code is not None and any(
        places.commune_in_province(commune_code, province) for province in provinces_of(officer)
    )


def commune_officer_grants(db: Session, officer: User) -> list[RoleGrant]:
    """Officer roles for communes of this officer's provinces, by commune then name."""
    grants = db.scalars(
        select(RoleGrant).where(
            RoleGrant.role == "officer",
            RoleGrant.scope_kind == scope.COMMUNE,
            RoleGrant.scope_code.is_not(None),
        )
    ).all()
    mine = [g for g in grants if may_manage_commune(officer, g.scope_code)]
    return sorted(mine, key=lambda g: (places.commune_name(g.scope_code) or "", g.user_id))


def commune_grant(db: Session, officer: User, grant_id: int | None) -> RoleGrant | None:
    """A commune officer's role this province officer may revoke, or None (a 404)."""
    found = db.get(RoleGrant, grant_id) if grant_id else None
    if (
        found is None
        or found.role != "officer"
        or found.scope_kind != scope.COMMUNE
        or not may_manage_commune(officer, found.scope_code)
    ):
        return None
    return found


def is_staff(person: User) -> bool:
    return any(g.role != "learner" for g in person.roles)
