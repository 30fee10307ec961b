"""`lms demo-data`: realistic, repeatable, bulk, and never in production."""

import json

import pytest
from sqlalchemy import func, select

from lms import places
from lms.app import create_app
from lms.cli import main
from lms.models import Attempt, Consent, CriterionStatus, User, Village
from lms.web import db

from .factories import database_url
from .paths import CURRICULUM


def _rows(app) -> tuple:
    with app.app_context():
        session = db.session()
        users = session.execute(
            select(
                User.display_name,
                User.birth_year,
                User.gender,
                User.commune_code,
                User.village_id,
                User.criterion_level,
            ).order_by(User.id)
        ).all()
        attempts = session.execute(
            select(Attempt.user_id, Attempt.score, Attempt.submitted_at).order_by(Attempt.id)
        ).all()
        return [tuple(u) for u in users], [tuple(a) for a in attempts]


def test_demo_data_fills_a_province_and_ends_with_a_json_summary(app, lms):
    result = lms(["demo-data", "--citizens", "300", "--seed", "7"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    with app.app_context():
        session = db.session()
        assert summary["citizens"] == session.scalar(select(func.count(User.id))) == 300
        assert summary["consents"] == session.scalar(select(func.count(Consent.id))) == 300
        assert summary["attempts"] == session.scalar(select(func.count(Attempt.id))) > 300
        assert summary["villages"] == session.scalar(select(func.count(Village.id))) > 0
        assert summary["province"] == 48
        assert all(places.commune_in_province(code, 48) for code in summary["communes"])
        assert len(summary["communes"]) > 10
        levels = session.scalars(select(CriterionStatus.level)).all()
        assert 0 < len(levels) < 300  # some pass, not everyone
        users = session.scalars(select(User)).all()
        assert all(1940 <= u.birth_year <= 2008 for u in users)
        assert sum(u.birth_year < 1976 for u in users) > 150  # leaning older
        assert any("Thị" in u.display_name for u in users)
        assert {u.gender for u in users} >= {"nu", "nam"}
        with_village = [u for u in users if u.village_id]
        villages = {v.id: v.commune_code for v in session.scalars(select(Village))}
        assert all(villages[u.village_id] == u.commune_code for u in with_village)
        # Statuses are what the per-learner rule stores: KNS-1 holders have points.
        holders = [u for u in users if u.criterion_level]
        assert holders and all(u.criterion_points >= 6 for u in holders)


def _fresh_app(tmp_path, name):
    (tmp_path / name).mkdir()
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url(tmp_path / name),
            "CONTENT_ROOT": CURRICULUM,
            "DEMO_ACCOUNTS": False,
        }
    )


@pytest.mark.skipif(
    __import__("os").environ.get("LMS_TEST_DATABASE_URL") is not None,
    reason="needs two databases",
)
def test_the_same_seed_gives_the_same_citizens(tmp_path, monkeypatch):
    monkeypatch.setenv("LMS_SECRET_KEY", "test-secret-key")
    runs = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        app = _fresh_app(tmp_path, name)
        result = app.test_cli_runner().invoke(
            main, ["demo-data", "--citizens", "50", "--seed", str(seed)]
        )
        assert result.exit_code == 0, result.output
        runs.append(_rows(app))
        db.engine(app).dispose()
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_an_unknown_province_writes_nothing(app, lms):
    result = lms(["demo-data", "--citizens", "10", "--province", "99"])
    assert result.exit_code == 1
    assert "unknown province code 99" in result.output
    with app.app_context():
        session = db.session()
        assert session.scalar(select(func.count(User.id))) == 0
        assert session.scalar(select(func.count(Village.id))) == 0


def test_demo_data_refuses_production(app, lms):
    app.config["ENV_NAME"] = "production"
    result = lms(["demo-data", "--citizens", "10"])
    assert result.exit_code == 1 and "production" in result.output
    with app.app_context():
        assert db.session().scalar(select(func.count(User.id))) == 0


def test_a_demo_citizen_cannot_log_in(app, lms, person):
    assert lms(["demo-data", "--citizens", "3", "--seed", "1"]).exit_code == 0
    with app.app_context():
        username = db.session().scalar(select(User.username).limit(1))
    response = person.log_in(username, "!demo")
    assert response.status_code == 422


def test_people_signing_up_after_demo_data_get_ids_of_their_own(app, lms, person):
    """Demo data inserts its ids itself; the database must still hand new ones out."""
    assert lms(["demo-data", "--citizens", "5", "--seed", "1"]).exit_code == 0
    assert person.sign_up().status_code == 302
    with app.app_context():
        session = db.session()
        assert session.scalar(select(func.count(User.id))) == 6
        assert session.scalar(select(func.count(func.distinct(User.id)))) == 6
