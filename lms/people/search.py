"""Finding an account by what a person types: a name (any diacritics, any case), a
username, or a phone number or part of one. Staff searches (admins' roles page, officers'
reset codes) share this one condition, so they all find the same people."""

from sqlalchemy import ColumnElement, or_

from ..citizens.keys import plain
from ..models import User
from .accounts import normalize_phone

SHORTEST = 2


def matches(query: str) -> ColumnElement[bool] | None:
    """Accounts matching ``query``; None when it is too short to search by.

    Names are matched on the stored search key (no diacritics, lower case, "đ" read as
    "d"), the typed words at the start of a word: "le thi" finds "Lê Thị Hoa"."""
    text = query.strip()[:80]
    if len(text) < SHORTEST:
        return None
    pattern = "%" + text.replace("\\", "").replace("%", "").replace("_", "") + "%"
    conditions = [User.username.ilike(pattern)]
    name_key = plain(text)
    if name_key:
        # Keys hold only a-z, 0-9 and spaces: no LIKE wildcard can come from the query.
        conditions.append(User.search_key.like(f"% {name_key}%"))
    phone = normalize_phone(text)
    if phone:
        conditions.append(User.phone == phone)
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) >= 3 and len(digits) == len(text.replace(" ", "").replace(".", "")):
        conditions.append(User.phone.like(f"%{digits}%"))
    return or_(*conditions)
