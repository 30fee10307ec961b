"""What both bank readers produce, and the text helpers they share."""

import html as entities
import re
import unicodedata
from dataclasses import dataclass, field

import nh3

from ..markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

#: How a question must be named in a quiz file (lms.content.lessons.SLUG).
MAX_ID = 60


@dataclass(frozen=True)
class BankQuestion:
    """One question read from a bank: where it starts and its quiz-file definition."""

    line: int
    definition: dict


@dataclass(frozen=True)
class Unsupported:
    """A question of a kind we cannot import (``kind`` in Moodle's English name)."""

    line: int
    kind: str

    def message(self) -> str:
        return f"unsupported question type: {self.kind}"


@dataclass
class Bank:
    questions: list[BankQuestion] = field(default_factory=list)
    unsupported: list[Unsupported] = field(default_factory=list)
    #: syntax errors and unreadable questions, as (line, message)
    problems: list[tuple[int, str]] = field(default_factory=list)


def decode(data: bytes | str) -> tuple[str | None, tuple[int, str] | None]:
    """(text, None) from UTF-8 with or without BOM and any line endings, or
    (None, (line, why))."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            return None, (line, "tệp không phải chữ UTF-8 (hãy lưu lại với mã hoá UTF-8)")
    text = data.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), None


def slug_of(name: str) -> str:
    """A question id from a question's name: Vietnamese letters without marks, '-' between."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_ID].strip("-")


class Ids:
    """Hands out question ids unique within a quiz (``taken``: ids already there)."""

    def __init__(self, taken=()):
        self.taken = set(taken)

    def next(self, name: str | None, number: int) -> str:
        base = slug_of(name or "") or f"cau-{number}"
        found, n = base, 1
        while found in self.taken:
            n += 1
            found = f"{base}-{n}"
        self.taken.add(found)
        return found


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that shows exactly these characters."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|tr|blockquote)>|<br\s*/?>", re.I)
_STRONG = re.compile(r"</?(strong|b)(\s[^>]*)?>", re.I)
_EM = re.compile(r"</?(em|i)(\s[^>]*)?>", re.I)
_TAG = re.compile(r"<[^>]*>")


def html_to_markdown(html: str) -> str:
    """Author HTML as our Markdown: cleaned by the site's own sanitizer (nh3, the same
    allow-list as lessons) first, then bold, italics and line breaks kept, every other tag
    dropped and the text escaped, so nothing an author wrote reaches a page as markup."""
    clean = nh3.clean(
        html.replace("\x01", "").replace("\x02", ""),
        tags=ALLOWED_TAGS | {"b", "i"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
    )
    clean = _EM.sub("\x02", _STRONG.sub("\x01", _BLOCK_END.sub("\n", clean)))
    text = escape_markdown(entities.unescape(_TAG.sub("", clean)))
    text = text.replace("\x01", "**").replace("\x02", "*")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def explanation_for(general: str, right: list[str], feedback: list[tuple[str | None, str]]) -> str:
    """One explanation from a bank's feedback: the general feedback, then each answer's
    own feedback; when the bank gave none, the right answer is named, so a learner who
    got it wrong still learns why."""
    parts = [general] if general else []
    if feedback:
        labelled = [f"- {label}: {text}" for label, text in feedback if label is not None]
        parts += [text for label, text in feedback if label is None]
        if labelled:
            parts.append("\n".join(labelled))
    if not parts and right:
        parts.append("Đáp án đúng: " + "; ".join(right) + ".")
    return "\n\n".join(parts).strip()
