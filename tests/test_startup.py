"""Start-up and staff commands: migrations, demo accounts, production safety."""

import pytest
from sqlalchemy import func, select

from lms.app import create_app
from lms.config import ConfigError, from_environment
from lms.models import RoleGrant, User
from lms.people.accounts import authenticate
from lms.startup import DEMO_ACCOUNTS, DEMO_PASSWORD
from lms.web import db

from .factories import GOOD_KEY, database_url
from .paths import CURRICULUM

PRODUCTION = {
    "LMS_ENV": "production",
    "LMS_SECRET_KEY": GOOD_KEY,
    "LMS_PUBLIC_URL": "https://hocso.example.vn",
}


def test_development_creates_one_demo_account_per_role_and_prints_logins(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("LMS_SECRET_KEY", "x")
    config = {"DATABASE_URL": database_url(tmp_path), "CONTENT_ROOT": CURRICULUM}
    app = create_app(config)
    again = create_app(config)  # a second start reuses the accounts
    db.engine(again).dispose()
    printed = capsys.readouterr().err
    for username, role, _, _ in DEMO_ACCOUNTS:
        assert f"{username} ({role})" in printed
    assert DEMO_PASSWORD in printed
    with app.app_context():
        session = db.session()
        assert session.scalar(select(func.count(User.id))) == len(DEMO_ACCOUNTS)
        officer = authenticate(session, "canboxa", DEMO_PASSWORD)
        grant = next(g for g in officer.roles if g.role == "officer")
        assert grant.scope_code == 20791
    db.engine(app).dispose()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="LMS_SECRET_KEY"):
        from_environment(tmp_path, {"LMS_ENV": "production"})


def test_production_never_makes_demo_accounts_and_uses_secure_cookies(tmp_path):
    config = from_environment(tmp_path, PRODUCTION)
    assert config["DEMO_ACCOUNTS"] is False
    assert config["SESSION_COOKIE_SECURE"] is True


def test_unknown_environment_name_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        from_environment(tmp_path, {"LMS_ENV": "staging"})


def test_users_create_makes_a_scoped_officer(lms, session):
    result = lms(
        [
            "users",
            "create",
            "--role",
            "officer",
            "--scope",
            "48",
            "--username",
            "canbotinh",
            "--password",
            "mot-mat-khau-dai",
        ]
    )
    assert result.exit_code == 0, result.output
    grant = session.scalar(select(RoleGrant).where(RoleGrant.role == "officer"))
    assert grant.scope_code == 48
    assert authenticate(session, "canbotinh", "mot-mat-khau-dai") is not None


@pytest.mark.parametrize("scope", [[], ["--scope", "999999"]])
def test_an_officer_needs_a_real_scope(lms, session, scope):
    result = lms(
        [
            "users",
            "create",
            "--role",
            "officer",
            *scope,
            "--username",
            "canbo",
            "--password",
            "mot-mat-khau-dai",
        ]
    )
    assert result.exit_code == 2
    assert "--scope" in result.output
    assert session.scalar(select(func.count(User.id))) == 0


def test_production_refuses_a_guessable_secret_key(tmp_path):
    for weak in ("abc", "k" * 64, "production-secret"):
        with pytest.raises(ConfigError, match="at least 32 random bytes"):
            from_environment(tmp_path, {**PRODUCTION, "LMS_SECRET_KEY": weak})


def test_production_needs_its_public_address(tmp_path):
    without = {k: v for k, v in PRODUCTION.items() if k != "LMS_PUBLIC_URL"}
    with pytest.raises(ConfigError, match="LMS_PUBLIC_URL"):
        from_environment(tmp_path, without)
    for bad in ("http://hocso.example.vn", "https://hocso.example.vn/a", "hocso.example.vn"):
        with pytest.raises(ConfigError, match="LMS_PUBLIC_URL"):
            from_environment(tmp_path, {**PRODUCTION, "LMS_PUBLIC_URL": bad})
    assert from_environment(tmp_path, PRODUCTION)["PUBLIC_URL"] == "https://hocso.example.vn"


@pytest.mark.parametrize(
    ("username", "why"),
    [("can-bo", "cannot sign in"), ("CanBo", "lower case"), ("0912345678", "phone number")],
)
def test_users_create_refuses_usernames_the_login_form_rejects(lms, session, username, why):
    result = lms(
        ["users", "create", "--role", "admin", "--username", username, "--password", "x" * 12]
    )
    assert result.exit_code != 0 and why in result.output, result.output
    assert session.scalar(select(func.count(User.id))) == 0


def test_users_create_refuses_a_name_with_control_characters(lms, session):
    result = lms(
        [
            "users",
            "create",
            "--role",
            "admin",
            "--username",
            "quantri",
            "--password",
            "x" * 12,
            "--name",
            "\u202egnp.exe",
        ]
    )
    assert result.exit_code != 0 and "--name" in result.output
    assert session.scalar(select(func.count(User.id))) == 0
