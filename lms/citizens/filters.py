"""The citizens list's filters: read from a query string, checked, and written back.

Pure: no Flask, no database. A bad value raises :class:`FilterProblem` naming the field
(the page says which one, with a 400); whether a commune or village is in the officer's
area is checked by lms.citizens.listing, with the database.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields

from ..inputs import plain_text, small_int
from ..people.accounts import GENDERS, TARGET_GROUPS, normalize_phone
from ..reports import AGE_RANGES
from .keys import plain

NOT_REACHED = "chua"
YES, NO = "co", "chua"
#: Age bands, by age reached in the list's year: the dashboard's own, so its links match.
AGE_BANDS = AGE_RANGES
#: "Last active within": days.
ACTIVE_DAYS = (7, 30, 90)
FIRST_YEAR = 2020
QUERY_LENGTH = 80
MAX_PAGE = 1000
#: The query-string names, as officers see them in links (and as the dashboard links).
PARAMS = {
    "commune": "xa",
    "village": "thon",
    "level": "muc",
    "confirmed": "xac-nhan",
    "group": "nhom",
    "age": "tuoi",
    "gender": "gioi",
    "active": "hoat-dong",
    "year": "nam",
    "query": "q",
}


class FilterProblem(ValueError):
    """A filter's value makes no sense; ``field`` is its query-string name."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


@dataclass(frozen=True)
class Filters:
    year: int
    commune: int | None = None
    village: int | None = None
    #: A level code ("KNS-1": reached it or a higher one by the end of the year) or "chua".
    level: str | None = None
    confirmed: str | None = None
    group: str | None = None
    age: str | None = None
    gender: str | None = None
    active: int | None = None
    query: str = ""

    def args(self, *, with_year: bool = True) -> dict[str, str]:
        """Back to a query string's names and values (for links, pages and exports)."""
        out = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value not in (None, "") and (with_year or field.name != "year"):
                out[PARAMS[field.name]] = str(value)
        return out

    @property
    def phone_digits(self) -> str | None:
        """The query read as (part of) a phone number: three digits or more."""
        digits = "".join(c for c in self.query if c not in " .-")
        if digits.startswith("+84"):
            digits = normalize_phone(digits) or digits
        return digits if len(digits) >= 3 and digits.isascii() and digits.isdigit() else None

    @property
    def name_key(self) -> str:
        return plain(self.query)


def parse_filters(args: Mapping[str, str], level_codes: list[str], this_year: int) -> Filters:
    """Filters from a query string; a missing or empty value means "any"."""

    def text(name: str) -> str:
        return (args.get(name) or "").strip()

    def number(name: str, max_digits: int) -> int | None:
        if not text(name):
            return None
        value = small_int(text(name), max_digits=max_digits)
        if value is None:
            raise FilterProblem(name)
        return value

    def choice(name: str, allowed) -> str | None:
        value = text(name)
        if value and value not in allowed:
            raise FilterProblem(name)
        return value or None

    year = number("nam", 4) or this_year
    if not FIRST_YEAR <= year <= this_year + 1:
        raise FilterProblem("nam")
    active = number("hoat-dong", 3)
    if active is not None and active not in ACTIVE_DAYS:
        raise FilterProblem("hoat-dong")
    query = text("q")
    if query and plain_text(query, max_length=QUERY_LENGTH) is None:
        raise FilterProblem("q")
    return Filters(
        year=year,
        commune=number("xa", 6),
        village=number("thon", 9),
        level=choice("muc", [*level_codes, NOT_REACHED]),
        confirmed=choice("xac-nhan", (YES, NO)),
        group=choice("nhom", TARGET_GROUPS),
        age=choice("tuoi", AGE_BANDS),
        gender=choice("gioi", GENDERS),
        active=active,
        query=" ".join(query.split()),
    )


def parse_page(text: str | None) -> int:
    """'trang': 1 when absent; a positive number (however large: the list says it is
    past the end), else FilterProblem."""
    if not (text or "").strip():
        return 1
    page = small_int(text, max_digits=12)
    if not page:
        raise FilterProblem("trang")
    return page
