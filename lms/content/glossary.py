"""The glossary "Từ điển nhỏ" (``content/tu-dien.yaml``) and the links it adds to lessons.

Older learners stop at words like "OTP" or "tải về". Rather than explain each word in every
lesson, the first time a lesson uses a glossary term it links to ``/tu-dien#<slug>``: a plain
link, so it works without JavaScript. The links are added when a lesson is loaded, so they
are part of the stored revision HTML and cost nothing per request.

File format::

    terms:
      - slug: otp                       # anchor on the glossary page, never reused
        term: Mã OTP                    # the headword shown on the page
        match: [mã OTP, OTP]            # optional: the words that count as a use (default: term)
        definition: Một dãy số ngắn …   # plain words, one or two sentences
        taught_in: an-toan-tren-mang/ma-otp   # optional: the lesson that teaches the term
"""

import re
import unicodedata
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from .lessons import SLUG
from .markdown import render_inline
from .problems import Problems
from .yamlfile import Items, Node, YamlError, parse, scalar_text

GLOSSARY_FILE = "tu-dien.yaml"
GLOSSARY_URL = "/tu-dien"
#: Text inside these elements is never linked: a link inside a link is invalid, and a
#: heading or code sample should read exactly as written.
SKIP = {"a", "h1", "h2", "h3", "h4", "code", "pre"}
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    words: tuple[str, ...]
    definition: str
    definition_html: str
    taught_in: str
    line: int

    def to_dict(self) -> dict:
        return {
            "slug": self.slug,
            "term": self.term,
            "definition_html": self.definition_html,
            "taught_in": self.taught_in,
        }


class Glossary:
    """The terms, and one compiled pattern that finds any of them in running text."""

    def __init__(self, terms: list[Term]):
        self.terms = terms
        self._by_word = {word.casefold(): term for term in terms for word in term.words}
        words = sorted(self._by_word, key=len, reverse=True)  # longest first: "mã OTP" > "mã"
        alternation = "|".join(re.escape(escape(w, quote=False)) for w in words) or r"(?!x)x"
        # \w is Unicode-aware, so "mạng" does not match inside "mạnglưới" and accents count.
        self._pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    def term_for(self, word: str) -> Term:
        return self._by_word[word.casefold()]

    def uses(self, text: str):
        """Yield (term, offset) for every use of a term in plain text or Markdown."""
        for match in self._pattern.finditer(text):
            yield self.term_for(match.group(0)), match.start()

    def link(self, html: str) -> str:
        """Link the first use of each term in ``html`` to its glossary entry.

        ``html`` is our own sanitised output (``render_markdown``), so splitting on tags is
        safe: text between tags holds no ``<``. Only text outside links, headings and code
        is touched, and each term is linked once per lesson.
        """
        linked: set[str] = set()
        skipping: list[str] = []
        out = []
        for part in TAG.split(html):
            if part.startswith("<"):
                name = TAG_NAME.match(part)
                tag = name.group(1).lower() if name else ""
                if tag in SKIP:
                    if part.startswith("</"):
                        if tag in skipping:
                            skipping.remove(tag)
                    elif not part.endswith("/>"):
                        skipping.append(tag)
                out.append(part)
            elif skipping or not part:
                out.append(part)
            else:
                out.append(self._pattern.sub(lambda m: self._anchor(m, linked), part))
        return "".join(out)

    def _anchor(self, match: re.Match, linked: set[str]) -> str:
        term = self.term_for(unescape(match.group(0)))
        if term.slug in linked:
            return match.group(0)
        linked.add(term.slug)
        return f'<a href="{GLOSSARY_URL}#{term.slug}">{match.group(0)}</a>'

    def alphabetical(self) -> list[Term]:
        """The terms in Vietnamese dictionary order, as the glossary page lists them."""
        return sorted(self.terms, key=lambda term: vietnamese_key(term.term))

    def to_dict(self) -> dict:
        """Plain data for the glossary page, in the file's order."""
        return {"terms": [term.to_dict() for term in self.terms]}


def load_glossary(path: Path, problems: Problems) -> Glossary | None:
    """Read the glossary file, or None when the curriculum has none."""
    if not path.is_file():
        return None
    try:
        data = parse(path.read_text(encoding="utf-8"))
    except YamlError as error:
        problems.add(error.line, error.message)
        return None
    except UnicodeDecodeError:
        problems.add(1, "tệp phải được lưu theo mã UTF-8")
        return None
    raw = data.get("terms") if isinstance(data, Node) else None
    if not isinstance(raw, Items) or not raw:
        problems.add(getattr(data, "line", 1), "cần danh sách 'terms' có ít nhất một từ")
        return None
    terms: list[Term] = []
    slugs: set[str] = set()
    words: set[str] = set()
    for index, item in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(item, Node):
            problems.add(line, "mỗi từ phải là các cặp 'khoá: giá trị'")
            continue
        term = _term(item, line, problems)
        if term is None:
            continue
        if term.slug in slugs:
            problems.add(item.line_of("slug"), f"'slug' '{term.slug}' bị trùng")
        for word in term.words:
            if word.casefold() in words:
                problems.add(item.line_of("match"), f"từ '{word}' đã thuộc một mục khác")
            words.add(word.casefold())
        slugs.add(term.slug)
        terms.append(term)
    return Glossary(terms)


def _term(item: Node, line: int, problems: Problems) -> Term | None:
    for key in item:
        if key not in ("slug", "term", "match", "definition", "taught_in"):
            problems.add(item.line_of(key), f"trường lạ '{key}'")
    slug = item.get("slug")
    term = scalar_text(item.get("term"))
    definition = scalar_text(item.get("definition"))
    if not isinstance(slug, str) or not SLUG.match(slug):
        problems.add(item.line_of("slug"), "mỗi từ cần 'slug' dạng chữ thường không dấu, nối '-'")
        return None
    if not term or not definition:
        problems.add(line, f"từ '{slug}' cần 'term' và 'definition'")
        return None
    match = item.get("match")
    if match is None:
        found = (term,)
    elif isinstance(match, Items) and all(scalar_text(w) for w in match):
        found = tuple(scalar_text(w) for w in match)
    else:
        problems.add(item.line_of("match"), "'match' phải là danh sách các cách viết")
        return None
    taught_in = item.get("taught_in") or ""
    if taught_in and not (isinstance(taught_in, str) and taught_in.count("/") == 1):
        problems.add(item.line_of("taught_in"), "'taught_in' phải có dạng 'module/bai-hoc'")
        taught_in = ""
    return Term(slug, term, found, definition, render_inline(definition), str(taught_in), item.line)


#: Vietnamese letters in dictionary order. Python's default order would put "Ứng dụng"
#: and "Đám mây" after "Zalo": readers look words up by this alphabet, not by code points.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
#: The five tone marks: in a dictionary they only order words that are otherwise equal.
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_key(text: str) -> tuple:
    """Sort key: letters by the Vietnamese alphabet first, then tone marks, then case."""
    letters, tones = [], []
    for char in text:
        parts = unicodedata.normalize("NFD", char.lower())
        tones.append(max((TONES.get(mark, 0) for mark in parts[1:]), default=0))
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        if not base:
            continue
        rank = ALPHABET.find(base)
        # Spaces and digits before letters, as in a printed dictionary; others after.
        letters.append(rank + 100 if rank >= 0 else (ord(base[0]) if base < "a" else 1000))
    return tuple(letters), tuple(tones), text
