"""The glossary 'Từ điển nhỏ': first uses link to /tu-dien#slug, and no term comes early."""

import shutil

import pytest

from lms.content import load_curriculum
from lms.content.glossary import Glossary, Term
from lms.content.markdown import render_markdown

from .paths import CURRICULUM


def term(slug: str, *words: str, taught_in: str = "") -> Term:
    return Term(slug, words[0], words, "Định nghĩa.", "Định nghĩa.", taught_in, 1)


GLOSSARY = Glossary(
    [term("otp", "mã OTP", "OTP"), term("ma-bao-ve", "mã bảo vệ"), term("wi-fi", "Wi-Fi")]
)


def test_only_the_first_use_in_a_lesson_is_linked():
    html = GLOSSARY.link(render_markdown("Mã OTP là mã. Không đọc OTP cho ai.\n"))
    assert html == ('<p><a href="/tu-dien#otp">Mã OTP</a> là mã. Không đọc OTP cho ai.</p>\n')


def test_the_longest_words_win_and_words_inside_other_words_do_not_match():
    html = GLOSSARY.link(render_markdown("Nhập mã bảo vệ; wi-fiber không phải Wi-Fi.\n"))
    assert '<a href="/tu-dien#ma-bao-ve">mã bảo vệ</a>' in html
    assert "wi-fiber" in html and '<a href="/tu-dien#wi-fi">Wi-Fi</a>' in html


def test_headings_links_and_code_are_left_alone():
    source = "## Mã OTP\n\n[OTP](https://example.com) và `OTP`\n\nĐây mới là **OTP**.\n"
    html = GLOSSARY.link(render_markdown(source))
    assert "<h2>Mã OTP</h2>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer">OTP</a>' in html
    assert "<code>OTP</code>" in html
    assert '<strong><a href="/tu-dien#otp">OTP</a></strong>' in html
    assert html.count("/tu-dien#otp") == 1


def test_attributes_are_never_touched():
    html = GLOSSARY.link(render_markdown("![Tin nhắn mã OTP](/static/a.svg)\n"))
    assert 'alt="Tin nhắn mã OTP"' in html and "/tu-dien" not in html


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    return root


GLOSSARY_FILE = """terms:
  - slug: otp
    term: Mã OTP
    match: [mã OTP, OTP]
    definition: Dãy số dùng một lần.
    taught_in: an-toan/ma-otp
  - slug: wi-fi
    term: Wi-Fi
    definition: Mạng không dây.
"""


def test_lessons_are_stored_with_their_links(tree):
    (tree / "content/tu-dien.yaml").write_text(GLOSSARY_FILE, encoding="utf-8")
    curriculum = load_curriculum(tree)
    assert curriculum.problems == []
    lesson = next(x for x in curriculum.lessons if x.slug == "ket-noi-wifi")
    assert lesson.html.count('<a href="/tu-dien#wi-fi">Wi-Fi</a>') == 1
    otp = next(x for x in curriculum.lessons if x.slug == "ma-otp")
    assert '<a href="/tu-dien#otp">Mã OTP</a>' in otp.html
    assert curriculum.glossary.to_dict()["terms"][0]["slug"] == "otp"
    assert curriculum.stats()["glossary_terms"] == 2


def test_the_lesson_hash_is_its_texts_so_files_and_studio_compare_alike(tree):
    """The glossary changes the stored HTML, never the hash: the import and the studio
    must agree on "the same text". A new term reaches a lesson at its next revision."""
    before = {x.slug: (x.source_hash, x.html) for x in load_curriculum(tree).lessons}
    (tree / "content/tu-dien.yaml").write_text(GLOSSARY_FILE, encoding="utf-8")
    after = {x.slug: (x.source_hash, x.html) for x in load_curriculum(tree).lessons}
    assert before["ket-noi-wifi"][0] == after["ket-noi-wifi"][0]
    assert before["ket-noi-wifi"][1] != after["ket-noi-wifi"][1]


def test_a_term_used_before_the_lesson_that_teaches_it_is_a_problem(tree):
    (tree / "content/tu-dien.yaml").write_text(GLOSSARY_FILE, encoding="utf-8")
    lesson = tree / "content/dien-thoai/02-ket-noi-wifi.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\nKhông đọc mã OTP cho ai.\n", encoding="utf-8"
    )
    assert [str(p) for p in load_curriculum(tree).problems] == [
        "content/dien-thoai/02-ket-noi-wifi.md:15: dùng từ 'Mã OTP' trước bài dạy nó"
        " (an-toan/ma-otp)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GLOSSARY_FILE.replace("an-toan/ma-otp", "an-toan/khong-co"),
            "content/tu-dien.yaml:2: không có bài 'an-toan/khong-co'",
        ),
        (
            GLOSSARY_FILE + "  - slug: otp-2\n    term: OTP\n    definition: Lặp.\n",
            "content/tu-dien.yaml:10: từ 'OTP' đã thuộc một mục khác",
        ),
        (
            GLOSSARY_FILE + "  - slug: Sai Slug\n    term: X\n    definition: Y.\n",
            "content/tu-dien.yaml:10: mỗi từ cần 'slug'",
        ),
        ("terms: []\n", "content/tu-dien.yaml:1: cần danh sách 'terms'"),
    ],
)
def test_glossary_problems_name_file_and_line(tree, text, expected):
    (tree / "content/tu-dien.yaml").write_text(text, encoding="utf-8")
    found = [str(p) for p in load_curriculum(tree).problems]
    assert any(p.startswith(expected) for p in found), found
