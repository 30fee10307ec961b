"""Quiz files (``quizzes/<slug>.yaml``) and the criterion file (``quizzes/criteria.yaml``)."""

from dataclasses import dataclass
from pathlib import Path

from ..quiz import TYPES, Question, Quiz, kind_of
from .lessons import SLUG, read_text, reserved_slug_problem, text_hash
from .markdown import render_inline, render_markdown
from .problems import Problem, Problems
from .yamlfile import Items, Node, YamlError, parse, scalar_text

#: Keys every question has; each type reads its own as well (lms.quiz.types).
COMMON_KEYS = frozenset({"id", "type", "text", "explanation"})


class Reader:
    """What a question type needs to read its part of a quiz file (lms.quiz.types.Reader):
    the problem list plus this package's YAML and Markdown helpers, handed over because
    lms.quiz cannot import lms.content."""

    def __init__(self, problems: Problems):
        self.problems = problems
        self.add = problems.add
        self.text = scalar_text
        self.inline = render_inline
        self.markdown = render_markdown

    @staticmethod
    def is_mapping(value) -> bool:
        return isinstance(value, Node)

    @staticmethod
    def is_list(value) -> bool:
        return isinstance(value, Items)


@dataclass(frozen=True)
class QuizSource:
    quiz: Quiz
    source_hash: str
    path: str
    missing_explanations: int
    # The file's exact text: the quiz parser normalises, an export must not.
    source_text: str = ""
    #: Line of ``show:`` in the file, for problems about the pool size.
    show_line: int = 1

    @property
    def slug(self) -> str:
        return self.quiz.slug

    @property
    def show(self) -> int:
        """Questions shown per attempt: ``show:``, or every question when it is absent."""
        return self.quiz.shown_count


def _parse(text: str | None, problems: Problems):
    if text is None:
        return None
    try:
        return parse(text)
    except YamlError as error:
        problems.add(error.line, error.message)
    return None


def load_quiz(path: Path, rel: str, problems: Problems) -> QuizSource | None:
    text = read_text(path, problems)
    if text is None:
        return None
    if not SLUG.match(path.stem):
        problems.add(1, f"tên tệp '{path.name}' phải là chữ thường không dấu, nối bằng '-'")
    return quiz_from_text(path.stem, text, rel, problems)


def quiz_from_text(slug: str, text: str, rel: str, problems: Problems) -> QuizSource | None:
    """A quiz from its YAML text (a file's, or a trainer's form): the same checks for both."""
    if reserved := reserved_slug_problem(slug):
        problems.add(1, reserved)
    data = _parse(text, problems)
    if data is None:
        return None
    if not isinstance(data, Node):
        problems.add(1, "tệp bài kiểm tra phải là các cặp 'khoá: giá trị'")
        return None
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
    if len(questions) > 1 and any(kind_of(q).stepwise for q in questions):
        problems.add(raw_questions.line, "bài thực hành phải là câu duy nhất của bài kiểm tra")
    show = _show(data, len(questions), problems)
    quiz = Quiz(
        slug,
        title or slug,
        render_markdown(intro) if intro else "",
        module,
        tuple(questions),
        time_limit_minutes=time_limit,
        show=show,
    )
    return QuizSource(quiz, text_hash(text), rel, missing, text, data.line_of("show"))


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
        show = quiz.show
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
    kind = TYPES.get(item.get("type")) if isinstance(item.get("type"), str) else None
    if kind is None:
        problems.add(item.line_of("type"), f"'type' phải là một trong: {', '.join(TYPES)}")
        return None
    known = COMMON_KEYS.union(*(other.keys for other in TYPES.values()))
    for key in item:
        if key not in known:
            problems.add(item.line_of(key), f"trường lạ '{key}' trong câu '{qid}'")
    text = scalar_text(item.get("text"))
    if not text:
        problems.add(item.line_of("text"), f"câu '{qid}' thiếu 'text' (nội dung câu hỏi)")
    explanation = scalar_text(item.get("explanation"))
    if not explanation:
        problems.add(item.line_of("explanation"), f"câu '{qid}' thiếu 'explanation' (vì sao)")
    common = {
        "id": qid,
        "type": kind.name,
        "html": render_markdown(text or ""),
        "explanation_html": render_markdown(explanation) if explanation else "",
    }
    return kind.parse(item, common, Reader(problems))


def load_criteria(path: Path, rel: str, quiz_slugs: set[str], problems: Problems) -> dict | None:
    """Validate the criterion file and return it as plain data for :mod:`lms.criteria`."""
    if not path.is_file():
        problems.add(1, "thiếu tệp criteria.yaml (bài kiểm tra bắt buộc cho từng mức)")
        return None
    data = _parse(read_text(path, problems), problems)
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
