"""The dashboard's unit summary as a file: CSV (UTF-8 with BOM) and XLSX.

The same area (``?xa=``, ``?tinh=``) and year (``?nam=``) as the dashboard, parsed by the
dashboard's own functions, so the same 404 and 400 answers. The rows come from
:func:`lms.reports.summary.summary_rows`; the writers are the citizens list's. Each
export is in the audit log before the file leaves: who, when, scope, area, year, rows.
"""

from flask import Response, abort, request
from flask_babel import _

from .. import reports
from ..citizens.export import write_csv, write_xlsx
from ..places import scope
from ..reports.summary import summary_rows
from ..web import db
from ..web.permissions import IsOfficer, require
from . import bp
from .dashboard import read_area, read_year, unit_labels
from .exports import send_export

#: The sheet's name stays Vietnamese in every interface language (see exports.SHEET).
SHEET = "Tổng hợp"
WIDTHS = (34, 10, 10, 10, 10, 10, 14, 14)


def _header(kind: str) -> list[str]:
    return [
        _("Xã, phường") if kind == scope.PROVINCE else _("Thôn, tổ dân phố"),
        _("Đăng ký"),
        "KNS-1",
        _("KNS-1 (%)"),
        "KNS-2",
        _("KNS-2 (%)"),
        _("Chỉ tiêu KNS-1 (%)"),
        _("Chỉ tiêu KNS-2 (%)"),
    ]


def _export(kind: str):
    area = read_area()
    if area is None:
        abort(404)  # an officer role without an area: nothing to sum up
    year, problem = read_year(request.args.get("nam"))
    if problem:
        return Response(problem, 400, mimetype="text/plain")
    area_kind, code = area
    session = db.session()
    found = reports.report(session, area_kind, code, year)
    rows = summary_rows(found, unit_labels(found), _("Tổng cộng"))
    if kind == "csv":
        file, count = write_csv(_header(area_kind), rows)
    else:
        file, count = write_xlsx(SHEET, _header(area_kind), WIDTHS, rows)
    asked = f"{area_kind}={code}&nam={year}"
    return send_export(session, kind, file, count, asked, f"tong-hop-{code}", year)


@bp.route("/tong-hop.csv")
@db.writes_on_read
@require(IsOfficer)
def summary_csv():
    return _export("csv")


@bp.route("/tong-hop.xlsx")
@db.writes_on_read
@require(IsOfficer)
def summary_xlsx():
    return _export("xlsx")
