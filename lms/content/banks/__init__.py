"""Question banks from other systems (Moodle's GIFT and Aiken) as our quiz questions.

Pure: text in, question definitions out, shaped like a question of a quiz file (``id``,
``type``, ``text``, ``choices``/``answer``, ``explanation``; texts in Markdown), so they
go through the same checks as every quiz (:func:`lms.content.quiz_from_text`). Every
problem is ``(line, message)``; a question of a kind we do not support is reported with
the line where it starts, never dropped silently.
"""

from .aiken import parse_aiken
from .bank import Bank, BankQuestion, Unsupported, decode
from .gift import parse_gift

FORMATS = {"gift": parse_gift, "aiken": parse_aiken}


def parse_bank(data: bytes | str, fmt: str) -> Bank:
    """The bank in ``data`` (bytes as uploaded, or text) read as ``fmt`` ("gift", "aiken")."""
    return FORMATS[fmt](data)


__all__ = [
    "FORMATS",
    "Bank",
    "BankQuestion",
    "Unsupported",
    "decode",
    "parse_aiken",
    "parse_bank",
    "parse_gift",
]
