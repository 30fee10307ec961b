"""Factories: the one place tests make users, staff, attempts and databases.

People who sign up through the site are made by ``tests.people.Person``; everything
made straight in the database is made here.
"""

import atexit
import itertools
import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text

from lms import places
from lms.app import create_app
from lms.models import (
    Attempt,
    Base,
    ClassMember,
    Consent,
    CriterionStatus,
    RoleGrant,
    User,
    utcnow,
)
from lms.people import consent
from lms.people.accounts import create_user
from lms.people.passwords import hash_password
from lms.places.villages import add_village
from lms.reports import tally
from lms.web import db

STAFF_PASSWORD = "giu-bi-mat-cong-viec"
#: A secret key production accepts (lms.config: at least 32 random bytes).
GOOD_KEY = "q8V3xN1tLw0bR7cZp5eYk2HjU9sDfGm4aTiOvXl6EnQ"


REPOSITORY = Path(__file__).resolve().parents[1]


def make_app(tmp_path: Path, monkeypatch, content_root: Path):
    """The real app on a fresh database of its own, reading ``content_root``.

    Its instance folder is in ``tmp_path`` (tests never write into the repository); the
    caller disposes of ``db.engine(app)`` when done."""
    monkeypatch.setenv("LMS_SECRET_KEY", "test-secret-key")
    monkeypatch.setenv("LMS_ENV", "development")
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path / "instance"))
    url = database_url(tmp_path)
    if url.startswith("sqlite:///"):
        _start_from_template(Path(url.removeprefix("sqlite:///")), content_root)
    return _app(url, content_root)


def _app(url: str, content_root: Path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "CONTENT_ROOT": content_root,
            "DEMO_ACCOUNTS": False,
        }
    )


#: Migrated databases with a curriculum of the repository already imported, by curriculum.
_TEMPLATES: dict[Path, Path] = {}


def _start_from_template(path: Path, content_root: Path) -> None:
    """Copy a database that is already migrated and imported, instead of migrating anew.

    Migrating and importing takes most of a test's time; the app still runs its real
    start-up on the copy (migrations find nothing to do, the import finds the content
    there). Only curricula inside the repository are shared: they do not change during a
    run, while a test's own copy in tmp_path may be edited before the app starts."""
    root = Path(content_root).resolve()
    if REPOSITORY not in root.parents:
        return
    if root not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="lms-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = folder / "hoc-so.db"
        db.engine(_app(f"sqlite:///{template}", content_root)).dispose()
        _TEMPLATES[root] = template
    shutil.copyfile(_TEMPLATES[root], path)
    assert not Path(f"{_TEMPLATES[root]}-wal").exists(), "the template must be checkpointed"


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


HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$not-used-for-login"


def kind_of(scope: int | None) -> str | None:
    """The first thing a code can name: a province before a commune (4 is Cao Bằng)."""
    return places.scope_kinds(scope)[0] if scope is not None else None


def make_user(session, name, *, commune=None, province=None, roles=(("learner", None),)):
    user = User(
        username=name.lower().replace(" ", ""),
        password_hash=HASH,
        display_name=name,
        province_code=province,
        commune_code=commune,
    )
    user.roles.extend(
        RoleGrant(role=role, scope_code=scope, scope_kind=kind_of(scope)) for role, scope in roles
    )
    if commune:
        user.consents.append(Consent(purpose=consent.PURPOSE, text_version=consent.CURRENT_VERSION))
    session.add(user)
    session.commit()
    return user


_CITIZEN_NUMBERS = itertools.count(1)


def add_citizen(
    session,
    name,
    *,
    commune=20791,
    province=48,
    village_id=None,
    village=None,
    phone=None,
    levels=(),
    birth_year=1960,
    gender="nu",
    group="nong-dan",
    met_at=None,
    consenting=True,
    username=None,
    password=None,
) -> User:
    """A learner of a commune with criterion levels already met (stored as the standing
    service stores them, with one piece of evidence each); committed. With a username
    and password the citizen can sign in."""
    user = User(
        phone=phone,
        username=username or (None if phone else f"cd{next(_CITIZEN_NUMBERS)}"),
        password_hash=hash_password(password) if password else HASH,
        display_name=name,
        birth_year=birth_year,
        gender=gender,
        target_group=group,
        province_code=province,
        commune_code=commune,
        village_id=village_id,
        village=village,
    )
    user.roles.append(RoleGrant(role="learner"))
    user.consents.append(
        Consent(
            purpose=consent.PURPOSE,
            text_version=consent.CURRENT_VERSION,
            withdrawn_at=None if consenting else utcnow(),
        )
    )
    session.add(user)
    session.flush()
    when = met_at or utcnow()
    for level in levels:
        evidence = {"quiz": "dien-thoai", "attempt_id": 0, "revision": 1, "score": 90,
                    "submitted_at": when.isoformat(), "tries": 2, "seconds": 300}  # fmt: skip
        session.add(CriterionStatus(user_id=user.id, level=level, met_at=when, evidence=[evidence]))
        user.criterion_level = level
    user.criterion_points = 6 if levels else 0
    session.flush()
    tally.count(session, user, +1)  # in the dashboards, with its levels, as sign-ups are
    session.commit()
    return user


def make_account(app, role: str, username: str, password: str, name: str, scope=None) -> int:
    """An account that can sign in, made the way `lms users create` makes one; its id."""
    with app.app_context():
        user = create_user(
            db.session(),
            username=username,
            password=password,
            role=role,
            scope_code=scope,
            display_name=name,
        )
        db.commit()
        return user.id


def make_staff(app, role: str, username: str, scope: int | None = None) -> int:
    """A staff account with the suite's staff password; returns its id."""
    return make_account(app, role, username, STAFF_PASSWORD, f"{role} {username}", scope)


def age(app, minutes: float) -> None:
    """Pretend the attempts started this many minutes earlier."""
    with app.app_context():
        session = db.session()
        for attempt in session.scalars(select(Attempt)):
            attempt.started_at -= timedelta(minutes=minutes)
        session.commit()


def give_level(app, user_id: int, level: str = "KNS-1", points: int = 6) -> None:
    """Record that a learner met a criterion level, as her attempts would have (no quizzes
    taken: tests of what a level unlocks, like certificates, need only the stored status)."""
    with app.app_context():
        session = db.session()
        user = session.get(User, user_id)
        session.add(CriterionStatus(user_id=user_id, level=level, met_at=utcnow(), evidence=[]))
        user.criterion_level = level
        user.criterion_points = points
        session.commit()


def make_citizen(app, username: str, name: str, commune: int = 20791, province: int = 48) -> int:
    """A learner of a commune who can sign in (STAFF_PASSWORD), consent given; her id."""
    user_id = make_account(app, "learner", username, STAFF_PASSWORD, name)
    with app.app_context():
        session = db.session()
        user = session.get(User, user_id)
        user.province_code, user.commune_code = province, commune
        user.consents.append(Consent(purpose=consent.PURPOSE, text_version=consent.CURRENT_VERSION))
        session.commit()
    return user_id


def grade_papers(app, slug: str, papers) -> None:
    """Attempts on the quiz's current revision, graded as the site grades them, made
    straight in the database: ``papers`` is [(answers, score, seconds, passed)], answers
    in the author's terms ({question id: [choice index]})."""
    from lms import quiz as q
    from lms.insights import record_outcomes
    from lms.models import Quiz
    from lms.publishing import current_revision

    with app.app_context():
        session = db.session()
        quiz = session.scalar(select(Quiz).where(Quiz.slug == slug))
        revision = current_revision(session, "quiz", quiz.id)
        pool = q.Quiz.from_dict(revision.definition)
        for answers, score, seconds, passed in papers:
            attempt = Attempt(
                quiz_revision_id=revision.id,
                seed=1,
                started_at=utcnow(),
                submitted_at=utcnow(),
                score=score,
                seconds=seconds,
                passed=passed,
            )
            session.add(attempt)
            session.flush()
            results = [r.to_dict() for r in q.grade(pool, answers).questions]
            record_outcomes(session, attempt.id, revision.id, pool, answers, results)
        db.commit()


def class_member_names(app, class_id) -> list[str]:
    with app.app_context():
        return list(
            db.session().scalars(
                select(User.display_name)
                .join(ClassMember, ClassMember.user_id == User.id)
                .where(ClassMember.class_id == class_id)
                .order_by(User.display_name)
            )
        )


def make_class_members(app, class_id, names) -> list[int]:
    """Learners of 20791 put straight into a class; their ids."""
    with app.app_context():
        session = db.session()
        ids = []
        for name in names:
            user = make_user(session, name, commune=20791, province=48)
            session.add(ClassMember(class_id=class_id, user_id=user.id, joined_by="search"))
            ids.append(user.id)
        db.commit()
        return ids


#: Two communes of Thành phố Đà Nẵng (48): Xã Thăng Bình and Phường An Hải.
A, B = 20791, 20275


def make_two_communes(app) -> dict:
    """Citizens of communes A and B (one of A withdrew consent), with villages, one named
    like a spreadsheet formula; returns names (and "village", "formula_village",
    "other_village") → ids."""
    with app.app_context():
        session = db.session()
        binh_hoa = add_village(session, A, "Thôn Bình Hoà")
        formula = add_village(session, A, '=HYPERLINK("http://x")')
        other = add_village(session, B, "Tổ dân phố 3")
        session.commit()
        people = {
            "Nguyễn Văn An": add_citizen(session, "Nguyễn Văn An", village_id=binh_hoa.id,
                                          levels=["KNS-1"], phone="0912000001"),
            "Đỗ Thị Đào": add_citizen(session, "Đỗ Thị Đào", village_id=formula.id),
            "Trần Văn Bình": add_citizen(session, "Trần Văn Bình", gender="nam",
                                          levels=["KNS-1", "KNS-2"], birth_year=2000,
                                          group="cong-nhan"),
            "Lê Thị Rút": add_citizen(session, "Lê Thị Rút", consenting=False),
            "Nguyễn Thị Xa": add_citizen(session, "Nguyễn Thị Xa", commune=B,
                                          village_id=other.id, levels=["KNS-1"]),
        }  # fmt: skip
        ids = {name: user.id for name, user in people.items()}
        ids.update(village=binh_hoa.id, formula_village=formula.id, other_village=other.id)
    return ids
