"""Helpers for security tests: staff accounts made the way the `lms users create` CLI does."""

from lms.people.accounts import create_user
from lms.web import db

STAFF_PASSWORD = "giu-bi-mat-cong-viec"


def make_staff(app, role: str, username: str, scope: int | None = None) -> int:
    with app.app_context():
        user = create_user(
            db.session(),
            username=username,
            password=STAFF_PASSWORD,
            role=role,
            scope_code=scope,
            display_name=f"{role} {username}",
        )
        db.commit()
        return user.id
