"""A word diff between two texts, for people: what was added and what was removed.

Pure (no Flask, no SQLAlchemy). Texts are split into words and the whitespace between
them, so a changed word shows as that word struck out and its replacement added, and
line breaks survive for a ``white-space: pre-wrap`` display. The template marks the
pieces with ``<del>`` and ``<ins>``; every piece is plain text, escaped there.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Change = Literal["same", "added", "removed"]
SAME, ADDED, REMOVED = "same", "added", "removed"
TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    change: Change
    text: str


@dataclass(frozen=True)
class WordDiff:
    pieces: list[Piece]
    added: int  # words
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _words(tokens: list[str]) -> int:
    return sum(1 for token in tokens if not token.isspace())


def word_diff(old: str, new: str) -> WordDiff:
    """The pieces that turn ``old`` into ``new``, adjacent pieces of one kind merged."""
    before, after = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    pieces: list[Piece] = []
    added = removed = 0

    def put(change: Change, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if pieces and pieces[-1].change == change:
            pieces[-1] = Piece(change, pieces[-1].text + text)
        else:
            pieces.append(Piece(change, text))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            put(SAME, before[i1:i2])
            continue
        if op in ("delete", "replace"):
            put(REMOVED, before[i1:i2])
            removed += _words(before[i1:i2])
        if op in ("insert", "replace"):
            put(ADDED, after[j1:j2])
            added += _words(after[j1:j2])
    return WordDiff(pieces, added, removed)
