"""The scope, for every officer route: an officer of commune A never reaches commune B.

Every route under /can-bo/ must have an entry in CASES below (a new route without one
fails :func:`test_every_officer_route_has_scope_cases`). An entry lists requests aimed at
B's citizens, villages or commune, each expected to be a 404 ("hidden"), to answer
without any of B's people in it ("absent": lists, searches and exports), or to be
refused (403 or 404: "refused", pages for province officers only; "refused or absent":
such a page, which another province's officer may open, without B in it).
"""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lms.models import AuditEntry, Confirmation, RoleGrant
from lms.web import db

from .factories import B, make_staff, make_two_communes
from .people import csrf_from, log_in_staff

#: B's people (the last: B's officer), then B's village and B itself (summaries name units).
B_NAMES = ("Nguyễn Thị Xa", "Lê Thị Rút", "officer canbo.xa.b", "Tổ dân phố 3", "Phường An Hải")


def cases(ids: dict) -> dict:
    """(endpoint, method) → [(expectation, url, form)], aimed at commune B."""
    xa, rut, village = ids["Nguyễn Thị Xa"], ids["Lê Thị Rút"], ids["other_village"]
    lists = [("hidden", f"?xa={B}", None), ("hidden", f"?thon={village}", None),
             ("hidden", f"?xa={B}&thon={village}", None), ("absent", "", None),
             ("absent", "?q=nguyen thi xa", None), ("absent", "?q=rut", None)]  # fmt: skip

    def summary(kind: str) -> list:
        url = f"/can-bo/tong-hop.{kind}"
        return [("absent", url, None), ("absent", f"{url}?nam=2030", None),
                ("hidden", f"{url}?xa={B}", None), ("hidden", f"{url}?tinh=48", None),
                ("hidden", f"{url}?xa={B}&nam=2030", None)]  # fmt: skip

    return {
        ("office.home", "GET"): [
            ("absent", "/can-bo/", None),
            ("hidden", f"/can-bo/?xa={B}", None),
            ("hidden", "/can-bo/?tinh=48", None),
        ],
        ("office.commune_officers", "GET"): [("refused or absent", "/can-bo/can-bo-xa", None)],
        ("office.grant_commune_officer", "POST"): [
            ("refused", "/can-bo/can-bo-xa", {"login": "canbo.a", "commune": str(B)}),
        ],
        ("office.revoke_commune_officer", "POST"): [
            ("refused", "/can-bo/can-bo-xa/thu-hoi", {"grant": str(ids["b_grant"])}),
        ],
        ("office.find_learner", "GET"): [
            ("absent", "/can-bo/ma-dat-lai?q=Thị Xa", None),
            ("absent", "/can-bo/ma-dat-lai?q=Rút", None),
        ],
        ("office.give_reset_code", "POST"): [
            ("hidden", f"/can-bo/ma-dat-lai/{xa}", {}),
            ("hidden", f"/can-bo/ma-dat-lai/{rut}", {}),
        ],
        ("office.citizens", "GET"): [(e, "/can-bo/nguoi-hoc" + q, f) for e, q, f in lists],
        ("office.citizens_csv", "GET"): [(e, "/can-bo/nguoi-hoc.csv" + q, f) for e, q, f in lists],
        ("office.citizens_xlsx", "GET"): [
            (e, "/can-bo/nguoi-hoc.xlsx" + q, f) for e, q, f in lists
        ],
        ("office.summary_csv", "GET"): summary("csv"),
        ("office.summary_xlsx", "GET"): summary("xlsx"),
        ("office.citizen", "GET"): [
            ("hidden", f"/can-bo/nguoi-hoc/{xa}", None),
            ("hidden", f"/can-bo/nguoi-hoc/{rut}", None),
        ],
        ("office.confirm", "POST"): [
            ("hidden", f"/can-bo/nguoi-hoc/{xa}/xac-nhan", {"muc": "KNS-1", "nam": "2026"}),
        ],
        ("office.revoke_confirmation", "POST"): [
            ("hidden", f"/can-bo/nguoi-hoc/{xa}/thu-hoi", {"xac_nhan": "1", "ly_do": "x"}),
        ],
    }


def officer_routes(app) -> list[tuple[str, str]]:
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/can-bo")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


@pytest.fixture
def area(app):
    ids = make_two_communes(app)
    b_officer = make_staff(app, "officer", "canbo.xa.b", B)  # whose role A must not revoke
    with app.app_context():
        ids["b_grant"] = db.session().scalar(
            select(RoleGrant.id).where(RoleGrant.user_id == b_officer, RoleGrant.role == "officer")
        )
    return ids


def test_every_officer_route_has_scope_cases(app, area):
    known = cases(area)
    missing = [route for route in officer_routes(app) if route not in known]
    assert not missing, f"officer routes without scope cases in CASES: {missing}"
    stale = [route for route in known if route not in officer_routes(app)]
    assert not stale, f"scope cases for routes that do not exist: {stale}"


def text_of(response) -> str:
    if "spreadsheetml" in response.headers.get("Content-Type", ""):
        book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
        return "\n".join(
            str(value) for row in book.active.iter_rows(values_only=True) for value in row
        )
    return response.get_data(as_text=True)


@pytest.mark.parametrize("scope", [20791, "province-of-another"])
def test_an_officer_of_a_never_reaches_b(app, area, scope):
    # A commune officer of A; and a province officer of another province (B is in 48).
    make_staff(app, "officer", "canbo.a", 20791 if scope == 20791 else 1)
    officer = log_in_staff(app, "canbo.a")[0]
    token = csrf_from(officer.client.get("/can-bo/").get_data(as_text=True))
    for (endpoint, method), requests in cases(area).items():
        for expectation, url, form in requests:
            if method == "GET":
                response = officer.client.get(url)
            else:
                response = officer.client.post(url, data={"csrf_token": token, **form})
            where = f"{endpoint} {method} {url}"
            if expectation == "hidden":
                assert response.status_code == 404, where
            elif expectation == "refused" or (
                expectation == "refused or absent" and response.status_code != 200
            ):
                assert response.status_code in (403, 404), (where, response.status_code)
            else:
                assert response.status_code == 200, (where, response.status_code)
                body = text_of(response)
                assert not any(name in body for name in B_NAMES), where
    # Nothing was written about B's people but the refused tries.
    with app.app_context():
        session = db.session()
        subjects = set(session.scalars(select(AuditEntry.subject_id)))
        assert not subjects & {area[name] for name in B_NAMES if name in area}
        assert session.scalar(select(Confirmation.id)) is None
        b_roles = select(RoleGrant.scope_code).where(RoleGrant.role == "officer")
        assert B in set(session.scalars(b_roles))  # B's officer kept the role
        assert (
            session.scalar(  # and nobody was made an officer of B
                select(func.count()).select_from(RoleGrant).where(RoleGrant.scope_code == B)
            )
            == 1
        )


def test_the_scope_test_sees_b_when_it_should(app, area):
    """The same requests by B's own officer do reach B: the cases are not vacuous."""
    make_staff(app, "officer", "canbo.b", B)
    officer = log_in_staff(app, "canbo.b")[0]
    assert officer.client.get(f"/can-bo/nguoi-hoc/{area['Nguyễn Thị Xa']}").status_code == 200
    assert "Nguyễn Thị Xa" in officer.client.get(f"/can-bo/nguoi-hoc?xa={B}").get_data(as_text=True)
    assert "Nguyễn Thị Xa" in text_of(officer.client.get("/can-bo/nguoi-hoc.xlsx"))
    assert "Tổ dân phố 3" in text_of(officer.client.get("/can-bo/tong-hop.xlsx"))
