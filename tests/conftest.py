"""Fixtures: a real app on a real SQLite file per test, and helpers that act like a person."""

import os
import re
import shutil
from pathlib import Path

# Cheap password hashing for the whole suite, set before lms is imported (the hasher is
# built at import). Production refuses this setting; test_passwords checks the real one.
os.environ.setdefault("LMS_PASSWORD_HASH", "fast")

import pytest
from sqlalchemy import create_engine, text

from lms.app import create_app
from lms.cli import main
from lms.models import Base
from lms.web import db

FIXTURES = Path(__file__).parent / "fixtures"
#: A secret key production accepts (lms.config: at least 32 random bytes).
GOOD_KEY = "q8V3xN1tLw0bR7cZp5eYk2HjU9sDfGm4aTiOvXl6EnQ"
CURRICULUM = FIXTURES / "curriculum"


def database_url(tmp_path: Path) -> str:
    """A fresh SQLite file per test, or the emptied database in LMS_TEST_DATABASE_URL."""
    url = os.environ.get("LMS_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'hoc-so.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return url


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("LMS_SECRET_KEY", "test-secret-key")
    monkeypatch.setenv("LMS_ENV", "development")
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url(tmp_path),
            "CONTENT_ROOT": CURRICULUM,
            "DEMO_ACCOUNTS": False,
        }
    )
    yield app
    db.engine(app).dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def lms(app):
    """Runs the `lms` command against the test app: lms(["content", "check"])."""
    runner = app.test_cli_runner()
    return lambda args, **kwargs: runner.invoke(main, args, **kwargs)


@pytest.fixture
def session(app):
    """The test's own look at the database, beside the app's requests: it reads (no
    write lock held while the test drives the app), and sees what they committed."""
    with app.app_context():
        yield db.session(writes=False)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def signup_data(**overrides) -> dict:
    data = {
        "province": "48",
        "login": "0912345678",
        "password": "luavangdongque",
        "password_again": "luavangdongque",
        "display_name": "Bà Hoa",
        "birth_year": "1960",
        "gender": "nu",
        "target_group": "nong-dan",
        "commune": "20791",
        "village": "Thôn Bình Hoà",
        "consent": "y",
    }
    data.update(overrides)
    return data


class Person:
    """Drives the test client the way a learner's browser would, CSRF tokens included."""

    def __init__(self, client):
        self.client = client

    def post_form(self, page: str, data: dict, action: str | None = None, **kwargs):
        token = csrf_from(self.client.get(page).get_data(as_text=True))
        return self.client.post(action or page, data={"csrf_token": token, **data}, **kwargs)

    def sign_up(self, **overrides):
        data = signup_data(**overrides)
        return self.post_form(f"/dang-ky?tinh={data['province']}", data)

    def log_in(self, login="0912345678", password="luavangdongque"):
        return self.post_form("/dang-nhap", {"username": login, "password": password})

    def log_out(self):
        return self.post_form("/", {}, action="/dang-xuat")

    def start_quiz(self, slug: str) -> str:
        response = self.post_form(f"/kiem-tra/{slug}", {})
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]

    def submit(self, attempt_url: str, answers: dict):
        return self.post_form(attempt_url, answers)


@pytest.fixture
def person(client):
    return Person(client)


@pytest.fixture
def learner(person):
    response = person.sign_up()
    assert response.status_code == 302
    return person


TIMED = "time_limit_minutes: 10\n"


@pytest.fixture
def timed_root(tmp_path):
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    quiz = root / "quizzes" / "dien-thoai.yaml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("questions:\n", TIMED + "questions:\n", 1)
    )
    return root


@pytest.fixture
def timed(timed_root, tmp_path, monkeypatch):
    """A learner on a site whose phone quiz must be handed in within 10 minutes."""
    monkeypatch.setenv("LMS_SECRET_KEY", "test-secret-key")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url(tmp_path),
            "CONTENT_ROOT": timed_root,
            "DEMO_ACCOUNTS": False,
        }
    )
    person = Person(app.test_client())
    assert person.sign_up().status_code == 302
    person.app = app
    yield person
    db.engine(app).dispose()
