"""Reading a class list from a CSV file: no database, no Flask.

The header row names the columns, in any order (accents, case and spaces do not matter)::

    họ tên;số điện thoại;năm sinh;giới tính;thôn
    Nguyễn Thị Hoa;0912345678;1958;Nữ;Thôn 3

Required: họ tên, năm sinh, giới tính. Optional: số điện thoại (people without one get a
username and a login card), thôn. A column "STT" is ignored. UTF-8 with or without a BOM
(Excel's "CSV UTF-8"), comma or semicolon, CRLF or LF. Every problem names its line, the
header being line 1; a cell that looks like a formula (=, +, -, @) is kept as text.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from ..inputs import plain_text
from ..people.accounts import normalize_phone

MAX_BYTES = 100_000
MAX_ROWS = 500
OLDEST_BIRTH_YEAR = 1900
YOUNGEST_AGE = 10


def N_(text: str) -> str:
    """Marks a text for the catalogue; the page translates it (lms.studio)."""
    return text


def fold(text: str) -> str:
    """'Số điện thoại ' → 'so dien thoai': how headers and genders are compared."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("*", " ").split())


COLUMNS = {
    "name": ("ho ten", "ho va ten", "ten", "ten goi", "ho ten hoc vien"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "so dt", "dt"),
    "birth_year": ("nam sinh",),
    "gender": ("gioi tinh",),
    "village": ("thon", "thon, to dan pho", "thon/to dan pho", "thon, to", "to dan pho"),
}
#: Shown as written in the header, whatever the interface language: files are Vietnamese.
REQUIRED = {"name": "họ tên", "birth_year": "năm sinh", "gender": "giới tính"}
IGNORED = {"stt", "so thu tu", "tt"}
GENDERS = {"nu": "nu", "nam": "nam", "khac": "khac"}  # after fold()


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    phone: str | None
    birth_year: int
    gender: str  # a key of lms.people.accounts.GENDERS
    village: str


@dataclass(frozen=True)
class Problem:
    """What is wrong, with the line it is on: ``text`` is a catalogue id, ``params``
    fill it in (``line`` among them when a line is named)."""

    text: str
    params: dict = field(default_factory=dict)


@dataclass
class Roster:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # headers we did not know

    @property
    def ok(self) -> bool:
        return not self.problems


def _text_of(data: bytes) -> tuple[str | None, Problem | None]:
    if not data.strip():
        return None, Problem(N_("Tệp trống. Vui lòng chọn tệp danh sách học viên."))
    if len(data) > MAX_BYTES:
        return None, Problem(
            N_("Tệp quá lớn: tối đa %(kb)s KB. Hãy chia thành nhiều tệp."),
            {"kb": MAX_BYTES // 1000},
        )
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return None, Problem(
            N_(
                "Đây là tệp Excel, không phải CSV. Trong Excel, chọn Lưu thành (Save As) → "
                "CSV UTF-8, rồi tải tệp đó lên."
            )
        )
    if b"\x00" in data:
        return None, Problem(N_("Tệp không phải CSV (có dữ liệu nhị phân)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, Problem(
            N_(
                "Tệp không ở dạng UTF-8 nên chữ có dấu sẽ bị hỏng. Trong Excel, chọn Lưu "
                "thành (Save As) → CSV UTF-8, rồi tải lên lại."
            )
        )
    if any(unicodedata.category(c) == "Cc" and c not in "\r\n\t" for c in text):
        return None, Problem(N_("Tệp không phải CSV (có ký tự điều khiển)."))
    return unicodedata.normalize("NFC", text), None


def _columns(header: list[str], roster: Roster) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = fold(title)
        column = next((c for c, names in COLUMNS.items() if key in names), None)
        if column is None:
            if key and key not in IGNORED:
                roster.ignored.append(title.strip())
        elif column in found:
            roster.problems.append(
                Problem(N_("Dòng 1: cột “%(column)s” có hai lần."), {"column": title.strip()})
            )
        else:
            found[column] = index
    for column, label in REQUIRED.items():
        if column not in found:
            roster.problems.append(
                Problem(N_("Dòng 1: thiếu cột “%(column)s”."), {"column": label})
            )
    return found


def read_roster(data: bytes, this_year: int) -> Roster:
    """The rows of a class list, or every problem found in it (then ``rows`` is empty)."""
    roster = Roster()
    text, problem = _text_of(data)
    if problem:
        roster.problems.append(problem)
        return roster
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, [])
        columns = _columns(header, roster)
        if roster.problems:
            return roster
        seen_phones: dict[str, int] = {}
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(roster.rows) + len(roster.problems) >= MAX_ROWS:
                roster.problems = [
                    Problem(
                        N_("Tệp có hơn %(rows)s người. Hãy chia thành nhiều tệp."),
                        {"rows": MAX_ROWS},
                    )
                ]
                break
            row = _row(reader.line_num, cells, columns, len(header), this_year, roster)
            if row is None:
                continue
            if row.phone and row.phone in seen_phones:
                roster.problems.append(
                    Problem(
                        N_("Dòng %(line)s: số điện thoại trùng với dòng %(other)s."),
                        {"line": row.line, "other": seen_phones[row.phone]},
                    )
                )
                continue
            if row.phone:
                seen_phones[row.phone] = row.line
            roster.rows.append(row)
    except csv.Error:
        roster.problems.append(
            Problem(
                N_("Dòng %(line)s: dòng này không đọc được (dấu ngoặc kép chưa đóng?)."),
                {"line": reader.line_num},
            )
        )
    if roster.problems:
        roster.rows = []
    elif not roster.rows:
        roster.problems.append(Problem(N_("Tệp chỉ có dòng tiêu đề, chưa có ai.")))
    return roster


def _row(
    line: int, cells: list[str], columns: dict, width: int, this_year: int, roster: Roster
) -> Row | None:
    def cell(column: str) -> str:
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else ""

    found: list[Problem] = []

    def problem(text: str, **params) -> None:
        found.append(Problem(text, {"line": line, **params}))

    if len(cells) > width and any(c.strip() for c in cells[width:]):
        problem(N_("Dòng %(line)s: nhiều ô hơn dòng tiêu đề (họ tên có dấu phẩy?)."))
    name = plain_text(cell("name"), max_length=80)
    if name is None:
        problem(N_("Dòng %(line)s: họ tên trống, dài quá 80 ký tự hoặc có ký tự lạ."))
    phone = None
    if cell("phone").strip():
        phone = normalize_phone(cell("phone"))
        if phone is None:
            problem(N_("Dòng %(line)s: số điện thoại không hợp lệ."))
    year_text = cell("birth_year").strip()
    latest = this_year - YOUNGEST_AGE
    year = int(year_text) if year_text.isascii() and year_text.isdigit() else None
    if year is None or not OLDEST_BIRTH_YEAR <= year <= latest:
        problem(
            N_("Dòng %(line)s: năm sinh phải là số từ %(first)s đến %(last)s."),
            first=OLDEST_BIRTH_YEAR,
            last=latest,
        )
    gender = GENDERS.get(fold(cell("gender")))
    if gender is None:
        problem(N_("Dòng %(line)s: giới tính phải là Nam, Nữ hoặc Khác."))
    village = plain_text(cell("village"), max_length=100, min_length=0)
    if village is None:
        problem(N_("Dòng %(line)s: tên thôn dài quá 100 ký tự hoặc có ký tự lạ."))
    if found:
        roster.problems.extend(found)
        return None
    return Row(line, name, phone, year, gender, village)
