"""Answer keys for tests: what a learner who knows (or doesn't know) the answers would send.

Built from the quiz revision and the attempt's seed through the same public functions the
site uses, so a test answers exactly the page the learner saw.
"""

import io

from lms import quiz as q
from lms.models import Attempt
from lms.quiz.practical import (
    CHOSEN_PASSWORD,
    CONFIRM_PASSWORD,
    IMAGE,
    NEW_PASSWORD,
    fill,
    task_values,
)

#: The new password a test learner chooses in the practical test (meets the site's rule).
NEW_PASSWORD_CHOSEN = "Lua#Moi2026"
#: The smallest honest PNG: signature, IHDR, IDAT, IEND (1×1 pixel).
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def attempt_quiz(session, attempt_url: str) -> tuple[q.Quiz, int]:
    attempt = session.get(Attempt, int(attempt_url.rstrip("/").rsplit("/", 1)[1]))
    session.refresh(attempt)
    # The attempt's paper: the questions drawn for its seed, as lms.learn.attempts does.
    return q.Quiz.from_dict(attempt.revision.definition).draw(attempt.seed), attempt.seed


def quiz_form(quiz: q.Quiz, seed: int, wrong: frozenset[str] = frozenset()) -> dict:
    """Form values answering every question right, except those named in ``wrong``."""
    form: dict = {}
    for question in quiz.questions:
        order = q.permutation(seed, question)
        name = q.field_name(question.id)
        miss = question.id in wrong
        if question.type == q.TRUE_FALSE:
            form[name] = str(question.answer != miss).lower()
        elif question.type in (q.SINGLE, q.MULTIPLE):
            right = {i for i, c in enumerate(question.choices) if c.correct}
            chosen = (set(range(len(question.choices))) - right) if miss else right
            form[name] = [str(order.index(i)) for i in sorted(chosen)][: 1 if miss else None]
        elif question.type == q.ORDERING:
            ranks = list(range(1, len(order) + 1))
            if miss:
                ranks.reverse()
            for position, author_index in enumerate(order):
                form[q.field_name(question.id, position)] = str(ranks[author_index])
    return form


def practical_steps(quiz: q.Quiz, seed: int, wrong: frozenset[str] = frozenset()):
    """(step id, {field: value}) for each step; steps named in ``wrong`` get a wrong value.

    An image field's value is (file object, name), ready for a multipart post; a wrong
    one is no file at all. A new password is always one the site accepts (it refuses
    others), so a wrong password step is one that signs in with something else."""
    question = quiz.practical
    values = task_values(question.variables, seed, question.id)
    for step in question.steps:
        entries = {}
        miss = step.id in wrong
        for field in step.fields:
            if field.kind in (NEW_PASSWORD, CONFIRM_PASSWORD):
                entries[field.name] = NEW_PASSWORD_CHOSEN
                continue
            if field.kind == CHOSEN_PASSWORD:
                entries[field.name] = "Sai#Khac2026" if miss else NEW_PASSWORD_CHOSEN
                continue
            if field.kind == IMAGE:
                if not miss:
                    entries[field.name] = (io.BytesIO(TINY_PNG), "giay-chung-nhan.png")
                continue
            value = fill(field.expect, values)
            if miss:
                value = next((o for o in field.options if o != value), value + "9")
            entries[field.name] = value
        yield step.id, entries
