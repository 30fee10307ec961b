"""The authorization matrix: every route of the app, for every kind of caller, checked
against the table below. A route missing from the table fails the test, so no page can
ship before someone decides who may use it.

To add a route: one line in ROUTES (endpoint, method → rule). If its URL has an argument
no route had before, one line in URL_ARGS too. Rules are per caller; the common ones
(PUBLIC, SIGNED_IN, OWNER, ADMIN) are defined once, and any other is a dict.

Along the way the same requests prove two more promises for every route: a GET changes
nothing in the database, and a POST without a CSRF token is refused and changes nothing.
"""

import hashlib
import time
from datetime import date

import pytest
from sqlalchemy import inspect, select, text

from lms.app import create_app
from lms.models import Attempt, ClassMember, Consent, Quiz, RoleGrant, TrainingClass, User
from lms.people import consent
from lms.people.logins import open_login, user_for_login
from lms.people.passwords import hash_password
from lms.publishing import current_revision
from lms.web import db

from .factories import kind_of
from .paths import CURRICULUM
from .people import csrf_from

CALLERS = (
    "anonymous",
    "learner",  # owns the sample attempt, lives in Xã Thăng Bình (20791)
    "other_learner",
    "trainer",  # runs the sample class, whose member is the neighbour (see site())
    "other_trainer",  # runs no class: another trainer's class and members are 404
    "commune_officer",  # officer of 20791, the learner's commune
    "other_commune_officer",  # officer of 20275, Phường An Hải
    "province_officer",  # officer of 48, Thành phố Đà Nẵng
    "admin",
)

OK = "ok"  # served: a page, a redirect elsewhere, or the form's own 409/422
LOGIN = "login"  # sent to the login page
HIDDEN = "404"  # looks exactly like a missing page
DENIED = "403"


def rule(default: str, **callers: str) -> dict[str, str]:
    return {caller: callers.get(caller, default) for caller in CALLERS}


PUBLIC = rule(OK)
SIGNED_IN = rule(OK, anonymous=LOGIN)
OWNER = rule(HIDDEN, anonymous=LOGIN, learner=OK)
ADMIN = rule(DENIED, anonymous=LOGIN, admin=OK)
TRAINER = rule(DENIED, anonymous=LOGIN, trainer=OK, other_trainer=OK)
#: A page of one class, or one of its members: only the trainer who runs it.
CLASS_OWNER = rule(DENIED, anonymous=LOGIN, trainer=OK, other_trainer=HIDDEN)
OFFICER = rule(
    DENIED, anonymous=LOGIN, commune_officer=OK, other_commune_officer=OK, province_officer=OK
)

ROUTES = {
    ("static", "GET"): PUBLIC,
    ("healthz", "GET"): PUBLIC,
    ("sitemap", "GET"): PUBLIC,
    # Accounts
    ("auth.login", "GET"): PUBLIC,
    ("auth.login", "POST"): PUBLIC,
    ("auth.logout", "POST"): PUBLIC,
    ("auth.signup", "GET"): PUBLIC,
    ("auth.signup", "POST"): PUBLIC,
    ("auth.account", "GET"): SIGNED_IN,
    ("auth.change_password", "GET"): SIGNED_IN,
    ("auth.change_password", "POST"): SIGNED_IN,
    # After a login card's one-time password; for anyone else it leads to the above.
    ("auth.choose_password", "GET"): SIGNED_IN,
    ("auth.choose_password", "POST"): SIGNED_IN,
    ("auth.logout_everywhere", "POST"): SIGNED_IN,
    # A forgotten password: the explanation and the page that takes an officer's code.
    ("auth.forgot_password", "GET"): PUBLIC,
    ("auth.reset_with_code", "GET"): PUBLIC,
    ("auth.reset_with_code", "POST"): PUBLIC,
    # Data rights: always the caller's own data, so "signed in" is the whole rule.
    ("auth.my_data", "GET"): SIGNED_IN,
    ("auth.my_data_json", "GET"): SIGNED_IN,
    ("auth.edit_profile", "GET"): SIGNED_IN,
    ("auth.edit_profile", "POST"): SIGNED_IN,
    ("auth.edit_province", "GET"): SIGNED_IN,
    ("auth.withdraw_consent", "POST"): SIGNED_IN,
    ("auth.give_consent", "POST"): SIGNED_IN,
    ("auth.delete_account", "GET"): SIGNED_IN,
    ("auth.delete_account", "POST"): SIGNED_IN,
    # Learning: lessons are public; quizzes and progress need an account.
    ("learn.catalogue", "GET"): PUBLIC,
    ("learn.lesson", "GET"): PUBLIC,
    ("learn.module", "GET"): PUBLIC,
    ("learn.lesson_media", "GET"): PUBLIC,
    ("learn.glossary", "GET"): PUBLIC,
    ("learn.lesson_done", "POST"): SIGNED_IN,
    ("learn.quiz", "GET"): SIGNED_IN,
    ("learn.start_quiz", "POST"): SIGNED_IN,
    ("learn.attempt", "GET"): OWNER,
    ("learn.submit_attempt", "POST"): OWNER,
    ("learn.result", "GET"): OWNER,
    ("learn.progress", "GET"): SIGNED_IN,
    # Certificates: only one's own, of a level one holds (the sample learner holds none).
    ("learn.issue_certificate", "POST"): rule(HIDDEN, anonymous=LOGIN),
    ("learn.certificate", "GET"): rule(HIDDEN, anonymous=LOGIN),
    ("learn.certificate_pdf", "GET"): rule(HIDDEN, anonymous=LOGIN),
    # Anyone checks a code; an unknown one ("en") is a 404.
    ("learn.verify_certificate", "GET"): rule(HIDDEN),
    # Offline and language: the same for everyone, nothing personal in them.
    ("offline.service_worker", "GET"): PUBLIC,
    ("offline.offline_page", "GET"): PUBLIC,
    ("i18n.choose", "GET"): PUBLIC,
    # Officers: a reset code only for a learner of their area (one of 20791, see site()).
    ("office.home", "GET"): OFFICER,
    ("office.find_learner", "GET"): OFFICER,
    ("office.give_reset_code", "POST"): rule(
        DENIED,
        anonymous=LOGIN,
        commune_officer=OK,
        province_officer=OK,
        other_commune_officer=HIDDEN,
    ),
    # Commune officers' roles: province officers only; an unknown role (none sent) is a 404.
    ("office.commune_officers", "GET"): rule(DENIED, anonymous=LOGIN, province_officer=OK),
    ("office.grant_commune_officer", "POST"): rule(DENIED, anonymous=LOGIN, province_officer=OK),
    ("office.revoke_commune_officer", "POST"): rule(
        DENIED, anonymous=LOGIN, province_officer=HIDDEN
    ),
    # Officers: the citizens of their area, one citizen's record, confirmations, exports.
    ("office.citizens", "GET"): OFFICER,
    ("office.citizens_csv", "GET"): OFFICER,
    ("office.citizens_xlsx", "GET"): OFFICER,
    ("office.summary_csv", "GET"): OFFICER,
    ("office.summary_xlsx", "GET"): OFFICER,
    ("office.citizen", "GET"): rule(
        DENIED,
        anonymous=LOGIN,
        commune_officer=OK,
        province_officer=OK,
        other_commune_officer=HIDDEN,
    ),
    ("office.confirm", "POST"): rule(
        DENIED,
        anonymous=LOGIN,
        commune_officer=OK,
        province_officer=OK,
        other_commune_officer=HIDDEN,
    ),
    ("office.revoke_confirmation", "POST"): rule(
        DENIED,
        anonymous=LOGIN,
        commune_officer=OK,
        province_officer=OK,
        other_commune_officer=HIDDEN,
    ),
    # Trainers' studio
    ("studio.home", "GET"): TRAINER,
    ("studio.quizzes", "GET"): TRAINER,
    ("studio.new_quiz", "GET"): TRAINER,
    ("studio.new_quiz", "POST"): TRAINER,
    ("studio.edit_quiz", "GET"): TRAINER,
    ("studio.edit_quiz", "POST"): TRAINER,
    ("studio.import_questions", "GET"): TRAINER,
    ("studio.import_questions", "POST"): TRAINER,
    ("studio.lessons", "GET"): TRAINER,
    ("studio.new_lesson", "GET"): TRAINER,
    ("studio.new_lesson", "POST"): TRAINER,
    ("studio.edit_lesson", "GET"): TRAINER,
    ("studio.edit_lesson", "POST"): TRAINER,
    ("studio.preview_lesson_fragment", "POST"): TRAINER,
    ("studio.modules", "GET"): TRAINER,
    ("studio.new_module", "GET"): TRAINER,
    ("studio.new_module", "POST"): TRAINER,
    ("studio.edit_module", "GET"): TRAINER,
    ("studio.edit_module", "POST"): TRAINER,
    ("studio.lesson_history", "GET"): TRAINER,
    ("studio.restore_lesson", "POST"): TRAINER,
    ("studio.publish_lesson_revision", "POST"): TRAINER,
    ("studio.quiz_history", "GET"): TRAINER,
    ("studio.restore_quiz", "POST"): TRAINER,
    ("studio.publish_quiz_revision", "POST"): TRAINER,
    # Question statistics: aggregates only, for every quiz.
    ("studio.stats", "GET"): TRAINER,
    ("studio.quiz_stats", "GET"): TRAINER,
    # Lesson pictures: the trainer's POST without a file is the form's own 422.
    ("studio.lesson_images", "GET"): TRAINER,
    ("studio.lesson_images", "POST"): TRAINER,
    # Classes: the list and a new class are the trainer's own; everything of one class is
    # its trainer's only (the neighbour is the sample member, see site()).
    ("studio.classes", "GET"): TRAINER,
    ("studio.new_class", "GET"): TRAINER,
    ("studio.new_class", "POST"): TRAINER,
    ("studio.class_page", "GET"): CLASS_OWNER,
    ("studio.class_add_member", "POST"): CLASS_OWNER,
    ("studio.class_attendance", "GET"): CLASS_OWNER,
    ("studio.class_attendance", "POST"): CLASS_OWNER,
    ("studio.class_progress", "GET"): CLASS_OWNER,
    ("studio.class_signup", "GET"): CLASS_OWNER,
    ("studio.class_signup", "POST"): CLASS_OWNER,
    ("studio.class_import", "GET"): CLASS_OWNER,
    ("studio.class_import", "POST"): CLASS_OWNER,
    ("studio.class_import_confirm", "POST"): CLASS_OWNER,
    ("studio.class_cards", "GET"): CLASS_OWNER,
    ("studio.class_cards", "POST"): CLASS_OWNER,
    ("studio.class_reset_code", "POST"): CLASS_OWNER,
    # Admin
    ("admin.audit_log", "GET"): ADMIN,
    ("admin.home", "GET"): ADMIN,
    ("admin.people", "GET"): ADMIN,
    ("admin.person", "GET"): ADMIN,
    ("admin.grant_role", "POST"): ADMIN,
    ("admin.revoke_role", "POST"): ADMIN,
    ("admin.targets", "GET"): ADMIN,
    ("admin.targets", "POST"): ADMIN,
}

#: A sample value for each URL argument; "attempt_id" is the learner's attempt,
#: "user_id" a learner of 20791 the officers act on, "class_id" the trainer's class.
URL_ARGS = {
    "filename": "css/site.css",
    "module_slug": "dien-thoai",
    "lesson_slug": "bat-tat-may",
    "slug": "dien-thoai",
    "attempt_id": None,
    "user_id": None,
    "class_id": None,
    "code": "en",
    "level": "KNS-1",
    "number": 1,  # a revision number
}
#: Where one endpoint needs a different sample than the shared one.
ENDPOINT_ARGS = {
    "learn.lesson_media": {"filename": "nut-nguon.svg"},
}

#: Tables a GET may write to on purpose: reading someone's data leaves a trace.
WRITTEN_BY_READS = {"audit_log"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One app for the whole matrix, with one user per kind of caller."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LMS_SECRET_KEY", "matrix-secret")
        patch.setenv("LMS_ENV", "development")
        path = tmp_path_factory.mktemp("matrix") / "hoc-so.db"
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": f"sqlite:///{path}",
                "CONTENT_ROOT": CURRICULUM,
                "DEMO_ACCOUNTS": False,
            }
        )
    with app.app_context():
        session = db.session()
        password_hash = hash_password("mot-mat-khau-chung")
        people = {}
        grants = {
            "learner": [],
            "other_learner": [],
            "trainer": [("trainer", None)],
            "other_trainer": [("trainer", None)],
            "commune_officer": [("officer", 20791)],
            "other_commune_officer": [("officer", 20275)],
            "province_officer": [("officer", 48)],
            "admin": [("admin", None)],
        }
        for caller, roles in grants.items():
            user = User(
                username=caller.replace("_", "."),
                password_hash=password_hash,
                display_name=caller,
                province_code=48,
                commune_code=20791 if caller == "learner" else 20275,
            )
            user.roles.append(RoleGrant(role="learner"))
            user.roles.extend(
                RoleGrant(role=role, scope_code=scope, scope_kind=kind_of(scope))
                for role, scope in roles
            )
            user.consents.append(
                Consent(purpose=consent.PURPOSE, text_version=consent.CURRENT_VERSION)
            )
            session.add(user)
            people[caller] = user
        # Officers act on her: a learner of 20791 who is no caller, so that no caller's own
        # request (withdrawing consent, say) moves her out of their scope mid-matrix.
        neighbour = User(
            username="neighbour",
            password_hash=password_hash,
            display_name="neighbour",
            province_code=48,
            commune_code=20791,
        )
        neighbour.roles.append(RoleGrant(role="learner"))
        neighbour.consents.append(
            Consent(purpose=consent.PURPOSE, text_version=consent.CURRENT_VERSION)
        )
        session.add(neighbour)
        session.flush()
        quiz = session.scalar(select(Quiz).where(Quiz.slug == "dien-thoai"))
        attempt = Attempt(
            user_id=people["learner"].id,
            quiz_revision_id=current_revision(session, "quiz", quiz.id).id,
            seed=7,
        )
        session.add(attempt)
        # The trainer's class, with the neighbour as its member: "other_trainer" must get
        # 404 on it and on her.
        klass = TrainingClass(
            trainer_id=people["trainer"].id,
            name="Lớp mẫu",
            place="Nhà văn hoá",
            starts_on=date(2026, 11, 2),
            province_code=48,
            commune_code=20791,
        )
        session.add(klass)
        session.flush()
        session.add(ClassMember(class_id=klass.id, user_id=neighbour.id, joined_by="search"))
        session.commit()
        app.people = {caller: user.id for caller, user in people.items()}
        # One sign-in each, opened here: a GET must not change even these rows.
        app.tokens = {caller: open_login(session, user) for caller, user in people.items()}
        session.commit()
        app.attempt_id = attempt.id
        app.neighbour_id = neighbour.id
        app.class_id = klass.id
    yield app
    db.engine(app).dispose()


def reopen_ended_sign_ins(app) -> None:
    """A logout earlier in the matrix ended that caller's sign-in on the server."""
    with app.app_context():
        session = db.session()
        for caller, user_id in app.people.items():
            if user_for_login(session, app.tokens[caller]) is None:
                app.tokens[caller] = open_login(session, session.get(User, user_id))
        db.commit()


def client_for(app, caller: str):
    """A browser of this caller, signed in (through the real session cookie) unless anonymous."""
    client = app.test_client()
    if caller != "anonymous":
        with client.session_transaction() as stored:
            stored["_user_id"] = app.tokens[caller]
            stored["_fresh"] = True
            stored["seen"] = int(time.time())
    return client


def token_for(client, caller: str) -> str:
    page = "/dang-nhap" if caller == "anonymous" else "/"
    return csrf_from(client.get(page).get_data(as_text=True))


def url_for_rule(app, rule) -> str:
    values = {}
    for argument in rule.arguments:
        if argument not in URL_ARGS:
            pytest.fail(f"{rule.endpoint}: add a sample value for <{argument}> to URL_ARGS")
        values[argument] = ENDPOINT_ARGS.get(rule.endpoint, {}).get(argument, URL_ARGS[argument])
    if "attempt_id" in values:
        values["attempt_id"] = app.attempt_id
    if "user_id" in values:
        values["user_id"] = app.neighbour_id
    if "class_id" in values:
        values["class_id"] = app.class_id
    return rule.build(values, append_unknown=False)[1]


def outcome(response) -> str:
    response.close()  # files sent by send_file stay open otherwise
    assert response.status_code < 500, response.status_code
    if response.status_code in (301, 302, 303) and response.headers["Location"].startswith(
        "/dang-nhap?next="
    ):
        return LOGIN
    if response.status_code == 404:
        return HIDDEN
    if response.status_code == 403:
        return DENIED
    assert response.status_code in (200, 301, 302, 303, 409, 422, 429), response.status_code
    return OK


def fingerprint(app) -> str:
    """A hash of every row of every table but those reads may write: the data's state."""
    digest = hashlib.sha256()
    with app.app_context():
        session = db.session()
        for table in sorted(inspect(session.bind).get_table_names()):
            if table in WRITTEN_BY_READS:
                continue
            rows = session.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608
            digest.update(f"{table}:{sorted(map(repr, rows))}".encode())
    return digest.hexdigest()


def app_routes(app) -> list[tuple[str, str]]:
    return sorted(
        (r.endpoint, method)
        for r in app.url_map.iter_rules()
        for method in r.methods - {"HEAD", "OPTIONS"}
    )


def test_every_route_is_in_the_table(site):
    routes = app_routes(site)
    missing = [route for route in routes if route not in ROUTES]
    assert not missing, f"routes without a line in ROUTES: {missing}"
    stale = [route for route in ROUTES if route not in routes]
    assert not stale, f"lines in ROUTES for routes that do not exist: {stale}"


def _rules(app):
    return {rule.endpoint: rule for rule in app.url_map.iter_rules()}


@pytest.mark.parametrize(("endpoint", "method"), sorted(ROUTES), ids=lambda v: str(v))
def test_each_caller_gets_what_the_table_says(site, endpoint, method):
    rule_ = _rules(site).get(endpoint)
    if rule_ is None:
        pytest.fail(f"{endpoint} is in ROUTES but not in the app")
    url = url_for_rule(site, rule_)
    reopen_ended_sign_ins(site)
    before = fingerprint(site)
    got = {}
    for caller in CALLERS:
        client = client_for(site, caller)
        if method == "GET":
            response = client.get(url)
        else:
            token = token_for(client, caller)
            refused = client.post(url, data={})  # no CSRF token: refused, nothing changes
            assert refused.status_code == 400, (caller, refused.status_code)
            assert fingerprint(site) == before, f"{method} {url} without a token changed data"
            response = client.post(url, data={"csrf_token": token})
        got[caller] = outcome(response)
        if method == "GET":
            assert fingerprint(site) == before, f"GET {url} by {caller} changed data"
        else:
            before = fingerprint(site)
    assert got == ROUTES[(endpoint, method)]


def matrix_markdown() -> str:
    """The table as Markdown, for the README and reports."""
    lines = ["| route | " + " | ".join(CALLERS) + " |", "|---" * (len(CALLERS) + 1) + "|"]
    for (endpoint, method), expected in sorted(ROUTES.items()):
        cells = " | ".join(expected[caller] for caller in CALLERS)
        lines.append(f"| {method} {endpoint} | {cells} |")
    return "\n".join(lines)
