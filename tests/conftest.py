"""Fixtures: a real app on a real SQLite file per test, and helpers that act like a person."""

import os
import shutil

# Cheap password hashing for the whole suite, set before lms is imported (the hasher is
# built at import). Production refuses this setting; test_passwords checks the real one.
os.environ.setdefault("LMS_PASSWORD_HASH", "fast")

import pytest

from lms.cli import main
from lms.web import db

from .factories import make_app
from .paths import CURRICULUM, TIMED
from .people import Person


@pytest.fixture
def app(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, CURRICULUM)
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


@pytest.fixture
def person(client):
    return Person(client)


@pytest.fixture
def learner(person):
    response = person.sign_up()
    assert response.status_code == 302
    return person


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
    app = make_app(tmp_path, monkeypatch, timed_root)
    person = Person(app.test_client())
    assert person.sign_up().status_code == 302
    person.app = app
    yield person
    db.engine(app).dispose()
