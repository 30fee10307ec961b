"""Villages of a commune: listing, matching what people typed, and mapping free text.

A commune keeps its own list (none is shipped). A learner whose village is not listed
types it; :func:`map_village` later moves everyone who typed that name onto the listed
village, so officers can drill down by village. Services flush, never commit.
"""

import re
import unicodedata

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import User, Village
from ..reports import tally
from . import communes

#: Kinds of village, by the word their names begin with (longest first when matching).
KINDS = {
    "to-dan-pho": "Tổ dân phố",
    "khoi-pho": "Khối phố",
    "khu-pho": "Khu phố",
    "thon": "Thôn",
    "ban": "Bản",
    "ap": "Ấp",
    "lang": "Làng",
    "buon": "Buôn",
    "xom": "Xóm",
    "khoi": "Khối",
    "to": "Tổ",
}
OTHER = "khac"


def search_key(text: str) -> str:
    """Lower case, no diacritics, single spaces: "Thôn  Bình Hoà" → "thon binh hoa"."""
    text = text.casefold().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(text.split())


def kind_of(name: str) -> str:
    """The kind a name starts with ("Tổ dân phố 3" → "to-dan-pho"), else "khac"."""
    key = search_key(name)
    for kind, word in sorted(KINDS.items(), key=lambda item: -len(item[1])):
        prefix = search_key(word)
        if key == prefix or key.startswith(prefix + " "):
            return kind
    return OTHER


def natural_key(name: str) -> tuple:
    """Thôn 2 before Thôn 10; otherwise Vietnamese order without tone marks first."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", search_key(name))
    )


def villages_of(db: Session, commune_codes: list[int]) -> dict[int, list[Village]]:
    """commune code → its villages in natural order, for the communes that have a list."""
    if not commune_codes:
        return {}
    grouped: dict[int, list[Village]] = {}
    for village in db.scalars(select(Village).where(Village.commune_code.in_(commune_codes))):
        grouped.setdefault(village.commune_code, []).append(village)
    return {
        code: sorted(found, key=lambda v: natural_key(v.name)) for code, found in grouped.items()
    }


def villages_in_province(db: Session, province_code: int) -> dict[int, list[Village]]:
    return villages_of(db, [commune.code for commune in communes(province_code)])


def find_village(db: Session, commune_code: int, name: str) -> Village | None:
    return db.scalar(
        select(Village).where(
            Village.commune_code == commune_code, Village.search_key == search_key(name)
        )
    )


def add_village(db: Session, commune_code: int, name: str, kind: str | None = None) -> Village:
    """The commune's village of that name, added if missing (safe against a racing add)."""
    name = " ".join(name.split())
    found = find_village(db, commune_code, name)
    if found is not None:
        return found
    village = Village(
        commune_code=commune_code,
        name=name,
        kind=kind or kind_of(name),
        search_key=search_key(name),
    )
    try:
        with db.begin_nested():
            db.add(village)
    except IntegrityError:
        return find_village(db, commune_code, name)
    return village


def resolve(
    db: Session, commune_code: int, village_id: int | None, free_text: str
) -> tuple[int | None, str | None]:
    """(village_id, free text) to store for a learner's answer.

    A chosen village must be of the chosen commune (else nothing is linked); typed text
    that names a listed village links to it, so the list grows no duplicates.
    """
    if village_id is not None:
        village = db.get(Village, village_id)
        if village is not None and village.commune_code == commune_code:
            return village.id, None
    text = " ".join((free_text or "").split())
    if not text:
        return None, None
    listed = find_village(db, commune_code, text)
    return (listed.id, None) if listed is not None else (None, text)


def map_village(db: Session, commune_code: int, free_text: str, village_id: int) -> int:
    """Move every learner of the commune who typed this village onto the listed one.

    Matching ignores case, diacritics and spacing ("thon binh hoa" is "Thôn Bình Hoà").
    Returns how many learners moved. Raises ValueError for a village of another commune.
    """
    village = db.get(Village, village_id)
    if village is None or village.commune_code != commune_code:
        raise ValueError(f"village {village_id} is not in commune {commune_code}")
    key = search_key(free_text)
    typed = db.execute(
        select(User.id, User.village).where(
            User.commune_code == commune_code, User.village.is_not(None)
        )
    )
    ids = [user_id for user_id, text in typed if search_key(text) == key]
    if ids:
        db.execute(
            update(User)
            .where(User.id.in_(ids))
            .values(village_id=village.id, village=None)
            .execution_options(synchronize_session="fetch")
        )
        tally.rebuild(db, [commune_code])  # the village breakdown changed: count it again
    return len(ids)
