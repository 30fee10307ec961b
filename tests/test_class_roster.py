"""Reading a class list from CSV: encodings, separators, line ends, Vietnamese, and every
bad row named by its line, with nothing accepted while one row is wrong."""

import pytest

from lms.classes.importing import username_base
from lms.classes.roster import MAX_BYTES, MAX_ROWS, read_roster

YEAR = 2026
HEADER = "họ tên;số điện thoại;năm sinh;giới tính;thôn"


def read(text: str, encoding="utf-8"):
    return read_roster(text.encode(encoding), this_year=YEAR)


def messages(roster) -> list[str]:
    return [problem.text % problem.params for problem in roster.problems]


def test_semicolons_crlf_and_a_bom_as_excel_writes_them():
    text = "\ufeff" + HEADER + "\r\nNguyễn Thị Hoà;0912 345 678;1958;Nữ;Thôn 3\r\n"
    roster = read(text)
    assert roster.ok, messages(roster)
    (row,) = roster.rows
    assert (row.line, row.name, row.phone, row.birth_year, row.gender, row.village) == (
        2,
        "Nguyễn Thị Hoà",
        "0912345678",
        1958,
        "nu",
        "Thôn 3",
    )


def test_commas_lf_no_bom_headers_in_any_case_and_order_without_accents():
    text = 'Nam sinh,Ho va ten,GIOI TINH,SDT\n1950,"Trần Văn Ba, con",nam,\n'
    roster = read(text)
    assert roster.ok, messages(roster)
    (row,) = roster.rows
    assert (row.name, row.phone, row.gender, row.village) == ("Trần Văn Ba, con", None, "nam", "")


def test_decomposed_vietnamese_is_stored_composed():
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Hoa"
    roster = read(HEADER + "\n" + decomposed + ";;1958;Nữ;\n")
    assert roster.rows[0].name == "Nguyễn Thị Hoa"


def test_a_bad_phone_is_refused_with_its_line_and_nothing_is_accepted():
    text = "\n".join(
        [
            HEADER,
            "Bà Một;0912345671;1950;Nữ;",
            "Bà Hai;0912345672;1951;Nữ;",
            "",  # blank lines are skipped but still counted
            "Bà Bốn;12345;1952;Nữ;",
        ]
    )
    roster = read(text)
    assert messages(roster) == ["Dòng 5: số điện thoại không hợp lệ."]
    assert roster.rows == []


def test_every_bad_cell_is_named():
    text = HEADER + "\n;;18;Bê đê;" + "x" * 101 + "\n"
    assert messages(read(text)) == [
        "Dòng 2: họ tên trống, dài quá 80 ký tự hoặc có ký tự lạ.",
        "Dòng 2: năm sinh phải là số từ 1900 đến 2016.",
        "Dòng 2: giới tính phải là Nam, Nữ hoặc Khác.",
        "Dòng 2: tên thôn dài quá 100 ký tự hoặc có ký tự lạ.",
    ]


def test_duplicate_phones_in_the_file_name_both_lines():
    text = HEADER + "\nAn;0912345678;1950;Nam;\nBình;+84 912 345 678;1951;Nam;\n"
    assert messages(read(text)) == ["Dòng 3: số điện thoại trùng với dòng 2."]


def test_formula_looking_names_are_kept_as_text():
    text = HEADER + '\n=HYPERLINK("x");;1950;Nam;@thon\n+Ba;;1951;Nam;-1\n'
    roster = read(text)
    assert roster.ok, messages(roster)
    assert [r.name for r in roster.rows] == ['=HYPERLINK("x")', "+Ba"]
    assert [r.village for r in roster.rows] == ["@thon", "-1"]


def test_a_missing_required_column_is_named():
    assert messages(read("họ tên;năm sinh\nAn;1950\n")) == ["Dòng 1: thiếu cột “giới tính”."]


def test_unknown_columns_are_reported_as_ignored():
    roster = read("STT;họ tên;năm sinh;giới tính;ghi chú\n1;An;1950;Nam;x\n")
    assert roster.ok and roster.ignored == ["ghi chú"]


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b"PK\x03\x04\x14\x00binary", "Đây là tệp Excel"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Tệp không phải CSV"),
        ("ho ten;nam sinh;gioi tinh\nHoà;1950;Nam\n".encode("latin-1"), "Tệp không ở dạng UTF-8"),
        (b"", "Tệp trống"),
        (b"a" * (MAX_BYTES + 1), "Tệp quá lớn"),
    ],
)
def test_files_that_are_not_a_csv_class_list(data, start):
    roster = read_roster(data, this_year=YEAR)
    assert len(roster.problems) == 1 and messages(roster)[0].startswith(start)


def test_too_many_rows():
    rows = "\n".join(f"Người {n};;1950;Nam;" for n in range(MAX_ROWS + 1))
    assert messages(read(HEADER + "\n" + rows)) == [
        f"Tệp có hơn {MAX_ROWS} người. Hãy chia thành nhiều tệp."
    ]


def test_an_unclosed_quote_is_named():
    problems = messages(read(HEADER + '\nAn;;1950;Nam;"Thôn 3\n'))
    assert problems and problems[0].startswith("Dòng")


def test_usernames_come_from_the_given_name_and_the_year():
    assert username_base("Nguyễn Thị Hoà", 1958) == "hoa1958"
    assert username_base("Đặng Văn Đức", 1950) == "duc1950"
    assert username_base("=1+2", 1950) == "hocvien1950"
