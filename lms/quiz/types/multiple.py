"""``multiple``: tick every right answer among 2 to 8 (check boxes)."""

from ..model import Question
from .base import N_
from .choices import ChoiceType

MULTIPLE = "multiple"


class Multiple(ChoiceType):
    def right_count_problem(self, qid: str, right: int) -> str | None:
        return f"câu '{qid}' cần ít nhất một lựa chọn đúng" if right == 0 else None

    def grade(self, question: Question, seed: int, submitted):
        return self.read_positions(question, seed, submitted)


TYPE = Multiple(MULTIPLE, N_("Chọn tất cả đáp án đúng"), (2, 8))
