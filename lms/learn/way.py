"""The learner's way: what to do next, and how far each module and level has come.

View-models for the home page, the module page and the progress page, computed from the
outline (cached), the learner's done marks and best scores: no Flask here and no query
of its own, so the pages stay cheap and the rule is tested without a browser.

The next step is the first thing not yet done in reading order: an unread lesson of the
first unfinished module, or that module's quiz once its lessons are read, then any
required quiz outside the modules (the practical test), then nothing.
"""

from dataclasses import dataclass

from ..criteria import Rules
from ..standing import LevelView
from .catalogue import ModuleEntry
from .reading import LessonLink, QuizLink

LESSON, QUIZ, DONE = "lesson", "quiz", "done"


@dataclass(frozen=True)
class NextStep:
    kind: str  # LESSON, QUIZ or DONE
    lesson: LessonLink | None = None
    quiz: QuizLink | None = None
    module_number: int = 0
    lesson_number: int = 0
    module_title: str = ""


@dataclass(frozen=True)
class QuizState:
    quiz: QuizLink
    best: int | None
    pass_mark: int

    @property
    def passed(self) -> bool:
        return self.best is not None and self.best >= self.pass_mark


@dataclass(frozen=True)
class ModuleCard:
    number: int
    entry: ModuleEntry
    quizzes: tuple[QuizState, ...]

    @property
    def total(self) -> int:
        return len(self.entry.lessons)

    @property
    def done(self) -> int:
        return self.entry.done_count


def module_cards(
    modules: list[ModuleEntry], best: dict[int, int], rules: Rules
) -> list[ModuleCard]:
    return [
        ModuleCard(
            number,
            entry,
            tuple(QuizState(q, best.get(q.id), rules.pass_mark(q.slug)) for q in entry.quizzes),
        )
        for number, entry in enumerate(modules, 1)
    ]


def next_step(
    cards: list[ModuleCard], best_by_slug: dict[str, int], rules: Rules, titles: dict[str, str]
) -> NextStep:
    """The one thing to do next (see the module docstring for the order)."""
    for card in cards:
        for number, item in enumerate(card.entry.lessons, 1):
            if not item.done:
                return NextStep(
                    LESSON,
                    lesson=item.lesson,
                    module_number=card.number,
                    lesson_number=number,
                    module_title=card.entry.module.title,
                )
        for state in card.quizzes:
            if not state.passed:
                return NextStep(
                    QUIZ,
                    quiz=state.quiz,
                    module_number=card.number,
                    module_title=card.entry.module.title,
                )
    in_modules = {state.quiz.slug for card in cards for state in card.quizzes}
    for level in rules.levels:
        for slug in level.requires:
            if slug in in_modules or best_by_slug.get(slug, -1) >= rules.pass_mark(slug):
                continue
            return NextStep(QUIZ, quiz=QuizLink(0, slug, titles.get(slug, slug)))
    return NextStep(DONE)


@dataclass(frozen=True)
class LevelBar:
    """One criterion level as the progress page shows it: done, remaining, a bar."""

    status: LevelView
    required: int
    passed: int

    @property
    def remaining(self) -> int:
        return self.required - self.passed


def level_views(statuses: list[LevelView], rules: Rules) -> list[LevelBar]:
    """The stored levels with their bars: quizzes passed out of those each level requires."""
    required = {level.code: len(level.requires) for level in rules.levels}
    bars = []
    for status in statuses:
        total = required.get(status.code, 0)
        passed = total if status.met else total - len(status.missing)
        bars.append(LevelBar(status, total, passed))
    return bars
