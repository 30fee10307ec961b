"""Modules (``module.yaml``) and lessons (Markdown with front matter) from ``content/``."""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .markdown import render_markdown, word_count
from .problems import Problems
from .yamlfile import Node, YamlError, parse

if TYPE_CHECKING:
    from .glossary import Glossary

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Names the studio's own pages take beside modules and quizzes (``/giang-vien/phan/moi``,
#: ``/giang-vien/cau-hoi/nhap``): a module or quiz so named could never be opened there.
RESERVED_SLUGS = frozenset({"moi", "nhap"})


def reserved_slug_problem(slug: str) -> str | None:
    if slug in RESERVED_SLUGS:
        return f"tên '{slug}' đã dành cho một trang của Học Số; hãy chọn tên khác"
    return None


LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
COMPETENCES = {
    "thiet-bi": "Sử dụng thiết bị và phần mềm",
    "thong-tin": "Tìm kiếm và đánh giá thông tin",
    "giao-tiep": "Giao tiếp và hợp tác",
    "an-toan": "An toàn trên môi trường số",
    "dich-vu-cong": "Dịch vụ công trực tuyến",
    "cong-dan-hoc-tap": "Công dân học tập số",
}
#: The six competence domains of the national digital-skills framework (Thông tư
#: 02/2025/TT-BGDĐT). Every lesson names one, so we can show the curriculum covers all six
#: rather than the four a module list happened to cover.
DOMAINS = {
    "thong-tin-du-lieu": "Khai thác dữ liệu và thông tin",
    "giao-tiep-hop-tac": "Giao tiếp và hợp tác trong môi trường số",
    "sang-tao-noi-dung": "Sáng tạo nội dung số",
    "an-toan": "An toàn",
    "giai-quyet-van-de": "Giải quyết vấn đề",
    "ung-dung-ai": "Ứng dụng trí tuệ nhân tạo",
}
AUDIO_PREFIX = "/static/lessons/"
AUDIO_SUFFIXES = (".mp3", ".m4a", ".ogg", ".opus")
MAX_WORDS = 500
WORDS_PER_MINUTE = 200
IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]*)")


@dataclass(frozen=True)
class ModuleSource:
    slug: str
    title: str
    position: int
    competence: str
    summary: str
    path: str
    # The file's exact text, kept so an export writes it back byte for byte.
    source_text: str = ""


@dataclass(frozen=True)
class LessonSource:
    module: str
    slug: str
    position: int
    title: str
    summary: str
    body: str
    html: str
    words: int
    source_hash: str
    path: str
    #: One of DOMAINS: the framework domain this lesson teaches.
    domain: str = ""
    # A trainer's recording of the lesson, a site path under /static/lessons/, or "".
    audio: str = ""
    # The exact text (front matter and body): the database keeps it as the master copy.
    source_text: str = ""

    @property
    def minutes(self) -> int:
        return max(1, -(-self.words // WORDS_PER_MINUTE))


def _text(node: Node, key: str, problems: Problems, required: bool = True) -> str:
    value = node.get(key)
    if value is None:
        if required:
            problems.add(node.line, f"thiếu trường '{key}'")
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.add(node.line_of(key), f"'{key}' phải là một đoạn chữ")
        return ""
    return value.strip()


def load_module(folder: Path, rel: str, problems: Problems) -> ModuleSource | None:
    path = folder / "module.yaml"
    if not SLUG.match(folder.name):
        problems.add(1, f"tên thư mục '{folder.name}' phải là chữ thường không dấu, nối bằng '-'")
    if not path.is_file():
        problems.add(1, "thiếu tệp module.yaml")
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    return module_from_text(folder.name, text, rel, problems)


def read_text(path: Path, problems: Problems) -> str | None:
    """The file's exact text: bytes decoded as UTF-8, line endings untouched (an export
    must give back the same bytes, so nothing is normalised on the way in)."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        problems.add(1, "tệp phải được lưu theo mã UTF-8")
        return None


def module_from_text(slug: str, text: str, rel: str, problems: Problems) -> ModuleSource | None:
    """A module from the text of its ``module.yaml``."""
    if reserved := reserved_slug_problem(slug):
        problems.add(1, reserved)
    try:
        data = parse(text)
    except YamlError as error:
        problems.add(error.line, error.message)
        return None
    if not isinstance(data, Node):
        problems.add(1, "module.yaml phải là các cặp 'khoá: giá trị'")
        return None
    title = _text(data, "title", problems)
    summary = _text(data, "summary", problems, required=False)
    position = data.get("position")
    if not isinstance(position, int) or isinstance(position, bool) or position < 1:
        problems.add(data.line_of("position"), "'position' phải là số nguyên dương")
        position = 0
    competence = data.get("competence")
    if competence not in COMPETENCES:
        problems.add(
            data.line_of("competence"),
            f"'competence' phải là một trong: {', '.join(COMPETENCES)}",
        )
    for key in data:
        if key not in ("title", "summary", "position", "competence"):
            problems.add(data.line_of(key), f"trường lạ '{key}'")
    return ModuleSource(slug, title, position, str(competence), summary, rel, text)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, line where the body starts) or None."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None


def _line_of(body: str, start: int, needle: str) -> int:
    offset = body.find(needle)
    return start + body.count("\n", 0, offset) if offset >= 0 else start


def check_body(
    body: str, start: int, static_root: Path, problems: Problems, uploaded=frozenset()
) -> None:
    """Headings, pictures and links of a lesson's body. ``uploaded``: site paths of
    pictures kept in the database (studio uploads), which exist without a file."""
    for line_number, line in enumerate(body.splitlines(), start=start):
        if re.match(r"^#\s", line):
            problems.add(line_number, "dùng '##' cho tiêu đề trong bài; '#' dành cho tên bài")
    for alt, src in IMAGE.findall(body):
        line = _line_of(body, start, src or alt)
        if not alt.strip():
            problems.add(line, f"hình '{src}' thiếu mô tả (alt) cho người không nhìn thấy hình")
        if not src.startswith("/static/") or ".." in src:
            problems.add(line, f"hình '{src}' phải nằm trong /static/ của trang")
        elif src not in uploaded and not (static_root / src.removeprefix("/static/")).is_file():
            problems.add(line, f"không tìm thấy tệp hình '{src}'")
    for href in LINK.findall(body):
        scheme = href.split(":", 1)[0].lower() if ":" in href else ""
        if scheme and scheme not in ("http", "https", "mailto"):
            problems.add(_line_of(body, start, href), f"liên kết '{href}' không được phép")


def load_lesson(
    path: Path,
    rel: str,
    module: str,
    static_root: Path,
    problems: Problems,
    glossary: "Glossary | None" = None,
) -> LessonSource | None:
    """Read one lesson; with a glossary, its terms' first uses link to the glossary page."""
    match = LESSON_FILE.match(path.name)
    if not match:
        problems.add(1, "tên tệp bài học phải có dạng 'NN-ten-bai.md' (NN là hai chữ số)")
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    return lesson_from_text(
        text, rel, module, match.group(2), int(match.group(1)), static_root, problems, glossary
    )


def lesson_from_text(
    text: str,
    rel: str,
    module: str,
    slug: str,
    position: int,
    static_root: Path,
    problems: Problems,
    glossary: "Glossary | None" = None,
    uploaded=frozenset(),
) -> LessonSource | None:
    """A lesson from its text (a file's, or a trainer's form): the same checks for both.

    ``uploaded``: site paths of pictures stored in the database that the text may use."""
    parts = split_front_matter(text)
    if parts is None:
        problems.add(1, "thiếu phần đầu '---' (front matter) với 'title'")
        return None
    front, body, start = parts
    try:
        meta = parse(front, first_line=2)
    except YamlError as error:
        problems.add(error.line, error.message)
        return None
    if not isinstance(meta, Node):
        problems.add(2, "phần đầu phải là các cặp 'khoá: giá trị'")
        return None
    title = _text(meta, "title", problems)
    summary = _text(meta, "summary", problems, required=False)
    audio = _audio(meta, static_root, problems)
    domain = _domain(meta, problems)
    for key in meta:
        if key not in ("title", "summary", "audio", "domain"):
            problems.add(meta.line_of(key), f"trường lạ '{key}'")
    if not body.strip():
        problems.add(start, "bài học chưa có nội dung")
    words = word_count(body)
    if words > MAX_WORDS:
        problems.add(start, f"bài dài {words} từ; tối đa {MAX_WORDS} từ (đọc trong 5 phút)")
    check_body(body, start, static_root, problems, uploaded)
    html = render_markdown(body)
    if glossary is not None:
        # Terms link to the glossary in the stored HTML (no script needed). The hash stays
        # the hash of the text, so the import and the studio compare texts alike; a new
        # glossary reaches a lesson at its next revision.
        html = glossary.link(html)
    return LessonSource(
        module=module,
        slug=slug,
        position=position,
        title=title,
        summary=summary,
        body=body,
        html=html,
        words=words,
        source_hash=text_hash(text),
        path=rel,
        domain=domain,
        audio=audio,
        source_text=text,
    )


def text_hash(text: str) -> str:
    """The hash of a source text: the same as the hash of the file it was read from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _domain(meta: Node, problems: Problems) -> str:
    """The required ``domain:`` field: one of the framework's six fixed codes."""
    value = meta.get("domain")
    if value is None:
        problems.add(meta.line, f"thiếu trường 'domain' (một trong: {', '.join(DOMAINS)})")
        return ""
    if value not in DOMAINS:
        problems.add(
            meta.line_of("domain"),
            f"'domain' phải là một trong: {', '.join(DOMAINS)}; không có '{value}'",
        )
        return ""
    return value


def _audio(meta: Node, static_root: Path, problems: Problems) -> str:
    """The optional ``audio:`` field: a recording that exists under /static/lessons/."""
    if "audio" not in meta:
        return ""
    value, line = meta.get("audio"), meta.line_of("audio")
    if not isinstance(value, str) or not value.strip():
        problems.add(line, "'audio' phải là đường dẫn tệp ghi âm, ví dụ /static/lessons/...mp3")
        return ""
    path = value.strip()
    if not path.startswith(AUDIO_PREFIX) or ".." in path or "\\" in path:
        problems.add(line, f"tệp ghi âm '{path}' phải nằm trong {AUDIO_PREFIX}")
        return ""
    if not path.lower().endswith(AUDIO_SUFFIXES):
        problems.add(line, f"tệp ghi âm '{path}' phải có đuôi {', '.join(AUDIO_SUFFIXES)}")
        return ""
    if not (static_root / path.removeprefix("/static/")).is_file():
        problems.add(line, f"không tìm thấy tệp ghi âm '{path}'")
        return ""
    return path


def referenced_files(body: str, audio: str | None) -> list[str]:
    """Site paths (``/static/...``) of the pictures and recording a lesson uses, which an
    export copies beside the text."""
    found = [src for _alt, src in IMAGE.findall(body) if src.startswith("/static/")]
    if audio:
        found.append(audio)
    return sorted(set(found))
