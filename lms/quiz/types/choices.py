"""What single- and multiple-choice questions share: a shuffled list of choices."""

from ..model import Choice, Question
from .base import Explained, QuestionType, field_name, positions


class ChoiceType(QuestionType):
    """A question answered by ticking choices; the answer is the sorted author's indexes."""

    #: how many choices a question may have
    limits: tuple[int, int] = (2, 6)

    def __init__(self, name: str, label: str, limits: tuple[int, int]):
        super().__init__(name, label, keys=frozenset({"choices"}))
        self.limits = limits

    def right_count_problem(self, qid: str, right: int) -> str | None:
        """What is wrong with a question that has ``right`` correct choices, if anything."""
        return None

    def parse(self, item, common: dict, reader) -> Question | None:
        qid, (low, high) = common["id"], self.limits
        raw = item.get("choices")
        if not reader.is_list(raw) or not low <= len(raw) <= high:
            message = f"câu '{qid}' cần 'choices' có từ {low} đến {high} mục"
            reader.add(item.line_of("choices"), message)
            return None
        choices = []
        for index, entry in enumerate(raw):
            choice_text = reader.text(entry.get("text")) if reader.is_mapping(entry) else None
            if choice_text is None:
                reader.add(raw.line_of(index), "mỗi lựa chọn cần 'text'")
                continue
            correct = entry.get("correct", False)
            if not isinstance(correct, bool):
                reader.add(entry.line_of("correct"), "'correct' phải là true hoặc false")
                correct = False
            choices.append(Choice(reader.inline(choice_text), correct))
        problem = self.right_count_problem(qid, sum(c.correct for c in choices))
        if problem:
            reader.add(item.line_of("choices"), problem)
        if len({c.html for c in choices}) != len(choices):
            reader.add(item.line_of("choices"), f"câu '{qid}' có hai lựa chọn giống nhau")
        return Question(**common, choices=tuple(choices))

    def texts(self, question: Question) -> list[str]:
        return [choice.html for choice in question.choices]

    def read_positions(self, question: Question, seed: int, submitted) -> list[int] | None:
        order = self.order(seed, question)
        found = positions(submitted.get(field_name(question.id), ()), len(order))
        return sorted({order[p] for p in found}) if found else None

    def is_right(self, question: Question, answer) -> bool:
        return sorted(answer) == [i for i, c in enumerate(question.choices) if c.correct]

    def answer_key(self, question: Question, answer) -> str | None:
        return ",".join(str(i) for i in sorted(answer)) if answer else None

    def answer_from_key(self, question: Question, key: str):
        return [int(i) for i in key.split(",")]

    def explain(self, question: Question, answer, seed: int) -> Explained:
        count = len(question.choices)
        given = () if answer is None else answer
        return Explained(
            tuple(question.choices[i].html for i in given if 0 <= i < count),
            tuple(c.html for c in question.choices if c.correct),
        )
