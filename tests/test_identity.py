"""A cookie names one sign-in, never an account id: ids are never reused, and every way
of signing out ends the sign-in on the server (issue 9, items 1 and 6)."""

from sqlalchemy import create_engine, select, text

from lms.database import alembic_config, make_engine
from lms.models import User
from lms.web import db

from .people import Person

COOKIES = ("session", "remember_token", "thiet-bi")


def cookies_of(person: Person) -> dict[str, str]:
    return {
        name: person.client.get_cookie(name).value
        for name in COOKIES
        if person.client.get_cookie(name) is not None
    }


def replay(app, cookies: dict[str, str], only: str | None = None) -> Person:
    """Another browser holding a copy of some cookies."""
    thief = Person(app.test_client())
    for name, value in cookies.items():
        if only is None or name == only:
            thief.client.set_cookie(name, value)
    return thief


def test_a_deleted_accounts_cookies_never_open_the_next_account(app, learner):
    kept = cookies_of(learner)
    assert {"session", "remember_token", "thiet-bi"} <= kept.keys()
    response = learner.post_form("/tai-khoan/xoa", {"password": "luavangdongque"})
    assert response.status_code == 302
    citizen = Person(app.test_client())
    assert citizen.sign_up(login="0987654321", display_name="Ông Ba").status_code == 302
    with app.app_context():  # not the `session` fixture: its app context shares `g`
        citizen_id = db.session().scalar(select(User.id).where(User.phone == "0987654321"))
    assert citizen_id == 2  # the deleted account's id 1 is never handed out again
    for only in ("session", "remember_token"):
        thief = replay(app, kept, only)
        assert thief.client.get("/tai-khoan/du-lieu.json").status_code == 302, only
        assert "Ông Ba" not in thief.client.get("/tai-khoan").get_data(as_text=True)


def test_ids_are_never_reused_even_for_the_last_row(app, session):
    """SQLite without AUTOINCREMENT gives the highest deleted id to the next insert."""
    if session.bind.dialect.name != "sqlite":
        return
    for table in ("users", "role_grants", "consents", "attempts", "audit_log", "login_sessions"):
        sql = session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
        ).scalar()
        assert "AUTOINCREMENT" in sql, table


def test_plain_logout_ends_the_sign_in_on_the_server(app, learner):
    other = Person(app.test_client())
    assert other.log_in().status_code == 302
    kept = cookies_of(learner)
    learner.log_out()
    for only in ("session", "remember_token"):
        thief = replay(app, kept, only)
        response = thief.client.get("/tien-do")
        assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
    assert other.client.get("/tien-do").status_code == 200  # the other phone stays in


def test_a_remember_cookie_alone_still_signs_in_until_logout(app, learner):
    kept = cookies_of(learner)
    assert replay(app, kept, "remember_token").client.get("/tien-do").status_code == 200


def test_the_migration_keeps_data_and_gives_ids_that_were_never_used(tmp_path):
    """An existing database at 0005 keeps its people; the highest deleted id stays used."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    from alembic import command

    command.upgrade(alembic_config(url), "0005")
    engine = create_engine(url)
    with engine.begin() as connection:
        for user_id, phone in ((1, "0911111111"), (2, "0922222222")):
            connection.execute(
                text(
                    "INSERT INTO users (id, phone, password_hash, display_name, created_at, "
                    "session_version, criterion_points) "
                    "VALUES (:id, :phone, 'x', 'Bà Hoa', '2026-01-01', 1, 0)"
                ),
                {"id": user_id, "phone": phone},
            )
            connection.execute(
                text("INSERT INTO role_grants (user_id, role) VALUES (:id, 'learner')"),
                {"id": user_id},
            )
        connection.execute(text("DELETE FROM role_grants WHERE user_id = 2"))
        connection.execute(text("DELETE FROM users WHERE id = 2"))
    engine.dispose()
    from lms.database import migrate

    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT phone FROM users")).scalars().all() == ["0911111111"]
        assert connection.execute(text("SELECT user_id FROM role_grants")).scalar() == 1
        token = connection.execute(text("SELECT session_token FROM users")).scalar()
        assert token and len(token) >= 40
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        connection.execute(
            text(
                "INSERT INTO users (phone, password_hash, display_name, created_at, "
                "session_token, criterion_points) "
                "VALUES ('0933333333', 'x', 'Ông Ba', '2026-01-02', 'abc', 0)"
            )
        )
        # AUTOINCREMENT starts after the highest id the table ever held: 2 was never
        # seen by the rebuilt table, so 2 is allowed; but after this, 2 stays used.
        new_id = connection.execute(text("SELECT max(id) FROM users")).scalar()
        connection.execute(text("DELETE FROM users WHERE id = :id"), {"id": new_id})
        connection.execute(
            text(
                "INSERT INTO users (phone, password_hash, display_name, created_at, "
                "session_token, criterion_points) "
                "VALUES ('0944444444', 'x', 'Cô Tư', '2026-01-03', 'def', 0)"
            )
        )
        assert connection.execute(text("SELECT max(id) FROM users")).scalar() == new_id + 1
    engine.dispose()
