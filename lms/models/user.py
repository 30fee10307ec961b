"""People: accounts, the roles they hold, and the consent they gave."""

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..citizens.keys import SEARCH_KEY_LENGTH, SORT_KEY_LENGTH, set_name_keys
from .base import Base, utcnow
from .place import Village

ROLES = ("learner", "trainer", "officer", "admin")
#: Tables whose ids name a person or something a person did: SQLite must never hand a
#: deleted row's id to a new one (AUTOINCREMENT), or old references would point at it.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


def new_account_secret() -> str:
    return secrets.token_urlsafe(32)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        # An officer's list: the citizens of one commune or province, in name order,
        # read straight off an index (no sort of the whole area for a page of 50); the
        # search key in it lets a search skip non-matching rows without reading them.
        Index("ix_users_commune_sort", "commune_code", "sort_key", "search_key"),
        Index("ix_users_province_sort", "province_code", "sort_key", "search_key"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A citizen signs in with a phone number or a username; at least one is set.
    username: Mapped[str | None] = mapped_column(String(40), unique=True)
    phone: Mapped[str | None] = mapped_column(String(15), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    birth_year: Mapped[int | None]
    gender: Mapped[str | None] = mapped_column(String(10))
    target_group: Mapped[str | None] = mapped_column(String(20))
    province_code: Mapped[int | None] = mapped_column(index=True)
    commune_code: Mapped[int | None] = mapped_column(index=True)
    # The village chosen from the commune's list; ``village`` holds free text only for
    # one that is not listed yet, until an officer maps it (lms.places.villages).
    village_id: Mapped[int | None] = mapped_column(
        ForeignKey("villages.id", ondelete="SET NULL"), index=True
    )
    village: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A random secret no other account ever has, replaced on a password change and on
    # "log out everywhere": the device cookie vouches for this, never for an id.
    session_token: Mapped[str] = mapped_column(String(64), default=new_account_secret)
    # The highest criterion level met and the suggested indicator-5 points, kept with the
    # attempt that changed them so that reports are reads, not recomputations.
    criterion_level: Mapped[str | None] = mapped_column(String(10), index=True)
    criterion_points: Mapped[int] = mapped_column(default=0)
    # Set by a login card's one-time password (lms.classes.cards): the next login asks
    # the learner to choose their own; any password change clears it.
    must_choose_password: Mapped[bool] = mapped_column(default=False)
    # Stored keys for officers' search and Vietnamese ordering (lms.citizens.keys), set by
    # set_name_keys whenever the row is written. The sort key compares byte by byte.
    search_key: Mapped[str] = mapped_column(
        String(SEARCH_KEY_LENGTH), index=True, server_default=""
    )
    sort_key: Mapped[str] = mapped_column(
        String(SORT_KEY_LENGTH).with_variant(String(SORT_KEY_LENGTH, collation="C"), "postgresql"),
        index=True,
        server_default="",
    )

    roles: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    consents: Mapped[list["Consent"]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        order_by="Consent.given_at",
        foreign_keys="Consent.user_id",
    )
    listed_village: Mapped["Village | None"] = relationship()

    @property
    def village_name(self) -> str | None:
        """The village as shown: the listed one's name, or what the learner typed."""
        return self.listed_village.name if self.listed_village else self.village

    @property
    def login_name(self) -> str:
        return self.username or self.phone or ""

    # The four members Flask-Login looks for, written out so models need no Flask import.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    #: The token of the sign-in this request runs under (lms.people.logins); not stored.
    login_token = None

    def get_id(self) -> str:
        """What the session and remember-me cookies carry: this sign-in's random token,
        never the account id (ids of deleted accounts must not name anyone)."""
        if not self.login_token:
            raise RuntimeError("open a sign-in with lms.people.logins.open_login first")
        return self.login_token

    def has_role(self, role: str) -> bool:
        return any(grant.role == role for grant in self.roles)


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def _keep_name_keys(_mapper, _connection, user: User) -> None:
    # Every ORM write of a user goes through here (sign-up, profile edit, staff accounts,
    # assisted sign-up): a name or phone can never change without its keys.
    set_name_keys(user)


class RoleGrant(Base):
    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role", "scope_code"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))
    # Officers only: a province or commune code from vietnam-provinces, and which of the
    # two it is — a few codes (4, 8, 25, 91) are both a province and a commune.
    scope_code: Mapped[int | None]
    scope_kind: Mapped[str | None] = mapped_column(String(10))
    user: Mapped[User] = relationship(back_populates="roles")

    @property
    def covers_province(self) -> bool:
        return self.scope_kind == "province"


class Consent(Base):
    __tablename__ = "consents"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    text_version: Mapped[str] = mapped_column(String(20))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    # Consent given in person at a class, through a helper who filled the form with the
    # citizen present: the helper's name as they gave it, and the account that recorded it.
    helper_name: Mapped[str | None] = mapped_column(String(80))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user: Mapped[User] = relationship(back_populates="consents", foreign_keys=[user_id])


class LoginSession(Base):
    """One sign-in on one browser: its session and remember-me cookies carry the token
    whose hash is stored here. Logging out deletes this row, so the cookies are dead
    even if someone kept a copy; other devices keep their own rows."""

    __tablename__ = "login_sessions"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # sha256 of the cookie's token: a copy of the database opens no session.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
