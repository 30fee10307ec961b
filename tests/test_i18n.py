"""The interface in Vietnamese by default and in English on request; content stays Vietnamese."""

import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask import render_template_string
from sqlalchemy import select

from lms import audit
from lms.models import User
from lms.people.accounts import GENDERS, TARGET_GROUPS
from lms.quiz import TYPES
from lms.quiz.types.true_false import TRUE_FALSE_OPTIONS
from lms.web import db, i18n

from .factories import STAFF_PASSWORD, age, make_staff
from .people import Guesser, Person, age_session, answer_phone_quiz, hammer, signup_data

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = i18n.SOURCE / "en" / "LC_MESSAGES" / "messages.po"
# Letters only Vietnamese uses here: ă â đ ê ô ơ ư, accented vowels, combining tone marks.
VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u0323\u00c0-\u00c3\u00c8-\u00ca\u00cc\u00cd\u00d2-\u00d5"
    "\u00d9\u00da\u00dd\u00e0-\u00e3\u00e8-\u00ea\u00ec\u00ed\u00f2-\u00f5\u00f9"
    "\u00fa\u00fd\u1ea0-\u1ef9]"
)
BRAND = "Học Số"


def catalogue():
    with ENGLISH.open("rb") as handle:
        return read_po(handle)


def source_messages() -> set:
    """Every text the code marks for translation, found the way pybabel extract finds it."""
    found = set()
    method_map = [("lms/**.py", "python"), ("lms/templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "N_": None}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_marked_text_has_an_english_translation_and_none_is_stale():
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id): m.string for m in catalogue() if m.id
    }
    marked = source_messages()
    assert sorted(marked - set(translated)) == [], "run the update in docs/translations.md"
    assert sorted(set(translated) - marked) == [], "texts no longer in the code"
    empty = [key for key, text in translated.items() if not text or text == ("", "")]
    assert empty == []


def test_texts_from_pure_cores_and_tables_are_in_the_catalogue():
    shown = set(i18n.SHOWN_ELSEWHERE)
    tables = [*GENDERS.values(), *TARGET_GROUPS.values(), *audit.ACTIONS.values()]
    assert sorted(set(tables) - shown) == []
    # Question types mark their own texts (N_ in lms.quiz.types), so a new type is one module.
    types = [*(kind.label for kind in TYPES.values()), *dict(TRUE_FALSE_OPTIONS).values()]
    assert sorted(set(types) - source_messages()) == []


def test_table_texts_are_translated_where_shown_and_nothing_else_is(app):
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert i18n.translated("Nữ") == "Female"
        assert i18n.translated("Xem kết quả học tập") == "View learning results"
        assert i18n.translated("peek") == "peek"  # a code no longer in the table
        typed = "<b>100%</b>"
        html = render_template_string("{{ value|translated }}", value=typed)
        assert html == "&lt;b&gt;100%&lt;/b&gt;"  # escaped like any value, never formatted


def test_catalogues_compile_at_start_only_when_out_of_date(tmp_path):
    source = tmp_path / "translations"
    po = source / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(ENGLISH.read_bytes())
    target = tmp_path / "compiled"
    i18n.compile_catalogues(source, target)
    mo = target / "en" / "LC_MESSAGES" / "messages.mo"
    assert mo.stat().st_size > 1000
    compiled_at = mo.stat().st_mtime
    i18n.compile_catalogues(source, target)
    assert mo.stat().st_mtime == compiled_at  # up to date: left alone
    later = time.time() + 5
    os.utime(po, (later, later))
    i18n.compile_catalogues(source, target)
    assert mo.stat().st_mtime > compiled_at


def english(client) -> None:
    response = client.get("/ngon-ngu/en?next=/dang-nhap")
    assert response.status_code == 302 and response.headers["Location"] == "/dang-nhap"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_vietnamese_by_default_english_on_request(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in html and "Học kỹ năng số" in html
    assert 'href="/ngon-ngu/en?next=/"' in html and ">English</a>" in html
    english(client)
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Learn digital skills, one short lesson a day" in html
    assert 'lang="vi">Làm quen với điện thoại</span>' in html  # content stays Vietnamese
    assert ">Tiếng Việt</a>" in html
    client.get("/ngon-ngu/vi")
    assert '<html lang="vi">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/", "/\\example.com"])
def test_the_language_link_never_leads_off_the_site(client, target):
    response = client.get("/ngon-ngu/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_a_404(client):
    assert client.get("/ngon-ngu/fr").status_code == 404


class UntranslatedText(HTMLParser):
    """Vietnamese letters outside content marked lang="vi": an interface text not translated.

    Place names in a select's options are proper names, and the brand is a name too.
    """

    VOID = {"meta", "link", "input", "img", "br", "hr", "source", "area", "base", "col", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []
        self.found: list[str] = []

    def _vietnamese(self) -> bool:
        return any(vi for _, vi, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        option_data = tag == "option" and attrs.get("value")
        if tag not in self.VOID:
            self.stack.append((tag, attrs.get("lang") == "vi", bool(option_data)))
        if not self._vietnamese():
            for name in ("aria-label", "alt", "title", "placeholder", "data-messages"):
                self._check(attrs.get(name))
            for name, value in attrs.items():
                if name.startswith("data-msg-"):
                    self._check(value)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._vietnamese() or any(option for *_, option in self.stack):
            return
        if self.stack and self.stack[-1][0] in ("script", "style", "title"):
            return
        self._check(data)

    def _check(self, text):
        if text and VIETNAMESE_LETTERS.search(text.replace(BRAND, "")):
            self.found.append(text.strip())


def untranslated(html: str) -> list[str]:
    parser = UntranslatedText()
    parser.feed(html)
    return parser.found


PUBLIC = [
    "/",
    "/bai/dien-thoai/bat-tat-may",
    "/bai/an-toan/ma-otp",
    "/dang-nhap",
    "/dang-ky",
    "/dang-ky?tinh=48",
    "/ngoai-tuyen",
    "/tu-dien",
    "/khong-co-trang-nay",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_in_english_have_no_untranslated_interface_text(client, url):
    english(client)
    assert untranslated(client.get(url).get_data(as_text=True)) == []


def test_learner_pages_in_english_have_no_untranslated_interface_text(learner):
    english(learner.client)
    url = learner.start_quiz("dien-thoai")
    pages = ["/tien-do", "/tai-khoan", "/kiem-tra/dien-thoai", url, "/bai/dien-thoai/bat-tat-may"]
    pages += ["/kiem-tra/thuc-hanh", learner.start_quiz("thuc-hanh")]  # a practical step
    for page in pages:
        html = learner.client.get(page).get_data(as_text=True)
        assert untranslated(html) == [], page
    attempt = learner.client.get(url).get_data(as_text=True)
    assert "Question 2 of 3" in attempt and "True or false" in attempt and ">True</span>" in attempt
    unanswered = learner.submit(url, {"q-wifi-o-nha": "false"}).get_data(as_text=True)
    assert "You have not answered question 1, 3." in unanswered
    assert untranslated(unanswered) == []
    learner.submit(url, {"q-wifi-o-nha": "false", "nop-thieu": "1"})
    result = learner.client.get(f"{url}/ket-qua").get_data(as_text=True)
    assert "You answered <strong>1/3</strong> questions right (33%)." in result
    assert "(no answer)" in result
    assert untranslated(result) == []
    progress = learner.client.get("/tien-do").get_data(as_text=True)
    assert "Suggested score for indicator 5" in progress and untranslated(progress) == []


def test_form_messages_and_flashes_follow_the_language(person):
    english(person.client)
    response = person.post_form("/dang-nhap", {"username": "", "password": ""})
    html = response.get_data(as_text=True)
    assert "Please enter a phone number or username." in html
    assert "Please correct 2 items below:" in html
    assert untranslated(html) == []
    response = person.sign_up(password="12345", password_again="12345")
    assert "The password needs at least 8 characters." in response.get_data(as_text=True)
    html = person.client.get("/kiem-tra/dien-thoai", follow_redirects=True).get_data(True)
    assert "Please log in to continue." in html


def looked_at_by_an_officer(app, phone="0912345678") -> None:
    """An officer views a learner's results: the audit log gains an entry about her."""
    make_staff(app, "officer", f"canbo{phone}", scope=20791)
    with app.app_context():
        session = db.session()
        officer = session.scalar(select(User).where(User.username == f"canbo{phone}"))
        citizen = session.scalar(select(User).where(User.phone == phone))
        audit.record_access(session, officer, citizen, "view_results", "/can-bo/1")
        session.commit()


ACCOUNT_PAGES = [
    "/tai-khoan",
    "/tai-khoan/du-lieu",
    "/tai-khoan/sua",
    "/tai-khoan/sua?tinh=1",
    "/tai-khoan/sua/tinh",
    "/tai-khoan/doi-mat-khau",
    "/tai-khoan/xoa",
]


def test_account_and_data_pages_in_english_have_no_untranslated_interface_text(app, learner):
    # Something in every list of the data page: a lesson read, a quiz, someone who looked.
    learner.post_form(
        "/bai/dien-thoai/bat-tat-may", {}, action="/bai/dien-thoai/bat-tat-may/da-hoc"
    )
    url = learner.start_quiz("dien-thoai")
    learner.submit(url, answer_phone_quiz(learner, url))
    learner.start_quiz("an-toan")  # one left open
    looked_at_by_an_officer(app)
    english(learner.client)
    for page in ACCOUNT_PAGES:
        response = learner.client.get(page)
        assert response.status_code == 200, page
        assert untranslated(response.get_data(as_text=True)) == [], page
    data = learner.client.get("/tai-khoan/du-lieu").get_data(as_text=True)
    assert "<dt>Gender</dt><dd>Female</dd>" in data
    assert "<dt>Group</dt><dd>Farmers and rural workers</dd>" in data
    assert 'lang="vi">Thôn Bình Hoà</dd>' in data  # what she typed stays Vietnamese
    assert "Lessons read (1)" in data and "Quizzes (2)" in data and "not handed in yet" in data
    assert "100% right" in data and "Version 2026-11: agreed at " in data
    assert 'lang="vi">officer canbo0912345678</span> — View learning results' in data
    delete = learner.client.get("/tai-khoan/xoa").get_data(as_text=True)
    assert '<a href="/tai-khoan/du-lieu.json" download>download your data</a>' in delete


def test_refused_account_forms_in_english_have_no_untranslated_interface_text(learner):
    english(learner.client)
    refused = [
        ("/tai-khoan/xoa", {"password": "khong-phai"}),
        (
            "/tai-khoan/doi-mat-khau",
            {"current": "khong-phai", "password": "", "password_again": ""},
        ),
        ("/tai-khoan/sua?tinh=48", {"province": "48", "display_name": "", "birth_year": "3000"}),
    ]
    for page, data in refused:
        response = learner.post_form(page, data)
        assert response.status_code == 422, page
        assert untranslated(response.get_data(as_text=True)) == [], page
    wrong = learner.post_form("/tai-khoan/xoa", {"password": "khong-phai"})
    assert "The password is not right. Please try again." in wrong.get_data(as_text=True)


def flash_after(person, page, data=None, action=None) -> str:
    response = person.post_form(page, data or {}, action=action)
    assert response.status_code == 302, page
    html = person.client.get(response.headers["Location"]).get_data(as_text=True)
    assert untranslated(html) == [], page
    return html


def test_account_messages_follow_the_language(app, learner):
    english(learner.client)
    edit = signup_data(village="Tổ 5")
    saved = flash_after(learner, "/tai-khoan/sua?tinh=48", edit)
    assert "Your details have been saved." in saved
    withdrawn = flash_after(learner, "/tai-khoan", action="/tai-khoan/rut-dong-y")
    assert "You have withdrawn your consent." in withdrawn and "“Delete my account”" in withdrawn
    nothing = flash_after(learner, "/tai-khoan", action="/tai-khoan/rut-dong-y")
    assert "You have no consent in force to withdraw." in nothing
    given = flash_after(learner, "/tai-khoan", action="/tai-khoan/dong-y")
    assert "Your results count again" in given
    changed = flash_after(
        learner,
        "/tai-khoan/doi-mat-khau",
        {"current": "luavangdongque", "password": "trauvenggo", "password_again": "trauvenggo"},
    )
    assert "Your password has been changed." in changed
    signed_out = flash_after(learner, "/tai-khoan", action="/tai-khoan/dang-xuat-moi-noi")
    assert "You have been signed out on every device." in signed_out
    learner.log_in(password="trauvenggo")
    deleted = flash_after(learner, "/tai-khoan/xoa", {"password": "trauvenggo"})
    assert "Your account and personal data have been deleted." in deleted


def test_the_audit_log_in_english_has_no_untranslated_interface_text(app, learner):
    looked_at_by_an_officer(app)
    gone = Person(app.test_client())
    gone.sign_up(login="0987654321", display_name="Ông Ba")
    looked_at_by_an_officer(app, phone="0987654321")
    gone.post_form("/tai-khoan/xoa", {"password": "luavangdongque"})
    make_staff(app, "admin", "quantri")
    admin = Person(app.test_client())
    english(admin.client)
    admin.log_in(login="quantri", password=STAFF_PASSWORD)
    response = admin.client.get("/quan-tri/nhat-ky")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert untranslated(html) == []
    assert "Data access log" in html and "2 entries." in html
    assert "<td>View learning results" in html and "<td>(account deleted)</td>" in html
    assert 'lang="vi">Bà Hoa, Thôn Bình Hoà</span>' in html
    # Idle staff are signed out with a message in their language too.
    age_session(admin, 31)
    response = admin.client.get("/quan-tri/nhat-ky", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "You were logged out after 30 minutes without activity" in html
    assert untranslated(html) == []


def test_the_wait_after_wrong_passwords_is_explained_in_english(app, learner):
    learner.log_out()
    guesser = Guesser(app, "203.0.113.7")
    english(guesser.client)
    assert hammer(guesser, 5) == [422] * 5
    response = guesser.log_in()
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "please wait 15 minutes and try again" in html
    assert untranslated(html) == []


def test_the_too_late_page_in_english_has_no_untranslated_interface_text(timed):
    english(timed.client)
    url = timed.start_quiz("dien-thoai")
    age(timed.app, 60)
    response = timed.client.get(url)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Time is up for this quiz" in html and "within 10 minutes of starting" in html
    assert untranslated(html) == []
