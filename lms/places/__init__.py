"""Administrative units: the 34 provinces and 3,321 communes since 1 July 2025.

A thin, cached view over the ``vietnam-provinces`` package. Villages (thôn, tổ dân phố)
are not in it: each commune keeps its own list (lms.places.villages).
"""

import unicodedata
from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, Ward

from ..inputs import small_int


@dataclass(frozen=True)
class Place:
    code: int
    name: str


@cache
def provinces() -> tuple[Place, ...]:
    places = (Place(int(p.code), p.name) for p in Province.iter_all())
    return tuple(sorted(places, key=lambda p: _sort_key(p.name)))


@cache
def _communes_by_province() -> dict[int, tuple[Place, ...]]:
    grouped: dict[int, list[Place]] = {}
    for ward in Ward.iter_all():
        grouped.setdefault(int(ward.province_code), []).append(Place(int(ward.code), ward.name))
    return {
        code: tuple(sorted(ws, key=lambda p: _sort_key(p.name))) for code, ws in grouped.items()
    }


def communes(province_code: int) -> tuple[Place, ...]:
    return _communes_by_province().get(province_code, ())


@cache
def _commune_index() -> dict[int, tuple[int, str]]:
    return {int(w.code): (int(w.province_code), w.name) for w in Ward.iter_all()}


def parse_province(text: str | None) -> int | None:
    """A province code typed into a URL or form, if it names one of the 34 provinces."""
    code = small_int(text, max_digits=3)
    return code if code is not None and province_name(code) else None


def scope_kinds(code: int) -> list[str]:
    """What a scope code can name: ['province'], ['commune'], both (4, 8, 25, 91) or none."""
    kinds = ["province"] if province_name(code) else []
    return kinds + (["commune"] if commune_name(code) else [])


def province_name(code: int | None) -> str | None:
    return next((p.name for p in provinces() if p.code == code), None)


def commune_name(code: int | None) -> str | None:
    found = _commune_index().get(code) if code is not None else None
    return found[1] if found else None


def commune_in_province(commune_code: int, province_code: int) -> bool:
    found = _commune_index().get(commune_code)
    return found is not None and found[0] == province_code


def _sort_key(name: str) -> str:
    # Sort by the name people say ("Đà Nẵng"), not by the prefix ("Thành phố", "Phường").
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    # Vietnamese order: d before đ, and tone marks only break ties.
    name = name.casefold().replace("đ", "d{")
    base = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return f"{base}\0{name}"
