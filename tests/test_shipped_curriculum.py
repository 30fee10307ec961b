"""The curriculum we ship: clean, within its limits, and importable."""

from pathlib import Path

import pytest

from lms.config import ROOT
from lms.content import MAX_WORDS, load_curriculum
from lms.content.lessons import DOMAINS
from lms.publishing import import_curriculum


@pytest.fixture(scope="module")
def shipped():
    return load_curriculum(ROOT)


def test_shipped_curriculum_has_no_problems(shipped):
    assert [str(p) for p in shipped.problems] == []


def test_every_lesson_is_short_and_has_one_remember_box(shipped):
    for lesson in shipped.lessons:
        assert lesson.words <= MAX_WORDS, lesson.path
        assert lesson.html.count('<div class="ghi-nho">') == 1, lesson.path


def test_every_question_explains_why(shipped):
    assert shipped.stats()["questions_without_explanation"] == 0
    for source in shipped.quizzes:
        if source.quiz.practical is None:
            assert len(source.quiz.questions) >= 8, source.path


def test_the_question_pool_is_large_enough(shipped):
    assert shipped.stats()["questions"] >= 150


def core_quizzes(shipped) -> set[str]:
    """The five KNS-1 quizzes and the Công dân học tập quiz: the ones a level requires."""
    required = {slug for level in shipped.criteria["levels"] for slug in level["requires"]}
    return {q.slug for q in shipped.quizzes if q.slug in required and q.quiz.practical is None}


def test_every_core_quiz_draws_ten_from_a_pool_of_at_least_twenty(shipped):
    core = core_quizzes(shipped)
    assert len(core) == 6 and "cong-dan-hoc-tap-so" in core
    pools = shipped.stats()["quiz_pools"]
    for slug in core:
        assert pools[slug]["show"] == 10, slug
        assert pools[slug]["questions"] >= 2 * pools[slug]["show"], slug
        source = next(q for q in shipped.quizzes if q.slug == slug)
        assert source.quiz.to_dict()["show"] == 10, slug


def test_every_lesson_has_a_domain_and_every_domain_four_lessons(shipped):
    for lesson in shipped.lessons:
        assert lesson.domain in DOMAINS, lesson.path
    per_domain = shipped.stats()["lessons_per_domain"]
    assert set(per_domain) == set(DOMAINS)
    assert all(count >= 4 for count in per_domain.values()), per_domain


def test_no_lesson_reads_a_table_aloud(shipped):
    for lesson in shipped.lessons:
        assert "<table" not in lesson.html, lesson.path


def test_the_glossary_explains_about_forty_terms_and_lessons_link_to_it(shipped):
    assert shipped.glossary is not None and len(shipped.glossary.terms) >= 40
    linked = [lesson for lesson in shipped.lessons if 'href="/tu-dien#' in lesson.html]
    assert len(linked) >= 0.9 * len(shipped.lessons)  # a lesson may use no glossary term


def test_kns2_requires_the_practical_test_and_the_cong_dan_hoc_tap_quiz(shipped):
    kns2 = next(level for level in shipped.criteria["levels"] if level["code"] == "KNS-2")
    practical = {s.slug for s in shipped.quizzes if s.quiz.practical is not None}
    assert practical and set(kns2["requires"]) == practical | {"cong-dan-hoc-tap-so"}


def test_lesson_pictures_are_small_self_contained_svgs():
    pictures = list((ROOT / "static" / "lessons").rglob("*.svg"))
    assert pictures
    for path in pictures:
        text = path.read_text(encoding="utf-8")
        assert path.stat().st_size <= 10 * 1024, path
        assert "<title>" in text, path
        for forbidden in ("<script", "href=", "@import", "url(", "<foreignObject"):
            assert forbidden not in text, (path, forbidden)


def test_every_required_quiz_exists(shipped):
    slugs = {q.slug for q in shipped.quizzes}
    for level in shipped.criteria["levels"]:
        assert set(level["requires"]) <= slugs, level["code"]


def test_shipped_curriculum_imports(session, shipped):
    report = import_curriculum(session, shipped)
    assert len(report.new_revisions) == len(shipped.lessons) + len(shipped.quizzes) + 1


def test_no_citizen_id_is_asked_anywhere_in_our_pages():
    for template in Path(ROOT / "lms" / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8").lower()
        assert 'name="cccd' not in text and 'name="cmnd' not in text, template
