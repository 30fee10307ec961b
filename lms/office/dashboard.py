"""The officer's home: the dashboard of their area for a year.

Parses the area (``?xa=`` a commune, ``?tinh=`` a province, else the officer's own
scope) and the year (``?nam=``), asks :func:`lms.reports.report` for the figures, and
labels them. Outside the officer's scope an area is a 404, exactly like a missing one.
Every number links to the citizens list with the filters that count it.
"""

from datetime import date
from urllib.parse import quote

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import places, reports
from ..inputs import small_int
from ..people.accounts import GENDERS, TARGET_GROUPS
from ..places import scope
from ..places.villages import natural_key, villages_of
from ..reports import svg, targets
from ..web import db
from ..web.i18n import translated
from ..web.permissions import IsOfficer, require
from . import bp


@bp.route("/")
@require(IsOfficer)
def home():
    area = read_area()
    if area is None:
        problem = _(
            "Tài khoản cán bộ của bạn chưa được giao xã hay tỉnh nào. "
            "Hãy nhờ quản trị viên giao địa bàn."
        )
        return render_template("office/dashboard.html", problem=problem, area=None)
    kind, code = area
    year, problem = read_year(request.args.get("nam"))
    if problem:
        return render_template("office/dashboard.html", problem=problem, area=None), 400
    found = reports.report(db.session(), kind, code, year)
    to_list = _list_link(kind, code, year)
    sections = _sections(found, to_list)
    return render_template(
        "office/dashboard.html",
        problem=None,
        area=_area_view(kind, code),
        others=_other_areas(kind, code),
        year=year,
        found=found,
        sections=sections,
        charts=_charts(found, sections),
        total=_cells(found.total, to_list, {}),
        between=found.target.between if found.target else (),
    )


def read_area() -> tuple[str, int] | None:
    for name, kind in (("xa", scope.COMMUNE), ("tinh", scope.PROVINCE)):
        if name in request.args:
            code = small_int(request.args.get(name), max_digits=6)
            if code is None or not scope.covers(current_user, code, kind):
                abort(404)  # unknown, or someone else's area: the same answer
            return kind, code
    grants = sorted(scope.officer_grants(current_user), key=lambda g: not g.covers_province)
    if not grants:
        return None  # an officer role without an area yet
    first = grants[0]
    return (scope.PROVINCE if first.covers_province else scope.COMMUNE), first.scope_code


def read_year(text: str | None) -> tuple[int, str | None]:
    this_year = date.today().year
    if text is None or text == "":
        return this_year, None
    year = small_int(text, max_digits=4)
    if year is None or not targets.FIRST_YEAR <= year <= targets.LAST_YEAR:
        return this_year, _(
            "Năm “%(text)s” không dùng được: hãy nhập một năm từ %(first)s đến %(last)s, "
            "ví dụ %(year)s.",
            text=text[:20],
            first=targets.FIRST_YEAR,
            last=targets.LAST_YEAR,
            year=this_year,
        )
    return year, None


def _name(kind: str, code: int) -> str:
    name = places.province_name(code) if kind == scope.PROVINCE else places.commune_name(code)
    return name or str(code)


def _area_view(kind: str, code: int) -> dict:
    view = {"kind": kind, "code": code, "name": _name(kind, code), "parent": None}
    if kind == scope.COMMUNE:
        for grant in scope.officer_grants(current_user):
            if grant.covers_province and places.commune_in_province(code, grant.scope_code):
                view["parent"] = {
                    "code": grant.scope_code,
                    "name": _name(scope.PROVINCE, grant.scope_code),
                }
    return view


def _other_areas(kind: str, code: int) -> list[dict]:
    """The officer's other scopes, when they hold more than one."""
    areas = []
    for grant in scope.officer_grants(current_user):
        grant_kind = scope.PROVINCE if grant.covers_province else scope.COMMUNE
        if (grant_kind, grant.scope_code) != (kind, code):
            areas.append(
                {
                    "param": "tinh" if grant.covers_province else "xa",
                    "code": grant.scope_code,
                    "name": _name(grant_kind, grant.scope_code),
                }
            )
    return areas


def _list_link(kind: str, code: int, year: int):
    """to_list(**filters) → the citizens list counting that number.

    The area and year part is built once per page: a province page has ~2,000 links.
    """
    area = {"xa": code} if kind == scope.COMMUNE else {}
    base = url_for("office.citizens", **area, nam=year)

    def to_list(**filters) -> str:
        extra = "".join(f"&{k}={quote(str(v), safe='')}" for k, v in filters.items() if v)
        return base + extra

    return to_list


def plain(number: int) -> str:
    """12345 → '12.345', as Vietnamese write it."""
    return f"{number:,}".replace(",", ".")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


def _cells(count: reports.Count, to_list, filters: dict | None) -> list[tuple[str, str | None]]:
    """A row's figures as (text, link or None): registered, KNS-1, %, KNS-2, %."""
    if filters is None:  # "not known" rows: no filter of the list names them
        links = (None, None, None)
    else:
        links = (
            to_list(**filters),
            to_list(muc="KNS-1", **filters),
            to_list(muc="KNS-2", **filters),
        )
    return [
        (plain(count.registered), links[0]),
        (plain(count.kns1), links[1]),
        (percent(count.share("KNS-1")), None),
        (plain(count.kns2), links[2]),
        (percent(count.share("KNS-2")), None),
    ]


def unit_labels(found: reports.Report) -> list[tuple[str, str]]:
    """The report's child units as (key, label), in the order officers read them: the
    province's communes, or the commune's villages (then unlisted ones, then "unknown")."""
    if found.kind == scope.PROVINCE:
        return [(str(p.code), p.name) for p in places.communes(found.code)]
    listed = villages_of(db.session(), [found.code]).get(found.code, [])
    units = [(str(v.id), v.name) for v in sorted(listed, key=lambda v: natural_key(v.name))]
    known = {key for key, _label in units}
    units += [
        (key, _("Thôn số %(id)s", id=key))
        for key in sorted(found.units)
        if key and key not in known
    ]
    if "" in found.units:
        units.append(("", _("Thôn chưa có trong danh sách")))
    return units


def _sections(found: reports.Report, to_list) -> list[dict]:
    """The breakdowns, labelled, each with the list filter its rows stand for."""
    unknown = _("Chưa rõ")
    units = unit_labels(found)
    if found.kind == scope.PROVINCE:
        unit_title, unit_filter = _("Theo xã, phường"), "xa"
    else:
        unit_title, unit_filter = _("Theo thôn, tổ dân phố"), "thon"
    groups = [(k, translated(v)) for k, v in TARGET_GROUPS.items()] + [("", unknown)]
    genders = [(k, translated(v)) for k, v in GENDERS.items()] + [("", unknown)]
    ages = age_band_labels() + [("", unknown)]
    sections = [
        ("don-vi", unit_title, unit_filter, units, found.units),
        ("nhom", _("Theo nhóm đối tượng"), "nhom", groups, found.groups),
        ("tuoi", _("Theo độ tuổi"), "tuoi", ages, found.ages),
        ("gioi", _("Theo giới tính"), "gioi", genders, found.genders),
    ]
    result = []
    for anchor, title, filter_name, labels, counts in sections:
        rows = []
        for key, label in labels:
            count = counts.get(key) or reports.Count(key)
            if key == "" and not count.registered and not count.levels:
                continue  # an "unknown" row only when someone is in it
            # No filter names "unknown" or an unlisted village: those rows are not links.
            filters = {filter_name: key} if key else None
            drill = None
            if found.kind == scope.PROVINCE and anchor == "don-vi":
                drill = url_for("office.home", xa=key, nam=found.year)
            rows.append(
                {
                    "label": label,
                    "drill": drill,
                    "count": count,
                    "cells": _cells(count, to_list, filters),
                }
            )
        result.append({"anchor": anchor, "title": title, "rows": rows})
    return result


def _charts(found: reports.Report, sections: list[dict]) -> dict:
    target = found.target
    target_lines = [target.kns1, target.kns2] if target else []
    charts = {}
    for section in sections:
        rows = [
            (
                row["label"],
                [
                    svg.Bar(row["count"].share(level), percent(row["count"].share(level)))
                    for level in reports.LEVELS
                ],
            )
            for row in section["rows"]
        ]
        title = _("%(what)s: tỉ lệ người đạt KNS-1 và KNS-2", what=section["title"])
        charts[section["anchor"]] = svg.share_bars(
            f"bieu-do-{section['anchor']}", title, rows, target_lines
        )
    months = [(str(m), [c.kns1, c.kns2]) for m, c in sorted(found.months.items())]
    charts["thang"] = svg.month_bars(
        "bieu-do-thang",
        _("Số người đạt KNS-1 và KNS-2 theo từng tháng năm %(year)s", year=found.year),
        months,
    )
    return charts


def age_band_labels() -> list[tuple[str, str]]:
    """The age bands of lms.reports as officers read them (the citizens list uses them too)."""
    return [
        ("duoi-30", _("Dưới 30 tuổi")),
        ("30-44", _("30–44 tuổi")),
        ("45-59", _("45–59 tuổi")),
        ("60-74", _("60–74 tuổi")),
        ("tu-75", _("Từ 75 tuổi")),
    ]
