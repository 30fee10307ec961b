"""The next step: the first unread lesson, then the module's quiz, then the practical test."""

from lms.criteria import Rules
from lms.learn.catalogue import LessonEntry, ModuleEntry
from lms.learn.reading import LessonLink, ModuleOutline, QuizLink
from lms.learn.way import DONE, LESSON, QUIZ, level_views, module_cards, next_step
from lms.standing import LevelView

RULES = Rules.from_dict(
    {
        "levels": [
            {"code": "KNS-1", "title": "Cơ bản", "requires": ["mot", "hai"]},
            {"code": "KNS-2", "title": "Thực hành", "requires": ["thuc-hanh"]},
        ]
    }
)


def modules(done: set[int]) -> list[ModuleEntry]:
    outline = [
        ModuleOutline(
            m,
            f"phan-{m}",
            f"Phần {m}",
            "",
            tuple(LessonLink(m * 10 + n, f"phan-{m}", f"bai-{n}", f"Bài {n}", 3) for n in (1, 2)),
            (QuizLink(m, ("mot", "hai")[m - 1], f"Kiểm tra {m}", 5),),
        )
        for m in (1, 2)
    ]
    return [
        ModuleEntry(o, [LessonEntry(link, link.id in done) for link in o.lessons]) for o in outline
    ]


def step(done: set[int], best: dict[int, int] | None = None, slugs: dict | None = None):
    cards = module_cards(modules(done), best or {}, RULES)
    return next_step(cards, slugs or {}, RULES, {"thuc-hanh": "Thực hành"})


def test_the_first_unread_lesson_comes_first():
    first = step(set())
    assert (first.kind, first.lesson.id, first.module_number, first.lesson_number) == (
        LESSON,
        11,
        1,
        1,
    )
    assert step({11}).lesson.id == 12


def test_a_read_module_leads_to_its_quiz_until_it_is_passed():
    assert (step({11, 12}).kind, step({11, 12}).quiz.slug) == (QUIZ, "mot")
    assert step({11, 12}, {1: 60}).quiz.slug == "mot"  # below the pass mark: still the quiz
    assert step({11, 12}, {1: 80}).lesson.id == 21


def test_after_the_modules_the_practical_test_then_nothing():
    every = {11, 12, 21, 22}
    passed = {1: 100, 2: 90}
    practical = step(every, passed)
    assert (practical.kind, practical.quiz.slug, practical.quiz.title) == (
        QUIZ,
        "thuc-hanh",
        "Thực hành",
    )
    assert step(every, passed, {"thuc-hanh": 80}).kind == DONE


def test_levels_count_what_is_passed_and_what_remains():
    """Stored levels (lms.standing) list only what is missing; the bar counts from the rules."""
    required = {level.code: level.requires for level in RULES.levels}
    basic_code, practical_code = (level.code for level in RULES.levels)
    statuses = [
        LevelView(basic_code, "", False, None, (), required[basic_code][1:]),
        LevelView(practical_code, "", False, None, (), required[practical_code]),
    ]
    (basic, practical) = level_views(statuses, RULES)
    assert (basic.passed, basic.required, basic.remaining) == (1, 2, 1)
    assert practical.remaining == 1
    met = LevelView(basic_code, "", True, None, (), ())
    assert level_views([met], RULES)[0].remaining == 0
