"""The citizens list as a file: CSV (UTF-8 with BOM) and XLSX, with the list's filters.

Rows are read in batches and written to a spooled temporary file (memory stays flat),
then streamed. Each export is in the audit log before the file leaves: who, when, the
officer's scope, the filters and the row count. Only the columns a report needs: no
phone numbers, no exact birth dates.
"""

from urllib.parse import urlencode

from flask import Response, abort, request
from flask_babel import _
from flask_login import current_user

from .. import audit
from ..citizens.export import chunks, write_csv, write_xlsx
from ..citizens.listing import OutOfScope, all_rows, level_codes_of
from ..people.accounts import GENDERS, TARGET_GROUPS
from ..places.scope import officer_grants
from ..publishing import current_rules
from ..web import db
from ..web.i18n import translated
from ..web.permissions import IsOfficer, require
from ..web.site import vn_date
from . import bp
from .citizens import read_filters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The sheet's name stays Vietnamese in every interface language: the file is a report
#: for Vietnamese offices (the column headers follow the officer's language).
SHEET = "Người học"
WIDTHS = (6, 28, 9, 9, 24, 24, 22, 10, 9, 10, 12)


def _header() -> list[str]:
    return [
        _("STT"),
        _("Họ và tên"),
        _("Năm sinh"),
        _("Giới tính"),
        _("Nhóm"),
        _("Xã, phường"),
        _("Thôn, tổ dân phố"),
        _("Mức đã đạt"),
        _("Điểm gợi ý chỉ số 5"),
        _("Mức đã xác nhận"),
        _("Ngày xác nhận"),
    ]


def _cells(rows):
    genders = {code: translated(word) for code, word in GENDERS.items()}
    groups = {code: translated(word) for code, word in TARGET_GROUPS.items()}
    for number, row in enumerate(rows, start=1):
        level, at = row.confirmed or (None, None)
        yield [
            number,
            row.name,
            row.birth_year,
            genders.get(row.gender, ""),
            groups.get(row.group, ""),
            row.commune,
            row.village or "",
            row.level or "",
            row.points,
            level or "",
            vn_date(at),
        ]


def _export(kind: str):
    session = db.session()
    codes = level_codes_of(current_rules(session))
    filters, problem = read_filters(codes)
    if problem is not None:
        return Response(problem, 400, mimetype="text/plain")
    try:
        rows = _cells(all_rows(session, current_user, filters, codes))
    except OutOfScope:
        abort(404)
    if kind == "csv":
        file, count = write_csv(_header(), rows)
    else:
        file, count = write_xlsx(SHEET, _header(), WIDTHS, rows)
    return send_export(
        session, kind, file, count, urlencode(filters.args()), "nguoi-hoc", filters.year
    )


def send_export(session, kind: str, file, count: int, asked: str, name: str, year: int):
    """Log the export (who, when, what was asked, rows, the officer's scope) before the
    file leaves, then stream it. Shared by every officer export."""
    scope = ",".join(f"{g.scope_kind}:{g.scope_code}" for g in officer_grants(current_user))
    audit.record_export(session, current_user, f"{request.path}?{asked} rows={count} scope={scope}")
    return Response(
        chunks(file),
        mimetype="text/csv; charset=utf-8" if kind == "csv" else XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{name}-{year}.{kind}"',
            "Cache-Control": "no-store",
        },
        direct_passthrough=True,
    )


@bp.route("/nguoi-hoc.csv")
@db.writes_on_read
@require(IsOfficer)
def citizens_csv():
    return _export("csv")


@bp.route("/nguoi-hoc.xlsx")
@db.writes_on_read
@require(IsOfficer)
def citizens_xlsx():
    return _export("xlsx")
