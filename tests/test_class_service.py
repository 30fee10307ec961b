"""The classes service against a real database: importing a class list plans before it
writes, matches people by phone, and writes all rows or none."""

from datetime import date

import pytest
from sqlalchemy import func, select

from lms import classes
from lms.classes import importing
from lms.classes.roster import read_roster
from lms.models import CitizenTally, ClassMember, User
from lms.people.personal_data import withdraw_consent
from lms.reports import COMMUNE, report, tally
from lms.web import db

from .factories import make_staff, make_user

HEADER = "họ tên;số điện thoại;năm sinh;giới tính;thôn\n"


@pytest.fixture
def setting(app):
    trainer_id = make_staff(app, "trainer", "giangvien")
    with app.app_context():
        session = db.session()
        trainer = session.get(User, trainer_id)
        klass = classes.open_class(
            session,
            trainer,
            classes.ClassDetails("Lớp A", "Nhà văn hoá", date(2026, 11, 2), None, 48, 20791),
        )
        db.commit()
        yield session, trainer, klass


def roster(text: str):
    return read_roster((HEADER + text).encode(), this_year=2026)


def test_an_account_that_withdrew_consent_is_a_named_row_problem(setting):
    session, trainer, klass = setting
    user = make_user(session, "Rut", commune=20791, province=48)
    user.phone = "0912345678"
    withdraw_consent(session, user)
    session.commit()
    plan = importing.plan(session, klass, roster("Rút;0912345678;1950;Nam;\nAn;;1950;Nam;\n"))
    assert not plan.ok and plan.create == []
    assert plan.problems[0].params == {"line": 2}
    assert "rút lại sự đồng ý" in plan.problems[0].text


def test_a_staff_phone_cannot_be_pulled_into_a_class(setting):
    session, trainer, klass = setting
    officer = make_user(
        session, "Can bo", commune=20791, province=48, roles=(("learner", None), ("officer", 48))
    )
    officer.phone = "0912345678"
    session.commit()
    plan = importing.plan(session, klass, roster("Cán bộ;0912345678;1970;Nam;\n"))
    assert not plan.ok


def test_a_clash_between_preview_and_confirm_writes_nothing(setting):
    session, trainer, klass = setting
    plan = importing.plan(session, klass, roster("An;;1950;Nam;\nBình;0912345678;1951;Nữ;\n"))
    assert plan.ok and len(plan.create) == 2
    # Someone signs up with Bình's phone after the preview.
    intruder = make_user(session, "Khac", commune=20791, province=48)
    intruder.phone = "0912345678"
    session.commit()
    before = session.scalar(select(func.count(User.id)))
    with pytest.raises(importing.ImportClash):
        importing.apply(session, klass, plan, trainer)
    assert session.scalar(select(func.count(User.id))) == before
    assert session.scalar(select(func.count()).select_from(ClassMember)) == 0


def test_usernames_do_not_clash_with_existing_ones_or_each_other(setting):
    session, trainer, klass = setting
    make_user(session, "an1950")  # username an1950 already taken
    plan = importing.plan(session, klass, roster("Lê An;;1950;Nam;\nTrần An;;1950;Nam;\n"))
    created = importing.apply(session, klass, plan, trainer)
    assert [u.username for u in created] == ["an1950.2", "an1950.3"]
    assert all(u.must_choose_password for u in created)
    assert all(u.consents[0].recorded_by == trainer.id for u in created)


def test_people_a_class_list_creates_are_counted_in_the_dashboards(setting):
    session, trainer, klass = setting
    plan = importing.plan(
        session, klass, roster("Lê An;;1950;Nam;\nTrần Bình;0912345678;1961;Nữ;\n")
    )
    importing.apply(session, klass, plan, trainer)
    counted = report(session, COMMUNE, 20791, 2026)
    assert counted.total.registered == 2
    kept = {(r.dimension, r.value, r.citizens) for r in session.scalars(select(CitizenTally))}
    tally.rebuild(session)  # what counting everyone again finds
    assert {
        (r.dimension, r.value, r.citizens) for r in session.scalars(select(CitizenTally))
    } == kept


def test_migration_0014_keeps_people_consents_and_their_ids(tmp_path):
    """At 0011 a database has people and consents, the last consent deleted: after the
    upgrade nobody must choose a password, and that deleted consent's id stays unused."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from lms.database import alembic_config, make_engine, migrate

    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0011")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, phone, password_hash, display_name, created_at, "
                "session_token, criterion_points) "
                "VALUES (1, '0911111111', 'x', 'Bà Hoa', '2026-01-01', 'tok', 0)"
            )
        )
        for consent_id in (1, 2):
            connection.execute(
                text(
                    "INSERT INTO consents (id, user_id, purpose, text_version, given_at) "
                    "VALUES (:id, 1, 'hoc-tap-va-bao-cao', '2026-11', '2026-01-01')"
                ),
                {"id": consent_id},
            )
        connection.execute(text("DELETE FROM consents WHERE id = 2"))
    engine.dispose()
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT must_choose_password FROM users")).scalar() == 0
        assert connection.execute(text("SELECT id, helper_name FROM consents")).all() == [(1, None)]
        connection.execute(
            text(
                "INSERT INTO consents (user_id, purpose, text_version, given_at) "
                "VALUES (1, 'hoc-tap-va-bao-cao', '2026-11', '2026-01-02')"
            )
        )
        assert connection.execute(text("SELECT max(id) FROM consents")).scalar() == 3
    engine.dispose()
