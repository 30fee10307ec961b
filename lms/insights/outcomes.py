"""One graded attempt → one row per question it was graded on. Pure Python.

Used when an attempt is graded and by migration 0014 to fill the rows of attempts graded
before; both read the same stored answers and results, so old and new rows agree.
"""

from collections.abc import Iterable, Mapping

from ..quiz import Quiz, kind_of

#: Longest answer key stored (questions have at most 8 options: "7,6,5,4,3,2,1,0").
KEY_LENGTH = 80


def outcome_rows(quiz: Quiz, answers: Mapping | None, results: Iterable[Mapping]) -> list[dict]:
    """``{question_id, correct, answered, chosen}`` per graded question.

    ``quiz`` is the revision's whole pool; ``results`` the attempt's stored results (only
    the questions it drew). ``chosen`` is the wrong answer's key, else None. A question
    whose type is unknown, or an answer its type cannot key, is still counted (seen,
    right or wrong, blank) without a chosen answer.
    """
    questions = {q.id: q for q in quiz.questions}
    answers = answers or {}
    rows = []
    for result in results:
        question = questions.get(result.get("id"))
        if question is None:
            continue
        answer = answers.get(question.id)
        correct = bool(result.get("correct"))
        try:
            kind = kind_of(question)
        except KeyError:
            kind = None
        if "answered" in result:
            answered = bool(result["answered"])
        else:
            answered = kind.answered(answer) if kind else answer is not None
        chosen = None
        if kind is not None and answered and not correct:
            try:
                chosen = kind.answer_key(question, answer)
            except (TypeError, ValueError, IndexError, KeyError):
                chosen = None
            if chosen is not None and len(chosen) > KEY_LENGTH:
                chosen = None
        rows.append(
            {"question_id": question.id, "correct": correct, "answered": answered, "chosen": chosen}
        )
    return rows
