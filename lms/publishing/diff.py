"""A word diff between two texts, for people: what was added and what was removed.

Pure (no Flask, no SQLAlchemy). Lines are compared first (a lesson edit touches a few
lines of many), then the words of the lines that changed, so a changed word shows as
that word struck out and its replacement added, and line breaks survive for a
``white-space: pre-wrap`` display. Words are compared without the spaces after them: a
change of spacing alone is not a change a reader cares about. The template marks the
pieces with ``<del>`` and ``<ins>``; every piece is plain text, escaped there.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Change = Literal["same", "added", "removed"]
SAME, ADDED, REMOVED = "same", "added", "removed"
#: a word with the spaces after it, or the spaces a text starts with
WORD = re.compile(r"\S+\s*|\s+")


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


class _Builder:
    def __init__(self):
        self.pieces: list[Piece] = []
        self.added = self.removed = 0

    def put(self, change: Change, text: str) -> None:
        if not text:
            return
        if self.pieces and self.pieces[-1].change == change:
            self.pieces[-1] = Piece(change, self.pieces[-1].text + text)
        else:
            self.pieces.append(Piece(change, text))

    def changed(self, change: Change, text: str) -> str:
        """Mark ``text``'s words as added or removed; return the spaces after them."""
        core = text.rstrip()
        self.put(change, core)
        if change == ADDED:
            self.added += len(core.split())
        else:
            self.removed += len(core.split())
        return text[len(core) :]


def _words(builder: _Builder, old: str, new: str) -> None:
    before, after = WORD.findall(old), WORD.findall(new)
    keys = SequenceMatcher(
        None, [t.strip() or t for t in before], [t.strip() or t for t in after], autojunk=False
    )
    for op, i1, i2, j1, j2 in keys.get_opcodes():
        if op == "equal":
            builder.put(SAME, "".join(after[j1:j2]))
            continue
        tail = ""
        if op in ("delete", "replace"):
            tail = builder.changed(REMOVED, "".join(before[i1:i2]))
        if op in ("insert", "replace"):
            tail = builder.changed(ADDED, "".join(after[j1:j2]))
        builder.put(SAME, tail)


def word_diff(old: str, new: str) -> WordDiff:
    """The pieces that turn ``old`` into ``new``, adjacent pieces of one kind merged."""
    builder = _Builder()
    before, after = (old or "").splitlines(keepends=True), (new or "").splitlines(keepends=True)
    lines = SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in lines.get_opcodes():
        if op == "equal":
            builder.put(SAME, "".join(after[j1:j2]))
        else:
            _words(builder, "".join(before[i1:i2]), "".join(after[j1:j2]))
    return WordDiff(builder.pieces, builder.added, builder.removed)
