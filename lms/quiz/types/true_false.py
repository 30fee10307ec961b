"""``true_false``: is the statement true? Two fixed options, shown in the interface
language (they are our texts, not the author's)."""

from ..model import Question
from .base import N_, Explained, Option, QuestionType, field_name

TRUE_FALSE = "true_false"
#: Form value and label of each option, in the order shown.
TRUE_FALSE_OPTIONS = (("true", N_("Đúng")), ("false", N_("Sai")))


class TrueFalse(QuestionType):
    def parse(self, item, common: dict, reader) -> Question | None:
        answer = item.get("answer")
        if not isinstance(answer, bool):
            message = f"câu '{common['id']}' cần 'answer: true' hoặc 'false'"
            reader.add(item.line_of("answer"), message)
            return None
        return Question(**common, answer=answer)

    def texts(self, question: Question) -> list[str]:
        return [label for _value, label in TRUE_FALSE_OPTIONS]

    def form(self, question: Question, seed: int) -> tuple[Option, ...]:
        return tuple(Option(value, label) for value, label in TRUE_FALSE_OPTIONS)

    def grade(self, question: Question, seed: int, submitted):
        values = submitted.get(field_name(question.id), ())
        if len(values) != 1 or values[0] not in ("true", "false"):
            return None
        return [values[0] == "true"]

    def is_right(self, question: Question, answer) -> bool:
        return answer == [question.answer]

    def answer_key(self, question: Question, answer) -> str | None:
        return ("true" if answer[0] else "false") if answer else None

    def answer_from_key(self, question: Question, key: str):
        if key not in ("true", "false"):
            raise ValueError(key)
        return [key == "true"]

    def explain(self, question: Question, answer, seed: int) -> Explained:
        labels = dict(TRUE_FALSE_OPTIONS)
        given = tuple(labels["true" if a else "false"] for a in answer or ())
        return Explained(given, (labels["true" if question.answer else "false"],))


TYPE = TrueFalse(
    TRUE_FALSE, N_("Đúng hay sai"), keys=frozenset({"answer"}), fixed_order=True, own_texts=True
)
