"""Stored keys for finding and ordering people by name, set by :func:`set_name_keys`.

Both keys are computed once, when a name or phone is written, and stored on the user
row with an index: a list of a million citizens never recomputes them per row.

* The search key is the name without diacritics, lower case, "đ" read as "d", then the
  phone number: " nguyen van an 0912345678". Searching looks for the typed words at the
  start of a word, so "nguyen van" finds "Nguyễn Văn An" and "đ" finds "d".
* The sort key orders names as Vietnamese class lists do: by the given name (the last
  word), then by the family and middle names, each word in the Vietnamese alphabet
  (a ă â b c d đ e ê … o ô ơ … u ư …), its tone marks deciding only between words with
  the same letters (dictionary order: no mark, huyền, hỏi, ngã, sắc, nặng).

Pure Python: the same functions fill the column in the migration and in demo data.
"""

import unicodedata

#: The alphabet in Vietnamese order; f, j, w, z appear in borrowed and minority names.
ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
#: Each letter's code: ASCII from "0", so byte order (SQLite, PostgreSQL "C") keeps it.
_CODE = {letter: chr(0x30 + i) for i, letter in enumerate(ALPHABET)}
#: Combining tone marks, in dictionary order (none is 0).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
SORT_KEY_LENGTH = 200
SEARCH_KEY_LENGTH = 120


def plain(text: str) -> str:
    """Lower case, no diacritics, "đ" → "d", only letters and digits, single spaces."""
    text = text.casefold().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isascii() and c.isalnum() else " " for c in text).split())


def search_key(name: str, phone: str | None = None) -> str:
    """ " nguyen van an 0912345678": a space before every word, for word-start matching."""
    words = plain(name).split() + ([phone] if phone else [])
    return (" " + " ".join(words))[:SEARCH_KEY_LENGTH]


def _letters(word: str) -> list[tuple[str, str]]:
    """(letter, tone) pairs: "Nguyễn" → [(n,0), (g,0), (u,0), (y,0), (ê,3), (n,0)]."""
    pairs = []
    for char in unicodedata.normalize("NFC", word.casefold()):
        parts = unicodedata.normalize("NFD", char)
        tone = next((_TONES[m] for m in parts if m in _TONES), "0")
        kept = "".join(m for m in parts if m not in _TONES)
        letter = unicodedata.normalize("NFC", kept)
        if letter in _CODE:
            pairs.append((letter, tone))
        elif kept and kept[0] in _CODE:  # a letter with some other mark: its base letter
            pairs.append((kept[0], tone))
    return pairs


def sort_key(name: str) -> str:
    """Given name first, then family and middle names; each word by its letters, then its
    tones. Equal keys (namesakes) fall back to the id, in the query."""
    words = [w for w in (_letters(word) for word in name.split()) if w]
    if len(words) > 1:
        words = words[-1:] + words[:-1]
    # "\x1f" sorts below the space and every code: "An" before "An Bình" and "Anh".
    return " ".join(
        "".join(_CODE[letter] for letter, _ in word) + "\x1f" + "".join(t for _, t in word)
        for word in words
    )[:SORT_KEY_LENGTH]


def set_name_keys(user) -> None:
    """The one place a user's keys are set: call it wherever a name or phone changes."""
    user.search_key = search_key(user.display_name or "", user.phone)
    user.sort_key = sort_key(user.display_name or "")
