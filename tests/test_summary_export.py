"""The dashboard's unit summary as a file: /can-bo/tong-hop.csv and .xlsx."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms import places, reports
from lms.models import AuditEntry
from lms.reports import tally
from lms.reports.summary import summary_rows
from lms.reports.targets import YearTarget
from lms.web import db

from .factories import A, B, make_staff, make_two_communes
from .people import log_in_staff

YEAR = date.today().year
HEADER = ["Thôn, tổ dân phố", "Đăng ký", "KNS-1", "KNS-1 (%)", "KNS-2", "KNS-2 (%)",
          "Chỉ tiêu KNS-1 (%)", "Chỉ tiêu KNS-2 (%)"]  # fmt: skip


@pytest.fixture
def area(app):
    ids = make_two_communes(app)
    with app.app_context():  # the factory inserts citizens directly: count them
        tally.rebuild(db.session())
        db.commit()
    return ids


@pytest.fixture
def officer(app):
    make_staff(app, "officer", "canbo.a", A)
    return log_in_staff(app, "canbo.a")[0]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/csv")
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_book(response):
    assert response.status_code == 200, response.status_code
    assert "spreadsheetml" in response.headers["Content-Type"]
    return load_workbook(io.BytesIO(response.get_data()))


def expected(app, kind: str, code: int, year: int = YEAR) -> reports.Report:
    with app.app_context():
        return reports.report(db.session(), kind, code, year)


def exports(app) -> list[str]:
    with app.app_context():
        return list(
            db.session().scalars(
                select(AuditEntry.where)
                .where(AuditEntry.action == "export")
                .order_by(AuditEntry.id)
            )
        )


def test_the_commune_summary_csv_has_each_village_and_a_total(app, area, officer):
    response = officer.client.get("/can-bo/tong-hop.csv")
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == HEADER
    names = [row[0] for row in rows]
    # Villages in natural order, the formula-named one made inert; people without a
    # listed village; then the total.
    assert names == [
        '\'=HYPERLINK("http://x")',
        "Thôn Bình Hoà",
        "Thôn chưa có trong danh sách",
        "Tổng cộng",
    ]
    found = expected(app, reports.COMMUNE, A)
    total = found.total
    share = str(round(total.share("KNS-1"), 1))
    assert rows[-1][1:4] == [str(total.registered), str(total.kns1), share] == ["4", "2", "50.0"]
    assert rows[-1][4:6] == [str(total.kns2), str(round(total.share("KNS-2"), 1))] == ["1", "25.0"]
    assert total.registered == 4  # An, Đào, Bình and Rút (withdrawn: counted, never named)
    binh_hoa = found.units[str(area["village"])]
    assert rows[1][1:3] == [str(binh_hoa.registered), str(binh_hoa.kns1)] == ["1", "1"]
    assert rows[1][3] == "100.0"
    target = found.target
    assert rows[1][6:] == [str(round(target.kns1, 1)), str(round(target.kns2, 1))]
    text = response.get_data(as_text=True)
    for person in ("Nguyễn Văn An", "Lê Thị Rút", "Tổ dân phố 3", "Nguyễn Thị Xa"):
        assert person not in text


def test_the_province_summary_xlsx_opens_with_each_commune_and_matching_numbers(app, area):
    make_staff(app, "officer", "canbo.tinh", 48)
    officer = log_in_staff(app, "canbo.tinh")[0]
    book = xlsx_book(officer.client.get(f"/can-bo/tong-hop.xlsx?tinh=48&nam={YEAR}"))
    assert book.sheetnames == ["Tổng hợp"]
    sheet = book["Tổng hợp"]
    assert sheet.column_dimensions["A"].width == 34
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[0] == "Xã, phường" and header[1:] == HEADER[1:]
    communes = places.communes(48)
    assert len(rows) == len(communes) + 1
    assert [row[0] for row in rows[:-1]] == [c.name for c in communes]
    found = expected(app, reports.PROVINCE, 48)
    by_name = {row[0]: row for row in rows}
    for code, name in ((A, places.commune_name(A)), (B, places.commune_name(B))):
        count = found.units[str(code)]
        assert by_name[name][1:3] == [count.registered, count.kns1]
        assert by_name[name][4] == count.kns2
    assert rows[-1][0] == "Tổng cộng"
    assert rows[-1][1:3] == [found.total.registered, found.total.kns1]
    assert rows[-1][1] == 5
    # A commune nobody registered in: numbers zero, shares empty (not 0 %).
    empty = next(row for row in rows[:-1] if row[1] == 0)
    assert empty[2] == 0 and empty[3] is None


def test_a_province_officer_drills_down_to_a_commune_summary(app, area):
    make_staff(app, "officer", "canbo.tinh", 48)
    officer = log_in_staff(app, "canbo.tinh")[0]
    header, *rows = csv_rows(officer.client.get(f"/can-bo/tong-hop.csv?xa={B}"))
    assert header[0] == "Thôn, tổ dân phố"
    assert [row[0] for row in rows] == ["Tổ dân phố 3", "Tổng cộng"]


def test_each_summary_export_is_in_the_audit_log(app, area, officer):
    officer.client.get("/can-bo/tong-hop.csv")
    officer.client.get("/can-bo/tong-hop.xlsx?nam=2030")
    assert exports(app) == [
        f"/can-bo/tong-hop.csv?commune={A}&nam={YEAR} rows=4 scope=commune:{A}",
        f"/can-bo/tong-hop.xlsx?commune={A}&nam=2030 rows=4 scope=commune:{A}",
    ]


def test_the_dashboard_links_to_both_summary_files_for_its_area_and_year(app, area, officer):
    html = officer.client.get(f"/can-bo/?nam={YEAR - 1}").get_data(as_text=True)
    assert f'href="/can-bo/tong-hop.xlsx?xa={A}&amp;nam={YEAR - 1}"' in html
    assert f'href="/can-bo/tong-hop.csv?xa={A}&amp;nam={YEAR - 1}"' in html
    assert "Tải bảng tổng hợp (Excel)" in html and "Tải bảng tổng hợp (CSV)" in html


@pytest.mark.parametrize(
    "query, status",
    [
        (f"?xa={B}", 404),  # another commune of the same province
        ("?tinh=48", 404),  # a commune officer asking for the province
        ("?xa=abc", 404),
        ("?xa=99999999", 404),
        ("?tinh=", 404),
        ("?nam=abc", 400),
        ("?nam=1", 400),
        ("?nam=999999999999", 400),
    ],
)
def test_bad_areas_and_years_are_refused_and_nothing_is_logged(app, area, officer, query, status):
    for kind in ("csv", "xlsx"):
        response = officer.client.get(f"/can-bo/tong-hop.{kind}{query}")
        assert response.status_code == status, (kind, query, response.status_code)
        if status == 400:
            assert "Năm" in response.get_data(as_text=True)
    assert exports(app) == []


def test_an_officer_without_an_area_gets_no_summary(app):
    make_staff(app, "officer", "canbo.moi")
    officer = log_in_staff(app, "canbo.moi")[0]
    assert officer.client.get("/can-bo/tong-hop.csv").status_code == 404


def test_summary_rows_round_shares_and_skip_an_empty_unknown_row():
    counts = {"1": reports.Count("1", 3, {"KNS-1": 2, "KNS-2": 1}), "2": reports.Count("2")}
    found = reports.Report(
        reports.COMMUNE, A, 2026, reports.Count("", 3, {"KNS-1": 2, "KNS-2": 1}), counts,
        {}, {}, {}, {}, YearTarget(2026, 74.0, 64.0, (2025, 2030)),
    )  # fmt: skip
    rows = list(summary_rows(found, [("1", "Thôn 1"), ("2", "Thôn 2"), ("", "?")], "Tổng"))
    assert rows == [
        ["Thôn 1", 3, 2, 66.7, 1, 33.3, 74.0, 64.0],
        ["Thôn 2", 0, 0, None, 0, None, 74.0, 64.0],
        ["Tổng", 3, 2, 66.7, 1, 33.3, 74.0, 64.0],
    ]
