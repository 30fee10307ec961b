"""Writing a list as CSV or XLSX into a spooled temporary file, in constant memory.

Rows arrive as an iterator (lms.citizens.listing.all_rows reads them in batches); the
file stays in memory while small and moves to disk when it grows, and is then streamed
to the browser in chunks. Text that a spreadsheet would read as a formula (beginning
with = + - @, a tab or a carriage return) gets a leading apostrophe. No Flask here.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from tempfile import SpooledTemporaryFile

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

#: Kept in memory up to this size, then on disk.
IN_MEMORY = 4 * 1024 * 1024
CHUNK = 64 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutral(value):
    """A cell's value, made inert: text a spreadsheet would evaluate starts with '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence]) -> tuple[SpooledTemporaryFile, int]:
    """UTF-8 with a byte-order mark (Excel then reads the diacritics right); the count."""
    out = SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - handed to the response
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutral(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else neutral(v) for v in row])
        count += 1
        if buffer.tell() > CHUNK:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    out.seek(0)
    return out, count


def write_xlsx(
    sheet_name: str, header: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence]
) -> tuple[SpooledTemporaryFile, int]:
    """openpyxl's write-only mode: rows go to disk as they come; the count."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_name[:31])
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([neutral(h) for h in header])
    count = 0
    for row in rows:
        sheet.append([neutral(v) for v in row])
        count += 1
    out = SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - handed to the response
    book.save(out)
    out.seek(0)
    return out, count


def chunks(file) -> Iterator[bytes]:
    """The file in pieces, closed at the end (or when the client goes away)."""
    try:
        while piece := file.read(CHUNK):
            yield piece
    finally:
        file.close()
