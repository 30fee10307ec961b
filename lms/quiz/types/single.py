"""``single``: choose the one right answer among 2 to 6 (radio buttons)."""

from ..model import Question
from .base import N_
from .choices import ChoiceType

SINGLE = "single"


class Single(ChoiceType):
    def right_count_problem(self, qid: str, right: int) -> str | None:
        if right != 1:
            return f"câu '{qid}' (single) cần đúng một lựa chọn đúng, có {right}"
        return None

    def grade(self, question: Question, seed: int, submitted):
        found = self.read_positions(question, seed, submitted)
        return found if found and len(found) == 1 else None


TYPE = Single(SINGLE, N_("Chọn một đáp án"), (2, 6))
