"""Quiz files (``quizzes/<slug>.yaml``) and the criterion file (``quizzes/criteria.yaml``)."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..quiz import (
    MULTIPLE,
    ORDERING,
    PRACTICAL,
    QUESTION_TYPES,
    SINGLE,
    TRUE_FALSE,
    Choice,
    Question,
    Quiz,
)
from .lessons import SLUG
from .markdown import render_inline, render_markdown
from .practical import practical_question
from .problems import Problem, Problems
from .yamlfile import Items, Node, YamlError, parse, scalar_text

CHOICE_LIMITS = {SINGLE: (2, 6), MULTIPLE: (2, 8), ORDERING: (2, 8)}
QUESTION_KEYS = {
    "id",
    "type",
    "text",
    "explanation",
    "choices",
    "items",
    "answer",
    "steps",
    "variables",
}


@dataclass(frozen=True)
class PooledQuiz(Quiz):
    """A quiz whose file says how many questions each attempt shows (``show:``).

    The number travels in the stored definition (``to_dict``) so the quiz engine can draw
    ``show`` questions from the pool; ``Quiz.from_dict`` ignores keys it does not know, so
    stored revisions stay readable by code that does not draw yet.
    """

    show: int | None = None

    def to_dict(self) -> dict:
        data = super().to_dict()
        if self.show is not None:
            data["show"] = self.show
        return data


@dataclass(frozen=True)
class QuizSource:
    quiz: Quiz
    source_hash: str
    path: str
    missing_explanations: int
    #: Line of ``show:`` in the file, for problems about the pool size.
    show_line: int = 1

    @property
    def slug(self) -> str:
        return self.quiz.slug

    @property
    def show(self) -> int:
        """Questions shown per attempt: ``show:``, or every question when it is absent."""
        return getattr(self.quiz, "show", None) or len(self.quiz.questions)


def _read(path: Path, problems: Problems):
    try:
        return parse(path.read_text(encoding="utf-8"))
    except YamlError as error:
        problems.add(error.line, error.message)
    except UnicodeDecodeError:
        problems.add(1, "tệp phải được lưu theo mã UTF-8")
    return None


def load_quiz(path: Path, rel: str, problems: Problems) -> QuizSource | None:
    data = _read(path, problems)
    if data is None:
        return None
    if not isinstance(data, Node):
        problems.add(1, "tệp bài kiểm tra phải là các cặp 'khoá: giá trị'")
        return None
    slug = path.stem
    if not SLUG.match(slug):
        problems.add(1, f"tên tệp '{path.name}' phải là chữ thường không dấu, nối bằng '-'")
    title = scalar_text(data.get("title"))
    if not title:
        problems.add(data.line_of("title"), "thiếu 'title' (tên bài kiểm tra)")
    for key in data:
        if key not in ("title", "module", "intro", "questions", "time_limit_minutes", "show"):
            problems.add(data.line_of(key), f"trường lạ '{key}'")
    time_limit = _time_limit(data, problems)
    module = data.get("module")
    if module is not None and not (isinstance(module, str) and SLUG.match(module)):
        problems.add(data.line_of("module"), "'module' phải là tên thư mục của một module")
        module = None
    intro = scalar_text(data.get("intro")) or ""
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, Items) or not raw_questions:
        problems.add(data.line_of("questions"), "cần danh sách 'questions' có ít nhất một câu")
        return None
    questions, seen, missing = [], set(), 0
    for index, item in enumerate(raw_questions):
        line = raw_questions.line_of(index)
        if not isinstance(item, Node):
            problems.add(line, "mỗi câu hỏi phải là các cặp 'khoá: giá trị'")
            continue
        question = _question(item, problems)
        if question is None:
            continue
        if question.id in seen:
            problems.add(item.line_of("id"), f"mã câu hỏi '{question.id}' bị trùng")
        seen.add(question.id)
        if not question.explanation_html:
            missing += 1
        questions.append(question)
    if len(questions) > 1 and any(q.type == PRACTICAL for q in questions):
        problems.add(raw_questions.line, "bài thực hành phải là câu duy nhất của bài kiểm tra")
    show = _show(data, len(questions), problems)
    quiz = PooledQuiz(
        slug,
        title or slug,
        render_markdown(intro) if intro else "",
        module,
        tuple(questions),
        time_limit_minutes=time_limit,
        show=show,
    )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return QuizSource(quiz, digest, rel, missing, data.line_of("show"))


def _show(data: Node, pool: int, problems: Problems) -> int | None:
    """Optional ``show``: how many questions one attempt draws from the pool."""
    value = data.get("show")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.add(data.line_of("show"), "'show' phải là số câu hỏi mỗi lần làm, số nguyên ≥ 1")
        return None
    if value > pool:
        problems.add(data.line_of("show"), f"'show' là {value} nhưng bài chỉ có {pool} câu hỏi")
        return None
    return value


def check_pools(quizzes: list[QuizSource], criteria: dict) -> list[Problem]:
    """A quiz a level requires must hold at least twice the questions it shows.

    Otherwise a retake is the same paper and a pass can be memorised, not earned. The
    practical test is one task with values drawn per attempt, so it is exempt.
    """
    required = {slug for level in criteria["levels"] for slug in level["requires"]}
    found = []
    for source in quizzes:
        quiz = source.quiz
        if source.slug not in required or quiz.practical is not None:
            continue
        show = getattr(quiz, "show", None)
        if show is not None and len(quiz.questions) < 2 * show:
            found.append(
                Problem(
                    source.path,
                    source.show_line,
                    f"bài bắt buộc cần ít nhất {2 * show} câu hỏi (gấp đôi 'show: {show}'),"
                    f" mới có {len(quiz.questions)}",
                )
            )
    return found


#: The longest time limit a quiz may set; a real test of these skills takes minutes.
MAX_TIME_LIMIT = 180


def _time_limit(data: Node, problems: Problems) -> int | None:
    """Optional ``time_limit_minutes``: the server refuses answers after it (plus grace)."""
    value = data.get("time_limit_minutes")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TIME_LIMIT:
        problems.add(
            data.line_of("time_limit_minutes"),
            f"'time_limit_minutes' phải là số phút, số nguyên từ 1 đến {MAX_TIME_LIMIT}",
        )
        return None
    return value


def _question(item: Node, problems: Problems) -> Question | None:
    qid = item.get("id")
    if not isinstance(qid, str) or not SLUG.match(qid):
        problems.add(item.line_of("id"), "câu hỏi cần 'id' dạng chữ thường không dấu, nối bằng '-'")
        return None
    kind = item.get("type")
    if kind not in QUESTION_TYPES:
        problems.add(item.line_of("type"), f"'type' phải là một trong: {', '.join(QUESTION_TYPES)}")
        return None
    for key in item:
        if key not in QUESTION_KEYS:
            problems.add(item.line_of(key), f"trường lạ '{key}' trong câu '{qid}'")
    text = scalar_text(item.get("text"))
    if not text:
        problems.add(item.line_of("text"), f"câu '{qid}' thiếu 'text' (nội dung câu hỏi)")
    explanation = scalar_text(item.get("explanation"))
    if not explanation:
        problems.add(item.line_of("explanation"), f"câu '{qid}' thiếu 'explanation' (vì sao)")
    common = {
        "id": qid,
        "type": kind,
        "html": render_markdown(text or ""),
        "explanation_html": render_markdown(explanation) if explanation else "",
    }
    if kind == PRACTICAL:
        return practical_question(item, common, problems)
    if kind == TRUE_FALSE:
        answer = item.get("answer")
        if not isinstance(answer, bool):
            problems.add(item.line_of("answer"), f"câu '{qid}' cần 'answer: true' hoặc 'false'")
            return None
        return Question(**common, answer=answer)
    low, high = CHOICE_LIMITS[kind]
    key = "items" if kind == ORDERING else "choices"
    raw = item.get(key)
    if not isinstance(raw, Items) or not low <= len(raw) <= high:
        problems.add(item.line_of(key), f"câu '{qid}' cần '{key}' có từ {low} đến {high} mục")
        return None
    if kind == ORDERING:
        texts = [scalar_text(entry) for entry in raw]
        for index, entry in enumerate(texts):
            if entry is None:
                problems.add(raw.line_of(index), "mỗi bước phải là một đoạn chữ")
        if len(set(texts)) != len(texts):
            problems.add(raw.line, f"câu '{qid}' có hai bước giống nhau: không thể chấm thứ tự")
        return Question(**common, items=tuple(render_inline(t or "") for t in texts))
    choices = []
    for index, entry in enumerate(raw):
        choice_text = scalar_text(entry.get("text")) if isinstance(entry, Node) else None
        if choice_text is None:
            problems.add(raw.line_of(index), "mỗi lựa chọn cần 'text'")
            continue
        correct = entry.get("correct", False)
        if not isinstance(correct, bool):
            problems.add(entry.line_of("correct"), "'correct' phải là true hoặc false")
            correct = False
        choices.append(Choice(render_inline(choice_text), correct))
    right = sum(c.correct for c in choices)
    if kind == SINGLE and right != 1:
        problems.add(
            item.line_of(key), f"câu '{qid}' (single) cần đúng một lựa chọn đúng, có {right}"
        )
    if kind == MULTIPLE and right == 0:
        problems.add(item.line_of(key), f"câu '{qid}' cần ít nhất một lựa chọn đúng")
    if len({c.html for c in choices}) != len(choices):
        problems.add(item.line_of(key), f"câu '{qid}' có hai lựa chọn giống nhau")
    return Question(**common, choices=tuple(choices))


def load_criteria(path: Path, rel: str, quiz_slugs: set[str], problems: Problems) -> dict | None:
    """Validate the criterion file and return it as plain data for :mod:`lms.criteria`."""
    if not path.is_file():
        problems.add(1, "thiếu tệp criteria.yaml (bài kiểm tra bắt buộc cho từng mức)")
        return None
    data = _read(path, problems)
    if not isinstance(data, Node):
        if data is not None:
            problems.add(1, "criteria.yaml phải là các cặp 'khoá: giá trị'")
        return None
    default = data.get("default_pass_mark", 80)
    if not _is_mark(default):
        problems.add(data.line_of("default_pass_mark"), "điểm đạt phải là số từ 1 đến 100")
        default = 80
    marks = data.get("pass_marks") or Node()
    if not isinstance(marks, Node):
        problems.add(data.line_of("pass_marks"), "'pass_marks' phải là các cặp 'bài: điểm'")
        marks = Node()
    for slug, mark in marks.items():
        if slug not in quiz_slugs:
            problems.add(marks.line_of(slug), f"không có bài kiểm tra '{slug}'")
        if not _is_mark(mark):
            problems.add(marks.line_of(slug), "điểm đạt phải là số từ 1 đến 100")
    levels, codes = [], set()
    raw_levels = data.get("levels")
    if not isinstance(raw_levels, Items) or not raw_levels:
        problems.add(data.line_of("levels"), "cần danh sách 'levels'")
        raw_levels = Items()
    for index, level in enumerate(raw_levels):
        if not isinstance(level, Node):
            problems.add(raw_levels.line_of(index), "mỗi mức phải là các cặp 'khoá: giá trị'")
            continue
        code, title = scalar_text(level.get("code")), scalar_text(level.get("title"))
        if not code or not title:
            problems.add(level.line, "mỗi mức cần 'code' và 'title'")
            continue
        if len(code) > 10:
            problems.add(level.line_of("code"), f"mã mức '{code}' dài quá 10 ký tự")
            continue
        includes = level.get("includes")
        if includes is not None and includes not in codes:
            problems.add(level.line_of("includes"), f"'{includes}' phải là một mức đứng trước")
        requires = level.get("requires")
        if not isinstance(requires, Items) or not requires:
            problems.add(level.line_of("requires"), f"mức {code} cần danh sách 'requires'")
            requires = Items()
        for position, slug in enumerate(requires):
            if slug not in quiz_slugs:
                problems.add(requires.line_of(position), f"không có bài kiểm tra '{slug}'")
        points = level.get("points", 0)
        if not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= 10:
            problems.add(level.line_of("points"), "'points' phải là số nguyên từ 0 đến 10")
            points = 0
        codes.add(code)
        levels.append(
            {
                "code": code,
                "title": title,
                "includes": includes,
                "requires": [str(s) for s in requires],
                "points": points,
                "description": scalar_text(level.get("description")) or "",
            }
        )
    if sum(level["points"] for level in levels) > 10:
        problems.add(data.line, "tổng 'points' của các mức không được quá 10 (thang chỉ số 5)")
    return {"default_pass_mark": default, "pass_marks": dict(marks), "levels": levels}


def _is_mark(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100
