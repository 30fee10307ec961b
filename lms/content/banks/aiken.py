"""Moodle's Aiken format: one multiple-choice question per block.

    Câu hỏi trên một dòng?
    A. Lựa chọn thứ nhất
    B) Lựa chọn thứ hai
    ANSWER: B

Options are capital letters followed by ``.`` or ``)`` and a space; ``ANSWER:`` names the
one right letter. Texts are plain (Moodle shows them as written), so they are escaped
for our Markdown. UTF-8 with or without BOM, any line endings.
"""

import re

from .bank import Bank, BankQuestion, Ids, decode, escape_markdown, explanation_for

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.I)


def parse_aiken(data: bytes | str) -> Bank:
    bank = Bank()
    text, problem = decode(data)
    if text is None:
        bank.problems.append(problem)
        return bank
    ids = Ids()
    block: list[tuple[int, str]] = []
    for number, raw in enumerate([*text.split("\n"), ""], start=1):
        if raw.strip():
            block.append((number, raw.strip()))
            if _ANSWER.match(raw.strip()):
                _question(block, bank, ids)
                block = []
        elif any(_OPTION.match(t) for _n, t in block[1:]):
            # A blank line after the options: this question ended without its answer.
            _missing_answer(block, bank)
            block = []
    return bank


def _missing_answer(block, bank: Bank) -> None:
    bank.problems.append((block[0][0], "câu hỏi thiếu dòng 'ANSWER: ' (chữ cái của đáp án đúng)"))


def _question(block: list[tuple[int, str]], bank: Bank, ids: Ids) -> None:
    start = block[0][0]
    prompt, options, seen = [], [], set()
    for number, line in block[:-1]:
        option = _OPTION.match(line)
        if option and (options or prompt):
            letter = option.group(1)
            if letter in seen:
                bank.problems.append((number, f"lựa chọn {letter} bị lặp"))
                return
            seen.add(letter)
            options.append((letter, option.group(2).strip()))
        elif options:
            bank.problems.append(
                (number, "sau các lựa chọn chỉ được có dòng 'ANSWER: ' (lựa chọn viết 'A. …')")
            )
            return
        else:
            prompt.append(line)
    answer_line, answer = block[-1][0], _ANSWER.match(block[-1][1]).group(1).strip().upper()
    if not prompt:
        bank.problems.append((start, "câu hỏi không có nội dung trước các lựa chọn"))
        return
    if len(options) < 2:
        bank.problems.append((start, "câu hỏi cần ít nhất hai lựa chọn 'A. …', 'B. …'"))
        return
    letters = [letter for letter, _text in options]
    if answer not in letters:
        message = f"'ANSWER: {answer}' không phải một lựa chọn ({', '.join(letters)})"
        bank.problems.append((answer_line, message))
        return
    choices = [{"text": escape_markdown(t), "correct": letter == answer} for letter, t in options]
    right = [c["text"] for c in choices if c["correct"]]
    definition = {
        "id": ids.next(None, len(bank.questions) + 1),
        "type": "single",
        "text": escape_markdown(" ".join(prompt)),
        "choices": choices,
        "explanation": explanation_for("", right, []),
    }
    bank.questions.append(BankQuestion(start, definition))
