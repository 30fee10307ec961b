"""`lms backup` / `lms restore`: every attempt comes back, nobody's work is overwritten."""

import os

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select

from lms.cli import main
from lms.models import Attempt
from lms.web import db

from .answers import attempt_quiz, quiz_form
from .people import Person


def submit_attempts(app, learners: int) -> None:
    """Several learners each hand in a paper, the way the site receives it."""
    for n in range(learners):
        person = Person(app.test_client())
        assert person.sign_up(login=f"09123456{n:02d}").status_code == 302
        url = person.start_quiz("dien-thoai")
        with app.app_context():
            quiz, seed = attempt_quiz(db.session(), url)
        assert person.submit(url, quiz_form(quiz, seed)).status_code == 302


def attempts(url: str) -> list[tuple[int, int, int | None]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(Attempt.id, Attempt.user_id, Attempt.score).order_by(Attempt.id)
            )
            return [tuple(row) for row in rows]
    finally:
        engine.dispose()


def lms(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_restore_brings_back_every_attempt_and_asks_before_overwriting(app, tmp_path):
    url = app.config["DATABASE_URL"]
    submit_attempts(app, 3)
    saved = attempts(url)
    assert len(saved) == 3 and all(score is not None for _, _, score in saved)

    copy = tmp_path / "nightly.backup"
    assert lms("backup", str(copy), "--database-url", url).exit_code == 0
    assert lms("backup", str(copy), "--database-url", url).exit_code != 0  # never overwrites

    submit_attempts_after = Person(app.test_client())  # work done after the backup
    assert submit_attempts_after.sign_up(login="0988888888").status_code == 302
    db.engine(app).dispose()

    refused = lms("restore", str(copy), "--database-url", url)
    assert refused.exit_code != 0 and "--force" in refused.output
    restored = lms("restore", str(copy), "--force", "--database-url", url)
    assert restored.exit_code == 0, restored.output
    assert attempts(url) == saved


@pytest.mark.skipif(
    bool(os.environ.get("LMS_TEST_DATABASE_URL")), reason="a new SQLite file: SQLite only"
)
def test_a_new_server_restores_without_force_and_refuses_a_stranger_file(app, tmp_path):
    url = app.config["DATABASE_URL"]
    submit_attempts(app, 2)
    copy = tmp_path / "hoc-so.backup"
    assert lms("backup", str(copy), "--database-url", url).exit_code == 0
    fresh = f"sqlite:///{tmp_path / 'new-server' / 'hoc-so.db'}"
    assert lms("restore", str(copy), "--database-url", fresh).exit_code == 0
    assert attempts(fresh) == attempts(url)

    stranger = tmp_path / "photo.jpg"
    stranger.write_bytes(b"\xff\xd8 not a database")
    other = f"sqlite:///{tmp_path / 'third' / 'hoc-so.db'}"
    result = lms("restore", str(stranger), "--database-url", other)
    assert result.exit_code != 0 and "not a Học Số database" in result.output
