"""``practical``: a scripted task on a simulated website, answered step by step on its
own pages and graded per step (see :mod:`lms.quiz.practical`)."""

from ..model import Question
from ..practical import StepResult, forget_secrets, grade_steps, task_values
from .base import N_, Explained, QuestionType

PRACTICAL = "practical"


def practical_results(question: Question, seed: int, given) -> list[StepResult]:
    values = task_values(question.variables, seed, question.id)
    return grade_steps(question.steps, values, given if isinstance(given, dict) else {})


class Practical(QuestionType):
    def parse(self, item, common: dict, reader) -> Question | None:
        # Checking a practical test needs the file's own mappings and lists; that reader
        # lives with the other file readers. Imported here: lms.content imports lms.quiz.
        from ...content.practical import practical_question

        return practical_question(item, common, reader.problems)

    def check(self, question: Question, answer, seed: int) -> tuple[int, int]:
        steps = practical_results(question, seed, answer)
        return sum(step.right for step in steps), len(steps)

    def answered(self, answer) -> bool:
        return bool(answer)

    def explain(self, question: Question, answer, seed: int) -> Explained:
        return Explained(steps=tuple(practical_results(question, seed, answer)))

    def shown_to_owner(self, question: Question, answer):
        """A step left half-way may hold the new password's digest: never in a download."""
        if not isinstance(answer, dict):
            return answer
        return forget_secrets(question, answer)

    def without_typed_text(self, question: Question, answer, seed: int):
        """{step id: right?}: the step statistics survive, the typed text does not."""
        given = answer if isinstance(answer, dict) else {}
        steps = practical_results(question, seed, given)
        return {r.step.id: r.right for r in steps if r.step.id in given}


TYPE = Practical(
    PRACTICAL, N_("Bài thực hành"), keys=frozenset({"steps", "variables"}), stepwise=True
)
