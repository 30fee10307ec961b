"""Reading untrusted bits of a request: small numbers, same-site return paths, free text.

Query strings and form fields come from anyone. These helpers say "not valid" (None)
instead of raising, so a view can answer with a clear message or a 404, never a 500.
Pure: no Flask, no database.
"""

import unicodedata
from urllib.parse import urlsplit

#: Never in text a person types for others to read: controls (NUL, DEL, C1), formatting
#: characters (zero-width, right-to-left override, bidi isolates: 'gnp.exe' shown as
#: 'exe.png', two names that look the same), private use, lone surrogates, and line or
#: paragraph separators. PostgreSQL refuses NUL outright.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})


def plain_text(text: str | None, *, max_length: int, min_length: int = 1) -> str | None:
    """The one rule for free text (names, villages…): the text NFC-normalised, trimmed,
    its runs of spaces made one plain space; None if it holds a forbidden character or
    its length is outside the bounds. NFC first, so 'Hoà' typed either way is one name
    and the length counts what the reader sees."""
    text = unicodedata.normalize("NFC", text or "").strip()
    if any(unicodedata.category(c) in FORBIDDEN_CATEGORIES for c in text):
        return None
    text = " ".join(text.split())
    return text if min_length <= len(text) <= max_length else None


def without_unsafe(text: str) -> str:
    """Free text that is kept but never refused (what a learner types in the practical
    test): NFC, forbidden characters dropped."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c) not in FORBIDDEN_CATEGORIES)


def small_int(text: str | None, max_digits: int = 9) -> int | None:
    """'48' → 48. None for anything else: '', '4a', '²' (a digit to str.isdigit, not to
    int), Arabic-Indic digits, or more digits than any real code or year has."""
    text = (text or "").strip()
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def local_path(target: str | None) -> str | None:
    """A path on this site to go back to, or None: no scheme, host, '//' or '\\' tricks,
    and no control character (a line break would split the Location header)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
