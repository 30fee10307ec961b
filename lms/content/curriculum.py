"""The whole shipped curriculum: load every file, check it, count it."""

from dataclasses import dataclass, field
from pathlib import Path

from .lessons import LessonSource, ModuleSource, load_lesson, load_module
from .problems import Problem, Problems
from .quizzes import QuizSource, load_criteria, load_quiz

CRITERIA_FILE = "criteria.yaml"


@dataclass
class Curriculum:
    modules: list[ModuleSource] = field(default_factory=list)
    lessons: list[LessonSource] = field(default_factory=list)
    quizzes: list[QuizSource] = field(default_factory=list)
    criteria: dict | None = None
    # The criterion file's exact text, kept so an export writes it back byte for byte.
    criteria_text: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def stats(self) -> dict:
        longest = max(self.lessons, key=lambda lesson: lesson.words, default=None)
        return {
            "modules": len(self.modules),
            "lessons": len(self.lessons),
            "quizzes": len(self.quizzes),
            "questions": sum(len(q.quiz.questions) for q in self.quizzes),
            "questions_without_explanation": sum(q.missing_explanations for q in self.quizzes),
            "longest_lesson_words": longest.words if longest else 0,
            "longest_lesson": f"{longest.module}/{longest.slug}" if longest else None,
            "problems": len(self.problems),
        }


def load_curriculum(root: Path) -> Curriculum:
    """Read ``content/``, ``quizzes/`` (and check images in ``static/``) under ``root``."""
    curriculum = Curriculum()
    content_dir, quiz_dir, static_dir = root / "content", root / "quizzes", root / "static"
    problems: list[Problem] = []

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    positions: dict[int, str] = {}
    for folder in (
        sorted(p for p in content_dir.iterdir() if p.is_dir()) if content_dir.is_dir() else []
    ):
        found = Problems(rel(folder / "module.yaml"))
        module = load_module(folder, found.path, found)
        problems.extend(found)
        if module is None:
            continue
        if module.position in positions:
            problems.append(
                Problem(
                    found.path,
                    1,
                    f"'position' {module.position} trùng với module '{positions[module.position]}'",
                )
            )
        positions[module.position] = module.slug
        curriculum.modules.append(module)
        slugs: dict[str, str] = {}
        for path in sorted(folder.glob("*.md")):
            found = Problems(rel(path))
            lesson = load_lesson(path, found.path, module.slug, static_dir, found)
            if lesson and lesson.slug in slugs:
                found.add(1, f"tên bài '{lesson.slug}' trùng với {slugs[lesson.slug]}")
            problems.extend(found)
            if lesson:
                slugs[lesson.slug] = found.path
                curriculum.lessons.append(lesson)
    curriculum.modules.sort(key=lambda m: m.position)
    module_slugs = {m.slug for m in curriculum.modules}
    for path in sorted(quiz_dir.glob("*.yaml")) if quiz_dir.is_dir() else []:
        if path.name == CRITERIA_FILE:
            continue
        found = Problems(rel(path))
        source = load_quiz(path, found.path, found)
        if source and source.quiz.module and source.quiz.module not in module_slugs:
            found.add(1, f"không có module '{source.quiz.module}'")
        problems.extend(found)
        if source:
            curriculum.quizzes.append(source)
    found = Problems(rel(quiz_dir / CRITERIA_FILE))
    curriculum.criteria = load_criteria(
        quiz_dir / CRITERIA_FILE, found.path, {q.slug for q in curriculum.quizzes}, found
    )
    problems.extend(found)
    if curriculum.criteria is not None:
        curriculum.criteria_text = (quiz_dir / CRITERIA_FILE).read_bytes().decode("utf-8")
    curriculum.problems = sorted(problems)
    return curriculum
