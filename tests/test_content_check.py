"""`lms content check`: every problem in a file as path:line: message, non-zero exit."""

import shutil
import subprocess
import sys

import pytest

from lms.cli import main
from lms.content import load_curriculum

from .paths import CURRICULUM


@pytest.fixture
def tree(tmp_path):
    """A writable copy of the fixture curriculum."""
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    return root


def problems(root) -> list[str]:
    return [str(p) for p in load_curriculum(root).problems]


def test_fixture_curriculum_is_clean_and_counted(tree):
    curriculum = load_curriculum(tree)
    assert curriculum.problems == []
    stats = curriculum.stats()
    assert stats["modules"] == 2 and stats["lessons"] == 4 and stats["quizzes"] == 3
    assert stats["questions"] == 6 and stats["questions_without_explanation"] == 0
    assert stats["longest_lesson"] == "dien-thoai/bat-tat-may"


def write(root, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


QUIZ_HEAD = "title: Thử\nquestions:\n"

BROKEN = [
    # (file, text, expected "path:line: message" fragment)
    (
        "content/dien-thoai/03-bai-hong.md",
        "---\ntitle: [khong dong\n---\nNội dung\n",
        "content/dien-thoai/03-bai-hong.md:2: YAML không hợp lệ",
    ),
    (
        "content/dien-thoai/03-khong-ten.md",
        "---\nsummary: x\n---\nNội dung\n",
        "content/dien-thoai/03-khong-ten.md:2: thiếu trường 'title'",
    ),
    (
        "content/dien-thoai/03-khong-dau.md",
        "Không có phần đầu\n",
        "content/dien-thoai/03-khong-dau.md:1: thiếu phần đầu",
    ),
    (
        "content/dien-thoai/ten-sai.md",
        "---\ntitle: x\n---\nx\n",
        "content/dien-thoai/ten-sai.md:1: tên tệp bài học",
    ),
    (
        "content/dien-thoai/03-dai.md",
        "---\ntitle: Dài\n---\n" + "chữ " * 501,
        "content/dien-thoai/03-dai.md:4: bài dài 501 từ",
    ),
    (
        "content/dien-thoai/03-hinh.md",
        "---\ntitle: Hình\n---\nMở đầu\n\n![](/static/khong-co.svg)\n",
        "content/dien-thoai/03-hinh.md:6: hình '/static/khong-co.svg' thiếu mô tả",
    ),
    (
        "content/dien-thoai/03-hinh2.md",
        "---\ntitle: Hình\n---\n\n![Nút](/static/khong-co.svg)\n",
        "content/dien-thoai/03-hinh2.md:5: không tìm thấy tệp hình",
    ),
    (
        "content/dien-thoai/03-link.md",
        "---\ntitle: L\n---\n\n\n[x](javascript:alert(1))\n",
        "content/dien-thoai/03-link.md:6: liên kết 'javascript:alert(1' không được phép",
    ),
    (
        "content/dien-thoai/03-h1.md",
        "---\ntitle: T\n---\n# Tiêu đề\n",
        "content/dien-thoai/03-h1.md:4: dùng '##'",
    ),
    (
        "content/phan-moi/module.yaml",
        "title: Mới\nposition: 1\ncompetence: thiet-bi\n",
        "content/phan-moi/module.yaml:1: 'position' 1 trùng",
    ),
    (
        # The studio's "new module" page is /giang-vien/phan/moi: this one could not open.
        "content/moi/module.yaml",
        "title: Mới\nposition: 9\ncompetence: thiet-bi\n",
        "content/moi/module.yaml:1: tên 'moi' đã dành cho một trang của Học Số",
    ),
    (
        "quizzes/nhap.yaml",
        "title: T\nquestions:\n  - id: a\n"
        "    type: true_false\n    text: H\n    explanation: V\n    answer: true\n",
        "quizzes/nhap.yaml:1: tên 'nhap' đã dành cho một trang của Học Số",
    ),
    (
        "content/phan-moi/module.yaml",
        "title: Mới\nposition: 9\ncompetence: bay-bong\n",
        "content/phan-moi/module.yaml:3: 'competence' phải là một trong",
    ),
    (
        "quizzes/hong.yaml",
        QUIZ_HEAD + "  - id: a\n    type: single\n    text: Hỏi\n"
        "    explanation: Vì\n    choices:\n      - {text: A, correct: true}\n"
        "      - {text: B, correct: true}\n",
        "quizzes/hong.yaml:7: câu 'a' (single) cần đúng một lựa chọn đúng, có 2",
    ),
    (
        "quizzes/hong.yaml",
        QUIZ_HEAD + "  - id: a\n    type: essay\n    text: Hỏi\n",
        "quizzes/hong.yaml:4: 'type' phải là một trong",
    ),
    (
        "quizzes/hong.yaml",
        QUIZ_HEAD + "  - id: a\n    type: true_false\n    text: Hỏi\n    answer: true\n",
        "quizzes/hong.yaml:3: câu 'a' thiếu 'explanation'",
    ),
    (
        "quizzes/hong.yaml",
        QUIZ_HEAD + "  - id: a\n    type: true_false\n    text: H\n"
        "    explanation: V\n    answer: true\n  - id: a\n    type: true_false\n    text: H\n"
        "    explanation: V\n    answer: false\n",
        "quizzes/hong.yaml:8: mã câu hỏi 'a' bị trùng",
    ),
    (
        "quizzes/hong.yaml",
        QUIZ_HEAD + "  - id: a\n    type: ordering\n    text: H\n"
        "    explanation: V\n    items: [Một, Một]\n",
        "quizzes/hong.yaml:7: câu 'a' có hai bước giống nhau",
    ),
    (
        "quizzes/hong.yaml",
        "title: T\nmodule: khong-co\nquestions:\n  - id: a\n"
        "    type: true_false\n    text: H\n    explanation: V\n    answer: true\n",
        "quizzes/hong.yaml:1: không có module 'khong-co'",
    ),
    (
        "quizzes/hong.yaml",
        "title: T\nquestions: []\n",
        "quizzes/hong.yaml:2: cần danh sách 'questions'",
    ),
    (
        "quizzes/criteria.yaml",
        "levels:\n  - code: KNS-1\n    title: T\n    requires:\n"
        "      - dien-thoai\n      - khong-co\n",
        "quizzes/criteria.yaml:6: không có bài kiểm tra 'khong-co'",
    ),
    (
        "quizzes/criteria.yaml",
        "default_pass_mark: 300\nlevels:\n  - code: KNS-1\n    title: T\n"
        "    requires: [dien-thoai]\n",
        "quizzes/criteria.yaml:1: điểm đạt phải là số từ 1 đến 100",
    ),
    (
        "content/dien-thoai/03-khong-linh-vuc.md",
        "---\ntitle: T\nsummary: S\n---\nNội dung\n",
        "content/dien-thoai/03-khong-linh-vuc.md:2: thiếu trường 'domain' (một trong: "
        "thong-tin-du-lieu, giao-tiep-hop-tac, sang-tao-noi-dung, an-toan, "
        "giai-quyet-van-de, ung-dung-ai)",
    ),
    (
        "content/dien-thoai/03-linh-vuc-sai.md",
        "---\ntitle: T\nsummary: S\ndomain: thiet-bi\n---\nNội dung\n",
        "content/dien-thoai/03-linh-vuc-sai.md:4: 'domain' phải là một trong: "
        "thong-tin-du-lieu, giao-tiep-hop-tac, sang-tao-noi-dung, an-toan, "
        "giai-quyet-van-de, ung-dung-ai; không có 'thiet-bi'",
    ),
    (
        "quizzes/hong.yaml",
        "title: T\nshow: 3\nquestions:\n  - id: a\n"
        "    type: true_false\n    text: H\n    explanation: V\n    answer: true\n",
        "quizzes/hong.yaml:2: 'show' là 3 nhưng bài chỉ có 1 câu hỏi",
    ),
    (
        "quizzes/hong.yaml",
        "title: T\nquestions:\n  - id: a\n"
        "    type: true_false\n    text: H\n    explanation: V\n    answer: true\nshow: mot\n",
        "quizzes/hong.yaml:8: 'show' phải là số câu hỏi mỗi lần làm, số nguyên ≥ 1",
    ),
]


@pytest.mark.parametrize(("rel", "text", "expected"), BROKEN, ids=[b[2][:60] for b in BROKEN])
def test_each_problem_names_file_and_line(tree, rel, text, expected):
    write(tree, rel, text)
    found = problems(tree)
    assert any(p.startswith(expected) for p in found), found


def test_a_required_quiz_needs_a_pool_twice_what_it_shows(tree):
    path = tree / "quizzes/dien-thoai.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[2].startswith("intro:")
    path.write_text(text.replace("intro:", "show: 2\nintro:", 1), encoding="utf-8")
    assert problems(tree) == [
        "quizzes/dien-thoai.yaml:3: bài bắt buộc cần ít nhất 4 câu hỏi"
        " (gấp đôi 'show: 2'), mới có 3"
    ]
    path.write_text(text.replace("intro:", "show: 1\nintro:", 1), encoding="utf-8")
    curriculum = load_curriculum(tree)
    assert curriculum.problems == []
    quiz = next(q for q in curriculum.quizzes if q.slug == "dien-thoai")
    assert quiz.quiz.to_dict()["show"] == 1
    assert curriculum.stats()["quiz_pools"]["dien-thoai"] == {"questions": 3, "show": 1}


def test_a_quiz_no_level_requires_may_show_its_whole_pool(tree):
    write(
        tree,
        "quizzes/tu-chon.yaml",
        "title: T\nshow: 1\nquestions:\n  - id: a\n"
        "    type: true_false\n    text: H\n    explanation: V\n    answer: true\n",
    )
    assert problems(tree) == []


def test_stats_count_lessons_per_domain(tree):
    stats = load_curriculum(tree).stats()
    assert stats["lessons_per_domain"]["an-toan"] == 2
    assert stats["lessons_per_domain"]["giai-quyet-van-de"] == 2
    assert stats["lessons_per_domain"]["ung-dung-ai"] == 0


def test_unreadable_bytes_are_a_problem_not_a_crash(tree):
    (tree / "content/dien-thoai/03-nhi-phan.md").write_bytes(b"\xff\xfe\x00bad")
    assert problems(tree) == [
        "content/dien-thoai/03-nhi-phan.md:1: tệp phải được lưu theo mã UTF-8"
    ]


def test_cli_lists_problems_and_exits_non_zero(tree):
    write(tree, "quizzes/hong.yaml", "title: T\nquestions: []\n")
    result = subprocess.run(
        [sys.executable, "-m", "lms", "content", "check", "--root", str(tree)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "quizzes/hong.yaml:2: cần danh sách 'questions'" in result.stdout


def test_cli_check_passes_on_clean_tree(tree):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["content", "check", "--root", str(tree)])
    assert result.exit_code == 0, result.output


def test_stats_json(tree):
    import json

    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["content", "stats", "--json", "--root", str(tree)])
    assert result.exit_code == 0
    stats = json.loads(result.output)
    assert stats == load_curriculum(tree).stats()
    assert set(stats) >= {
        "modules",
        "lessons",
        "quizzes",
        "questions",
        "questions_without_explanation",
        "longest_lesson_words",
    }
