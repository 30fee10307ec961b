"""Reading untrusted bits of a request: small numbers and same-site return paths.

Query strings and form fields come from anyone. These helpers say "not valid" (None)
instead of raising, so a view can answer with a clear message or a 404, never a 500.
"""

from urllib.parse import urlsplit


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
