"""Exports of the citizens list: CSV (UTF-8 with BOM) and XLSX, filtered, neutralised,
scoped and written to the audit log."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.citizens.export import neutral, write_csv, write_xlsx
from lms.models import AuditEntry
from lms.web import db

from .factories import A, B, make_staff, make_two_communes
from .people import log_in_staff


@pytest.fixture
def area(app):
    return make_two_communes(app)


@pytest.fixture
def officer(app):
    make_staff(app, "officer", "canbo.a", A)
    return log_in_staff(app, "canbo.a")[0]


def csv_rows(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response):
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    assert book.sheetnames == ["Người học"]
    return [list(row) for row in book["Người học"].iter_rows(values_only=True)]


def test_csv_has_the_filtered_rows_in_order(app, area, officer):
    response = officer.client.get("/can-bo/nguoi-hoc.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:3] == ["STT", "Họ và tên", "Năm sinh"]
    assert [row[1] for row in rows] == ["Nguyễn Văn An", "Trần Văn Bình", "Đỗ Thị Đào"]
    assert rows[0][6] == "Thôn Bình Hoà" and rows[0][7] == "KNS-1"
    # A village named like a formula is text, not a formula.
    assert rows[2][6] == '\'=HYPERLINK("http://x")'
    # Only what the report needs: no phone number.
    assert "0912000001" not in response.get_data(as_text=True)
    filtered = csv_rows(officer.client.get("/can-bo/nguoi-hoc.csv?muc=KNS-2"))
    assert [row[1] for row in filtered[1:]] == ["Trần Văn Bình"]


def test_xlsx_opens_with_a_header_widths_and_neutral_cells(app, area, officer):
    response = officer.client.get("/can-bo/nguoi-hoc.xlsx?q=nguyen")
    assert response.status_code == 200
    header, *rows = xlsx_rows(response)
    assert header[1] == "Họ và tên"
    assert [row[1] for row in rows] == ["Nguyễn Văn An"]
    everything = xlsx_rows(officer.client.get("/can-bo/nguoi-hoc.xlsx"))
    assert everything[3][6] == '\'=HYPERLINK("http://x")'
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.active.column_dimensions["B"].width == 28


def test_exports_never_hold_another_area(app, area, officer):
    for kind in ("csv", "xlsx"):
        assert officer.client.get(f"/can-bo/nguoi-hoc.{kind}?xa={B}").status_code == 404
        village = area["other_village"]
        assert officer.client.get(f"/can-bo/nguoi-hoc.{kind}?thon={village}").status_code == 404
        assert officer.client.get(f"/can-bo/nguoi-hoc.{kind}?nam=1").status_code == 400
    text = officer.client.get("/can-bo/nguoi-hoc.csv?q=nguyen").get_data(as_text=True)
    assert "Nguyễn Thị Xa" not in text and "Lê Thị Rút" not in text


def test_each_export_is_in_the_audit_log_for_admins(app, area, officer):
    officer.client.get("/can-bo/nguoi-hoc.csv?muc=KNS-1")
    officer.client.get("/can-bo/nguoi-hoc.xlsx")
    with app.app_context():
        entries = db.session().scalars(
            select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)
        )
        wheres = [entry.where for entry in entries]
    assert wheres[0].startswith("/can-bo/nguoi-hoc.csv?nam=")
    assert "muc=KNS-1" in wheres[0] and "rows=2" in wheres[0] and "scope=commune:20791" in wheres[0]
    assert wheres[1].startswith("/can-bo/nguoi-hoc.xlsx") and "rows=3" in wheres[1]
    make_staff(app, "admin", "quantri")
    admin = log_in_staff(app, "quantri")[0]
    log = admin.client.get("/quan-tri/nhat-ky").get_data(as_text=True)
    assert "Xuất dữ liệu" in log and "rows=3" in log and "Danh sách người học" in log


@pytest.mark.parametrize("start", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(start):
    assert neutral(start) == "'" + start
    file, count = write_csv(["a"], [[start]])
    with file:
        assert count == 1
        assert file.read().decode("utf-8-sig").splitlines()[1].lstrip('"').startswith("'")


def test_plain_values_are_left_alone():
    assert neutral("Nguyễn") == "Nguyễn" and neutral(-1) == -1 and neutral(None) is None


def test_xlsx_writer_streams_many_rows():
    rows = ([n, f"Người {n}"] for n in range(5000))
    file, count = write_xlsx("Người học", ["STT", "Tên"], [6, 20], rows)
    with file:
        assert count == 5000
        sheet = load_workbook(file, read_only=True)["Người học"]
        assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 5001
