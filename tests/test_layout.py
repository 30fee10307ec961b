"""The architecture holds: pure cores stay pure, and only the request (or a CLI command)
commits, once."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from flask import abort
from sqlalchemy import select

from lms.models import User
from lms.web import db

LMS = Path(__file__).resolve().parent.parent / "lms"


def test_the_pure_cores_import_neither_flask_nor_sqlalchemy():
    code = (
        "import lms.criteria, lms.quiz, lms.content, sys; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_only_the_request_and_the_cli_commit():
    # site.py: the error handlers roll back (through lms.web.db) before drawing the page.
    allowed = {LMS / "web" / name for name in ("db.py", "site.py")} | {
        LMS / "cli.py",
        LMS / "startup.py",
    }
    offenders = [
        f"{path.relative_to(LMS)}:{number}"
        for path in LMS.rglob("*.py")
        if path not in allowed and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.(commit|rollback)\(\)", line)
    ]
    # One exception, lms.database.end_read: it ends a transaction that has only read (it
    # refuses one that wrote), so a password hash runs holding no lock. It loses nothing.
    assert offenders == [_end_read_rollback()]


def _end_read_rollback() -> str:
    source = (LMS / "database.py").read_text().splitlines()
    start = next(n for n, line in enumerate(source) if line.startswith("def end_read("))
    end = next(n for n in range(start + 1, len(source)) if source[n].startswith("def "))
    body = [n for n in range(start, end) if source[n].strip() == "session.rollback()"]
    assert len(body) == 1 and "session.info.get(_WROTE)" in "\n".join(source[start:end])
    return f"database.py:{body[0] + 1}"


@pytest.fixture
def writing_app(app):
    """The real app plus three routes that write a user, then end in different ways."""

    def write(name: str) -> None:
        db.session().add(User(username=name, password_hash="x", display_name=name))
        db.session().flush()

    def ok():
        write("ghi-xong")
        return "ok"

    def crash():
        write("ghi-loi")
        raise RuntimeError("boom")

    def refused():
        write("ghi-404")
        abort(404)

    app.add_url_rule("/_test/ok", "test_ok", ok)
    app.add_url_rule("/_test/crash", "test_crash", crash)
    app.add_url_rule("/_test/refused", "test_refused", refused)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def stored_names(app) -> set[str]:
    with app.app_context():
        return set(db.session().scalars(select(User.username)))


def test_a_request_commits_once_when_the_view_succeeds(writing_app):
    assert writing_app.test_client().get("/_test/ok").status_code == 200
    assert "ghi-xong" in stored_names(writing_app)


def test_an_error_rolls_everything_back_and_the_error_page_still_renders(writing_app):
    client = writing_app.test_client()
    crashed = client.get("/_test/crash")
    assert crashed.status_code == 500 and "Có lỗi xảy ra" in crashed.get_data(as_text=True)
    refused = client.get("/_test/refused")
    assert refused.status_code == 404 and "Không tìm thấy trang" in refused.get_data(as_text=True)
    assert not {"ghi-loi", "ghi-404"} & stored_names(writing_app)


def test_test_modules_share_helpers_only_through_support_modules():
    """Helpers live in tests/{factories,people,paths,answers,html}.py (and browser/
    {server,quiz_pages,accessibility}.py): a test module never imports conftest or
    another test module, so moving or deleting a test never breaks another."""
    tests = Path(__file__).resolve().parent
    offenders = [
        f"{path.relative_to(tests)}:{number}"
        for path in tests.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.match(r"\s*from \.+(conftest|test_\w+) import", line)
    ]
    assert offenders == []
