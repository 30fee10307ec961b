"""GIFT and Aiken readers (lms.content.banks): every supported feature, every refusal.

The fixture files are in tests/fixtures/banks/: the GIFT documentation's own examples,
written out one per feature, and a Vietnamese bank (also as UTF-8 with BOM and CRLF).
"""

import pytest

from lms.content import Problems, quiz_from_text
from lms.content.banks import parse_aiken, parse_bank, parse_gift
from lms.content.banks.bank import html_to_markdown, slug_of
from lms.content.quiz_text import read_quiz, write_quiz

from .paths import BANKS


def gift(text: str):
    return parse_gift(text)


def only(text: str) -> dict:
    bank = gift(text)
    assert not bank.problems and not bank.unsupported, (bank.problems, bank.unsupported)
    assert len(bank.questions) == 1
    return bank.questions[0].definition


def test_the_documentations_examples_read_as_the_documentation_says():
    bank = parse_gift((BANKS / "gift-spec-examples.gift").read_bytes())
    assert bank.problems == []
    kinds = [(u.line, u.kind) for u in bank.unsupported]
    assert kinds == [
        (18, "short answer"),
        (26, "matching"),
        (33, "numerical"),
        (36, "essay"),
        (39, "description"),
    ]
    by_line = {q.line: q.definition for q in bank.questions}
    assert sorted(by_line) == [7, 9, 11, 21, 23, 42, 45, 51, 59, 62, 65, 71, 74, 76, 78]
    assert by_line[7]["type"] == "single"
    assert [c["correct"] for c in by_line[7]["choices"]] == [False, False, True]
    assert by_line[9]["text"] == "Grant is _____ in Grant's tomb."
    assert by_line[11]["text"].endswith("on the _____ Thursday of November.")
    assert (by_line[21]["type"], by_line[21]["answer"]) == ("true_false", True)
    assert by_line[23]["answer"] is False
    assert by_line[42]["id"] == "colors-1"
    assert "- wrong answer: feedback comment on the wrong answer" in by_line[45]["explanation"]
    assert "- right answer: Very good!" in by_line[45]["explanation"]
    assert by_line[51]["type"] == "multiple"
    assert [c["correct"] for c in by_line[51]["choices"]] == [False, True, True, False]
    assert "No one is buried in Grant's tomb." in by_line[59]["explanation"]
    assert "Right!" in by_line[59]["explanation"]
    assert by_line[62]["explanation"] == "Two and two make four."
    assert [c["text"] for c in by_line[65]["choices"]] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    assert by_line[71]["text"] == "In GIFT, { } # ~ : and \\\\ are written with a backslash."
    assert by_line[74]["text"] == "Is **bold** text strong?"  # <script> and its text gone
    assert by_line[76]["text"] == "Is \\*this\\* shown with its stars?"
    assert by_line[78]["text"] == "Is **this** strong?"


def test_every_example_passes_the_quiz_checks_and_renders_safely():
    bank = parse_gift((BANKS / "gift-spec-examples.gift").read_bytes())
    quiz = {"title": "Ví dụ", "questions": [q.definition for q in bank.questions]}
    problems = Problems("quizzes/vi-du.yaml")
    source = quiz_from_text("vi-du", write_quiz(quiz).text, problems.path, problems)
    assert problems == []
    html = {q.id: q.html for q in source.quiz.questions}
    assert html["format-html"] == "<p>Is <strong>bold</strong> text strong?</p>\n"
    assert html["format-plain"] == "<p>Is *this* shown with its stars?</p>\n"
    assert "\\" in html["escapes-too"] and "{ } # ~ :" in html["escapes-too"]


@pytest.mark.parametrize("name", ["vietnamese.gift", "vietnamese-bom-crlf.gift"])
def test_a_vietnamese_bank_with_or_without_bom_and_crlf(name):
    data = (BANKS / name).read_bytes()
    if "bom" in name:
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    bank = parse_gift(data)
    assert bank.problems == []
    assert [(u.line, u.kind) for u in bank.unsupported] == [(21, "essay"), (23, "numerical")]
    first, password, signs, zalo = (q.definition for q in bank.questions)
    assert first["id"] == "ma-otp" and first["text"].startswith("Nhân viên ngân hàng")
    assert first["explanation"].startswith("Mã OTP chỉ dành cho chính bạn.")
    assert "- Đọc mã cho họ: Kẻ gian sẽ dùng mã để rút tiền." in first["explanation"]
    assert password["text"] == "Mật khẩu _____ là mạnh nhất."
    assert signs["type"] == "multiple" and signs["id"] == "dau-hieu-lua-dao"
    assert zalo == {
        "id": "zalo",
        "text": "Có thể gọi video miễn phí qua Zalo khi có mạng.",
        "type": "true_false",
        "answer": True,
        "explanation": "Zalo gọi qua mạng, không mất cước gọi.",
    }


def test_both_spellings_of_true_and_false():
    for word, answer in (("T", True), ("TRUE", True), ("F", False), ("FALSE", False)):
        assert only(f"Trời mưa thì đất ướt.{{{word}}}")["answer"] is answer


def test_comments_and_categories_are_ignored_and_lines_still_count():
    bank = gift("// đầu tệp\n$CATEGORY: a/b\n\n// chú thích\nCâu hỏi?{=Có ~Không}\n")
    assert [q.line for q in bank.questions] == [5]


def test_a_comment_inside_a_question_is_dropped():
    definition = only("Câu hỏi?{\n// không phải đáp án\n=Có\n~Không}\n")
    assert [c["text"] for c in definition["choices"]] == ["Có", "Không"]


def test_a_url_is_not_a_comment():
    assert only("Trang http://example.vn có an toàn?{F}")["text"].startswith("Trang http://")


def test_no_equals_sign_means_several_answers_like_moodle():
    definition = only("Chọn?{~%100%Một ~Hai}")
    assert definition["type"] == "multiple"


def test_names_become_ids_without_marks_and_stay_unique():
    bank = gift("::Điện thoại::A?{T}\n\n::Điện thoại::B?{F}\n\nC?{T}\n")
    assert [q.definition["id"] for q in bank.questions] == ["dien-thoai", "dien-thoai-2", "cau-3"]
    assert slug_of("Đường link lạ!") == "duong-link-la"


def test_html_goes_through_the_sites_sanitizer():
    text = html_to_markdown('<p onclick="x()">Xin <i>chào</i><img src=x onerror=y></p><p>2</p>')
    assert text == "Xin *chào*\n2"
    assert "onerror" not in text and "<" not in text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Viết một đoạn.{}", "essay"),
        ("Năm nào?{#1945}", "numerical"),
        ("Nối?{=a -> b =c -> d}", "matching"),
        ("Thủ đô?{=Hà Nội =Ha Noi}", "short answer"),
        ("Chỉ là lời dẫn.", "description"),
    ],
)
def test_unsupported_kinds_are_named_at_their_first_line(text, kind):
    bank = gift(f"Câu trước?{{T}}\n\n// chú thích\n{text}\n")
    assert bank.problems == []
    assert [(u.line, u.kind, u.message()) for u in bank.unsupported] == [
        (4, kind, f"unsupported question type: {kind}")
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Câu?{T}\n\nThiếu đóng {=a ~b\n", 3, "'}'"),
        ("Câu?{T}\n\n::Tên chưa đóng Câu?{T}\n", 3, "'::'"),
        ("Hai phần?{=a ~b} và {=c ~d}\n", 1, "một phần đáp án"),
        ("Không đúng?{~a ~%0%b}\n", 1, "không có đáp án đúng"),
        ("Một đáp án?{~%100%a}\n", 1, "ít nhất hai"),
        ("Chữ trước?{lạ ~a =b}\n", 1, "'=' (đúng) hoặc '~' (sai)"),
        ("Rỗng?{=a ~}\n", 1, "không có nội dung"),
    ],
)
def test_syntax_errors_name_their_line(text, line, words):
    bank = gift(text)
    assert len(bank.problems) == 1
    assert bank.problems[0][0] == line and words in bank.problems[0][1]


def test_a_file_that_is_not_utf8_is_refused_with_its_line():
    bank = gift("Câu một?{T}\n\n".encode() + "Câu hai?{T}".encode("cp1258"))
    assert bank.questions == [] and bank.problems[0][0] == 3
    assert "UTF-8" in bank.problems[0][1]


def test_aiken_reads_both_option_styles_with_bom_and_crlf():
    data = (BANKS / "vietnamese.aiken.txt").read_bytes()
    for variant in (data, b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")):
        bank = parse_aiken(variant)
        assert bank.problems == [] and bank.unsupported == []
        first, second = (q.definition for q in bank.questions)
        assert [q.line for q in bank.questions] == [1, 7]
        assert first["type"] == "single" and first["choices"][1]["correct"] is True
        assert first["choices"][1]["text"] == 'Nhấn giữ nút nguồn rồi chọn "Tắt nguồn"'
        assert second["choices"][0] == {"text": "Zalo", "correct": True}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Câu?\nA. Một\nB. Hai\n\nCâu hai?\nA. x\nB. y\nANSWER: A\n", 1, "ANSWER"),
        ("Câu?\nA. Một\nB. Hai\nANSWER: C\n", 4, "'ANSWER: C'"),
        ("Câu?\nA. Một\nANSWER: A\n", 1, "hai lựa chọn"),
        ("Câu?\nA. Một\nA. Hai\nANSWER: A\n", 3, "bị lặp"),
        ("Câu?\nA. Một\nchữ lạ\nB. Hai\nANSWER: A\n", 3, "'ANSWER: '"),
        ("Câu?\nA. Một\nB. Hai\n", 1, "ANSWER"),
    ],
)
def test_aiken_refusals_name_their_line(text, line, words):
    bank = parse_aiken(text)
    assert bank.problems and bank.problems[0][0] == line and words in bank.problems[0][1]


def test_aiken_text_is_plain():
    bank = parse_bank("Chọn *một*?\nA. <b>x</b>\nB. y\nANSWER: A\n", "aiken")
    definition = bank.questions[0].definition
    assert definition["text"] == "Chọn \\*một\\*?"
    assert definition["choices"][0]["text"] == "\\<b\\>x\\</b\\>"


def test_the_quiz_text_round_trips_and_remembers_fields():
    quiz = {
        "title": 'Tên "có" ngoặc: và dấu hai chấm',
        "show": "1",
        "questions": [
            {
                "id": "a",
                "type": "single",
                "text": "- không phải danh sách YAML\nmà là chữ",
                "choices": [{"text": "x", "correct": True}, {"text": "y"}],
                "explanation": "vì",
            }
        ],
    }
    written = write_quiz(quiz)
    back = read_quiz(written.text)
    assert back["title"] == quiz["title"] and back["show"] == 1
    assert back["questions"][0]["text"] == quiz["questions"][0]["text"]
    assert back["questions"][0]["choices"][1] == {"text": "y", "correct": False}
    lines = {place: line for line, place in written.fields.items()}
    assert written.text.splitlines()[lines["q0.choice.1"] - 1] == '      - text: "y"'
