"""Inputs from anyone never crash a page, and what a page keeps or shows stays private.

Each case here was a real defect found in review: a 500 from a lookalike digit or a line
break, a personal number kept from the practical test, a cached personal page, a stored
criterion status left behind by new rules, scope checks that disagreed.
"""

import shutil

import pytest
from sqlalchemy import select

from lms.content import load_curriculum
from lms.inputs import local_path, small_int
from lms.models import Attempt, CriterionStatus, User
from lms.publishing import import_curriculum
from lms.web.permissions import InOfficerScope, officer_scope

from .answers import attempt_quiz, practical_steps, quiz_form
from .factories import make_user
from .paths import CURRICULUM
from .people import signup_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("48", 48),
        (" 7 ", 7),
        ("", None),
        (None, None),
        ("²", None),
        ("4a", None),
        ("٤٨", None),
        ("9" * 10, None),
        ("-1", None),
    ],
)
def test_small_int_says_none_instead_of_raising(text, expected):
    assert small_int(text) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/tien-do", "/tien-do"),
        ("/bai/a/b?x=1", "/bai/a/b?x=1"),
        ("//evil.example", None),
        ("https://evil.example/", None),
        ("/\\evil.example", None),
        ("/\r\nX-Evil: 1", None),
        ("/a\x7f", None),
        ("tien-do", None),
        (None, None),
    ],
)
def test_local_path_accepts_only_plain_site_paths(target, expected):
    assert local_path(target) == expected


@pytest.mark.parametrize(
    "url",
    [
        "/dang-ky?tinh=%C2%B2",
        "/dang-ky?tinh=" + "9" * 5000,
        "/lam-bai/99999999999999999999",
        "/lam-bai/99999999999999999999/ket-qua",
        "/ngon-ngu/en?next=/%0d%0aX-Evil:1",
        "/dang-nhap?next=/%0d%0aX:1",
        "/ngon-ngu/xx",
        "/kiem-tra/khong-co",
    ],
)
def test_odd_urls_never_500(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    assert "X-Evil" not in response.headers


@pytest.mark.parametrize(
    "url",
    [
        "/tai-khoan/sua?tinh=%C2%B2",
        "/lam-bai/1?buoc=%C2%B2",
        "/lam-bai/1?buoc=" + "9" * 5000,
        "/quan-tri/nhat-ky?trang=²",
    ],
)
def test_odd_urls_for_signed_in_people_never_500(learner, url):
    learner.start_quiz("thuc-hanh")
    assert learner.client.get(url).status_code < 500


@pytest.mark.parametrize(
    "change",
    [{"birth_year": "¹⁹⁶⁰"}, {"province": "²"}, {"commune": "²"}, {"login": "09١٢٣٤٥٦٧٨"}],
)
def test_lookalike_digits_in_sign_up_are_refused_kindly(person, session, change):
    response = person.post_form("/dang-ky?tinh=48", signup_data(**change))
    assert response.status_code == 422
    assert session.scalar(select(User.id)) is None


def test_a_real_looking_id_or_password_typed_in_the_practice_is_not_kept(learner, session):
    url = learner.start_quiz("thuc-hanh")
    quiz, seed = attempt_quiz(session, url)
    real_id = "048160001234"
    learner.post_form(url, {"buoc": "dang-nhap", "f-tai-khoan": real_id})
    for step_id, entries in list(practical_steps(quiz, seed))[1:]:
        learner.post_form(url, {"buoc": step_id, **{f"f-{k}": v for k, v in entries.items()}})
    attempt = session.scalar(select(Attempt))
    session.refresh(attempt)
    assert real_id not in str(attempt.answers)
    assert attempt.answers["cap-nhat"]["dang-nhap"]["tai-khoan"] is None
    html = learner.client.get(f"{url}/ket-qua").get_data(as_text=True)
    assert real_id not in html and "không lưu lại" in html
    assert (attempt.correct, attempt.total) == (2, 3)


def test_a_missing_practical_step_is_named_when_the_last_one_submits(learner, session):
    url = learner.start_quiz("thuc-hanh")
    quiz, seed = attempt_quiz(session, url)
    last_id, last = list(practical_steps(quiz, seed))[-1]
    response = learner.post_form(url, {"buoc": last_id, **{f"f-{k}": v for k, v in last.items()}})
    page = learner.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bạn chưa làm: Đăng nhập, Ghi khoá học." in page


def test_signed_in_pages_are_never_stored_even_with_only_a_remember_cookie(learner):
    learner.client.delete_cookie("session", domain="localhost")
    response = learner.client.get("/tien-do")
    assert response.status_code == 200  # signed in again by the remember-me cookie
    assert response.headers["Cache-Control"] == "private, no-store"
    assert learner.client.get("/").headers["Cache-Control"] == "private, no-store"


def test_public_pages_for_visitors_may_be_revalidated(client):
    assert client.get("/").headers["Cache-Control"] == "no-cache"


def test_a_code_that_is_both_province_and_commune_reads_the_same_everywhere(session):
    # 4 is Cao Bằng (a province) and also Phường Ba Đình (a commune of Hà Nội).
    citizen = make_user(session, "Minh", commune=4, province=1)
    caobang = make_user(session, "Can bo Cao Bang", roles=(("officer", 4),))
    in_sql = session.scalar(select(User.id).where(officer_scope(caobang), User.id == citizen.id))
    assert in_sql is None
    assert InOfficerScope()(caobang, citizen=citizen) is False


def test_new_rules_restate_every_stored_status_in_the_import(learner, session, tmp_path):
    url = learner.start_quiz("dien-thoai")
    quiz, seed = attempt_quiz(session, url)
    learner.submit(url, quiz_form(quiz, seed))
    assert session.scalar(select(User.criterion_level)) == "KNS-1"
    root = tmp_path / "c"
    shutil.copytree(CURRICULUM, root)
    rules = root / "quizzes/criteria.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "requires: [dien-thoai]", "requires: [dien-thoai, an-toan]"
        ),
        encoding="utf-8",
    )
    report = import_curriculum(session, load_curriculum(root))
    assert report.restated == 1
    user = session.scalar(select(User))
    session.refresh(user)
    assert (user.criterion_level, user.criterion_points) == (None, 3)
    assert session.scalar(select(CriterionStatus.level)) is None


def test_a_level_code_longer_than_the_column_is_a_file_problem(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(CURRICULUM, root)
    rules = root / "quizzes/criteria.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("code: KNS-1", "code: KNS-MOT-RAT-DAI"),
        encoding="utf-8",
    )
    problems = [str(p) for p in load_curriculum(root).problems]
    assert any("dài quá 10 ký tự" in p and p.startswith("quizzes/criteria.yaml:") for p in problems)


def test_an_officer_of_phuong_ba_dinh_sees_ba_dinh_not_cao_bang(session):
    # Code 4 names both Cao Bằng (a province) and Phường Ba Đình (Hà Nội); the grant says
    # which one this officer serves.
    from lms.models import RoleGrant

    ba_dinh = make_user(session, "Dan Ba Dinh", commune=4, province=1)
    cao_bang = make_user(session, "Dan Cao Bang", commune=1234, province=4)
    officer = make_user(session, "Can bo Ba Dinh", roles=())
    officer.roles.append(RoleGrant(role="officer", scope_code=4, scope_kind="commune"))
    session.commit()
    seen = set(session.scalars(select(User.display_name).where(officer_scope(officer))))
    assert seen == {"Dan Ba Dinh"}
    assert InOfficerScope()(officer, citizen=ba_dinh) is True
    assert InOfficerScope()(officer, citizen=cao_bang) is False


def test_users_create_asks_which_when_a_code_is_both(lms, session):
    common = [
        "users",
        "create",
        "--role",
        "officer",
        "--scope",
        "4",
        "--username",
        "canbo",
        "--password",
        "mot-mat-khau-dai",
    ]
    refused = lms(common)
    assert refused.exit_code == 2 and "--scope-kind" in refused.output
    made = lms([*common, "--scope-kind", "commune"])
    assert made.exit_code == 0, made.output
    from lms.models import RoleGrant

    grant = session.scalar(select(RoleGrant).where(RoleGrant.role == "officer"))
    assert (grant.scope_code, grant.scope_kind) == (4, "commune")
