"""A certificate as an A4 PDF: fpdf2 with Noto Sans embedded (subset), so every
Vietnamese letter prints the same on any reader, and the QR code of its check page.

The certificate is a document for the commune and the Công dân học tập record, so its
text is Vietnamese whatever language the interface is in. No Flask here.
"""

import io
from dataclasses import dataclass
from importlib import resources

import segno
from fpdf import FPDF

from . import Sheet

FONT = "NotoSans"
FONTS = resources.files("lms") / "data" / "fonts"
INK = (20, 40, 80)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


@dataclass(frozen=True)
class QrDrawing:
    """A QR code as one SVG path: the page draws it in its template (escaped like any
    value), so no markup is built in Python."""

    size: int  # modules, quiet zone included
    path: str  # "M2 2h7v1h-7z…": only letters, digits, spaces and minus signs


def qr_drawing(url: str, border: int = 2) -> QrDrawing:
    matrix = segno.make(url, error="m").matrix
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                width = x - start
                parts.append(f"M{start + border} {y + border}h{width}v1h-{width}z")
            else:
                x += 1
    return QrDrawing(len(matrix) + 2 * border, "".join(parts))


def build(sheet: Sheet) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"Giấy chứng nhận kỹ năng số {sheet.level} - {sheet.name}")
    pdf.set_author("Học Số")
    pdf.set_creator("Học Số")
    with resources.as_file(FONTS / "NotoSans-Regular.ttf") as regular:
        pdf.add_font(FONT, "", str(regular))
    with resources.as_file(FONTS / "NotoSans-Bold.ttf") as bold:
        pdf.add_font(FONT, "B", str(bold))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(*INK)
    pdf.set_line_width(1.2)
    pdf.rect(12, 12, 186, 273)
    pdf.set_line_width(0.3)
    pdf.rect(15, 15, 180, 267)
    width = 160
    pdf.set_text_color(*INK)

    def line(text: str, size: float, style: str = "", gap: float = 4) -> None:
        pdf.set_x(25)
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(width, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(30)
    line("HỌC SỐ — KỸ NĂNG SỐ CHO CÔNG DÂN HỌC TẬP", 11, "B", 12)
    line("GIẤY CHỨNG NHẬN", 30, "B", 6)
    line("Học Số chứng nhận", 13, "", 6)
    line(sheet.name, 24, "B", 4)
    if sheet.place:
        line(sheet.place, 12, "", 8)
    line(f"đã đạt mức {sheet.level}", 13, "", 2)
    line(f"«{sheet.level_title}»", 15, "B", 6)
    line(f"Ngày đạt: {sheet.date}", 12, "", 2)
    line(f"Điểm gợi ý cho chỉ số 5 (kỹ năng sử dụng công nghệ thông tin): {sheet.points}/10", 12)
    line(
        "Giấy này dùng làm minh chứng khi tự đánh giá Công dân học tập; "
        "điểm chính thức do hội đồng đánh giá quyết định.",
        10,
        "",
        8,
    )
    size = 50
    pdf.image(io.BytesIO(qr_png(sheet.url)), x=(210 - size) / 2, y=pdf.get_y(), w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 4)
    line(f"Mã xác minh: {sheet.code}", 13, "B", 2)
    line(f"Kiểm tra tại: {sheet.url}", 10, "", 2)
    return bytes(pdf.output())
