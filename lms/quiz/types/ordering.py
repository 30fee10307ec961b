"""``ordering``: put 2 to 8 steps in order, by choosing a rank for each (no dragging:
it must work without JavaScript and with a screen reader)."""

from ..model import Question
from .base import N_, Explained, QuestionType, field_name, positions

ORDERING = "ordering"


class Ordering(QuestionType):
    def parse(self, item, common: dict, reader) -> Question | None:
        qid, (low, high) = common["id"], (2, 8)
        raw = item.get("items")
        if not reader.is_list(raw) or not low <= len(raw) <= high:
            reader.add(item.line_of("items"), f"câu '{qid}' cần 'items' có từ {low} đến {high} mục")
            return None
        texts = [reader.text(entry) for entry in raw]
        for index, entry in enumerate(texts):
            if entry is None:
                reader.add(raw.line_of(index), "mỗi bước phải là một đoạn chữ")
        if len(set(texts)) != len(texts):
            reader.add(raw.line, f"câu '{qid}' có hai bước giống nhau: không thể chấm thứ tự")
        return Question(**common, items=tuple(reader.inline(t or "") for t in texts))

    def texts(self, question: Question) -> tuple[str, ...]:
        return question.items

    def grade(self, question: Question, seed: int, submitted):
        """The author's indexes in the order the learner ranked them; every rank must be
        given, and no two alike."""
        order = self.order(seed, question)
        ranks = []
        for position in range(len(order)):
            values = submitted.get(field_name(question.id, position), ())
            rank = positions([v for v in values if v != ""][:1], len(order) + 1)
            if not rank or rank[0] == 0:
                return None
            ranks.append(rank[0])
        if len(set(ranks)) != len(ranks):
            return None
        by_rank = sorted(range(len(order)), key=lambda position: ranks[position])
        return [order[position] for position in by_rank]

    def is_right(self, question: Question, answer) -> bool:
        return answer == list(range(len(question.items)))

    def answer_key(self, question: Question, answer) -> str | None:
        return ",".join(str(i) for i in answer) if answer else None

    def answer_from_key(self, question: Question, key: str):
        return [int(i) for i in key.split(",")]

    def explain(self, question: Question, answer, seed: int) -> Explained:
        count = len(question.items)
        given = tuple(question.items[i] for i in answer or () if 0 <= i < count)
        return Explained(given, question.items)


TYPE = Ordering(ORDERING, N_("Sắp xếp theo thứ tự"), keys=frozenset({"items"}))
