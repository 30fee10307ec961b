"""What happens when the app starts: migrate, import an empty database, demo accounts."""

import click
from flask import Flask
from sqlalchemy import select

from .content import load_curriculum
from .database import migrate
from .models import Module
from .people.accounts import create_user, find_user
from .publishing import import_curriculum
from .web import db

#: One account per role for trying the site locally. Never created in production.
DEMO_ACCOUNTS = (
    ("hocvien", "learner", None, "Học viên thử"),
    ("giangvien", "trainer", None, "Giảng viên thử"),
    # An officer of Xã Thăng Bình, Thành phố Đà Nẵng (formerly in Quảng Nam).
    ("canboxa", "officer", 20791, "Cán bộ xã thử"),
    ("quantri", "admin", None, "Quản trị thử"),
)
DEMO_PASSWORD = "thu-hoc-so-2026"  # noqa: S105 - printed on purpose, development only


def prepare(app: Flask) -> None:
    engine = db.engine(app)
    if app.config["MIGRATE_ON_START"]:
        migrate(engine)
    with app.app_context():
        session = db.session()
        if app.config["IMPORT_ON_START"] and session.scalar(select(Module.id).limit(1)) is None:
            curriculum = load_curriculum(app.config["CONTENT_ROOT"])
            if curriculum.ok:
                report = import_curriculum(session, curriculum)
                app.logger.info(
                    "Imported %d files into an empty database", len(report.new_revisions)
                )
            else:
                for problem in curriculum.problems:
                    click.echo(str(problem), err=True)
                click.echo(
                    "The curriculum has problems and was not imported (run 'lms content check').",
                    err=True,
                )
        if app.config["DEMO_ACCOUNTS"]:
            _demo_accounts(session)
        db.commit()


def _demo_accounts(session) -> None:
    for username, role, scope, name in DEMO_ACCOUNTS:
        if find_user(session, username) is None:
            create_user(
                session,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                scope_code=scope,
                display_name=name,
            )
    logins = ", ".join(f"{username} ({role})" for username, role, _, _ in DEMO_ACCOUNTS)
    click.echo(f"Demo accounts (development only): {logins}; password: {DEMO_PASSWORD}", err=True)
