"""Moodle's GIFT format, the parts that map onto our question types.

Read: multiple choice (``=`` right, ``~`` wrong), missing word (text after the answers:
the blank is shown as "_____"), multiple answers (``~%50%``: every choice with a positive
weight is right), true/false (``T``, ``F``, ``TRUE``, ``FALSE``), names ``::name::``,
per-answer feedback ``#`` and general feedback ``####`` (kept as the explanation),
``//`` comment lines, ``$CATEGORY:`` lines (ignored), the ``[markdown]``, ``[html]``,
``[plain]`` and ``[moodle]`` markers (HTML through the site's sanitizer), the escapes
``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n``. UTF-8 with or without BOM, any line endings.

Refused, each at the line its question starts: essay ``{}``, numerical ``{#…}``,
matching ``->``, short answer (only ``=`` answers), description (no answers).
"""

import re

from .bank import (
    Bank,
    BankQuestion,
    Ids,
    Unsupported,
    decode,
    escape_markdown,
    explanation_for,
    html_to_markdown,
)

# Escaped characters become private-use stand-ins while the structure is read.
_ESCAPES = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004",
            "}": "\ue005", ":": "\ue006"}  # fmt: skip
_RESTORE = {v: k for k, v in _ESCAPES.items()}
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_FORMAT = re.compile(r"^\s*\[(markdown|html|plain|moodle)\]", re.I)
_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")
_ANSWER_MARK = re.compile(r"[=~]")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
BLANK = "_____"


def parse_gift(data: bytes | str) -> Bank:
    bank = Bank()
    text, problem = decode(data)
    if text is None:
        bank.problems.append(problem)
        return bank
    ids = Ids()
    for line, lines in _blocks(text.split("\n")):
        _question(line, lines, bank, ids)
    return bank


def _blocks(lines: list[str]):
    """(first line number, lines) of each question: blocks between blank lines, without
    comment and category lines."""
    block: list[tuple[int, str]] = []
    for number, raw in enumerate([*lines, ""], start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            continue
        if stripped.upper().startswith("$CATEGORY:") and not block:
            continue
        if stripped:
            block.append((number, raw))
        elif block:
            yield block[0][0], block
            block = []


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else _ESCAPES[m.group(1)], text)


def _literal(text: str) -> str:
    return "".join(_RESTORE.get(c, c) for c in text)


def _convert(text: str, fmt: str) -> str:
    """A text of the bank as our Markdown, by its own format marker or else the
    question's (``fmt``), as Moodle reads each answer and feedback."""
    text = text.strip()
    marker = _FORMAT.match(text)
    if marker:
        fmt, text = marker.group(1).lower(), text[marker.end() :].strip()
    if fmt == "html":
        return html_to_markdown(_literal(text))
    if fmt == "plain":
        return escape_markdown(_literal(text))
    # markdown, moodle (auto-format): Markdown as written; an escaped backslash stays one.
    return "".join("\\\\" if c == _ESCAPES["\\"] else _RESTORE.get(c, c) for c in text)


def _question(start: int, lines: list[tuple[int, str]], bank: Bank, ids: Ids) -> None:
    text = _unescape("\n".join(raw for _n, raw in lines))
    name = None
    if text.lstrip().startswith("::"):
        rest = text.lstrip()[2:]
        end = rest.find("::")
        if end < 0:
            bank.problems.append((start, "tên câu hỏi mở bằng '::' nhưng không đóng bằng '::'"))
            return
        name, text = _literal(rest[:end]).strip(), rest[end + 2 :]
    opening = text.find("{")
    if opening < 0:
        bank.unsupported.append(Unsupported(start, "description"))
        return
    closing = text.rfind("}")
    brace_line = start + text.count("\n", 0, opening)
    if closing < opening:
        bank.problems.append((brace_line, "thiếu dấu '}' đóng phần đáp án"))
        return
    before, after = text[:opening], text[closing + 1 :]
    answers = text[opening + 1 : closing].strip()
    if "{" in answers or "}" in after:
        bank.problems.append((brace_line, "một câu hỏi chỉ có một phần đáp án {…}"))
        return
    fmt = "moodle"
    marker = _FORMAT.match(before)
    if marker:
        fmt, before = marker.group(1).lower(), before[marker.end() :]
    prompt = before.strip() + (f" {BLANK} {after.strip()}" if after.strip() else "")
    answers, _sep, general = answers.rpartition("####") if "####" in answers else (answers, "", "")
    answers = answers.strip()
    kind = _kind(answers)
    if kind not in ("multichoice", "truefalse"):
        bank.unsupported.append(Unsupported(start, kind))
        return
    common = {
        "id": ids.next(name, len(bank.questions) + 1),
        "text": _convert(prompt.strip() or BLANK, fmt),
    }
    general = _convert(general, fmt)
    if not common["text"]:
        bank.problems.append((start, "câu hỏi không có nội dung"))
        return
    if kind == "truefalse":
        definition = _true_false(answers, general, common)
    else:
        definition = _choices(start, answers, general, common, fmt, bank)
    if definition is not None:
        bank.questions.append(BankQuestion(start, definition))


def _kind(answers: str) -> str:
    """Moodle's own order of deciding a question's type from its answer part."""
    if not answers:
        return "essay"
    if answers.startswith("#"):
        return "numerical"
    if "~" in answers:
        return "multichoice"
    if "=" in answers and "->" in answers:
        return "matching"
    if answers.partition("#")[0].strip().upper() in _TRUE_FALSE:
        return "truefalse"
    return "short answer"


def _true_false(answers: str, general: str, common: dict) -> dict:
    word, *feedback = answers.split("#")
    answer = _TRUE_FALSE[word.strip().upper()]
    # GIFT: the first feedback is shown for a wrong answer, the second for a right one.
    notes = [(None, _convert(f, "moodle")) for f in reversed(feedback[:2]) if f.strip()]
    right = ["Đúng" if answer else "Sai"]
    return {
        **common,
        "type": "true_false",
        "answer": answer,
        "explanation": explanation_for(general, right, notes),
    }


def _choices(start: int, answers: str, general: str, common: dict, fmt: str, bank: Bank):
    marks = list(_ANSWER_MARK.finditer(answers))
    if not marks or answers[: marks[0].start()].strip():
        bank.problems.append((start, "mỗi đáp án phải bắt đầu bằng '=' (đúng) hoặc '~' (sai)"))
        return None
    # Moodle: without any '=' the question takes several answers (check boxes).
    choices, feedback, partial, single = [], [], False, False
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(answers)
        body = answers[mark.end() : end].strip()
        weight = _WEIGHT.match(body)
        correct = mark.group() == "="
        if weight:
            value = float(weight.group(1).replace(",", "."))
            correct = value > 0
            partial = partial or 0 < value < 100
            body = body[weight.end() :]
        choice, _sep, note = body.partition("#")
        choice = _convert(choice, fmt)
        if not choice:
            bank.problems.append((start, f"đáp án thứ {index + 1} không có nội dung"))
            return None
        choices.append({"text": choice, "correct": correct})
        single = single or mark.group() == "="
        if note.strip():
            feedback.append((choice, _convert(note, fmt)))
    right = [c["text"] for c in choices if c["correct"]]
    if len(choices) < 2:
        bank.problems.append((start, "câu hỏi nhiều lựa chọn cần ít nhất hai đáp án"))
        return None
    if not right:
        bank.problems.append((start, "câu hỏi không có đáp án đúng ('=' hoặc trọng số dương)"))
        return None
    return {
        **common,
        "type": "single" if single and len(right) == 1 and not partial else "multiple",
        "choices": choices,
        "explanation": explanation_for(general, right, feedback),
    }
