"""The interface language: Vietnamese by default, English on request. Content (lessons,
quizzes, place names, what people typed) stays Vietnamese and is marked ``lang="vi"``.

Message ids are the Vietnamese texts themselves: Vietnamese is the source language and
needs no catalogue; English is one catalogue, ``lms/translations/en/LC_MESSAGES/
messages.po``. Catalogues are compiled when the app starts, into
``instance/translations``, whenever a ``.mo`` is missing or older than its ``.po``: a
clean clone works with no build step, and no binary file lives in git.

The choice is a cookie set by ``/ngon-ngu/<code>`` (a plain link, so it works without
JavaScript); it changes nothing on the server, so it needs no form token.
"""

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Blueprint, Flask, abort, current_app, g, redirect, request, url_for
from flask_babel import Babel, get_locale, get_translations, gettext
from markupsafe import Markup

from ..inputs import local_path

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT = "vi"
COOKIE = "lang"
YEAR = 365 * 24 * 3600
SOURCE = Path(__file__).parent.parent / "translations"

babel = Babel()


def N_(text: str) -> str:
    """Marks a text for the catalogue where it is defined; it is translated where shown."""
    return text


bp = Blueprint("i18n", __name__)


#: Texts owned by data tables, which import nothing from Flask (question types mark their
#: own, in lms.quiz.types): genders, target groups, what the audit log says was done. Templates
#: and forms translate them where they are shown; listed here so the catalogue has them
#: (tests/test_i18n.py compares).
SHOWN_ELSEWHERE = (
    N_("Nữ"),
    N_("Nam"),
    N_("Khác"),
    N_("Nông dân, lao động nông thôn"),
    N_("Công nhân, lao động tự do"),
    N_("Cán bộ, công chức, viên chức"),
    N_("Học sinh, sinh viên"),
    N_("Xem thông tin cá nhân"),
    N_("Xem kết quả học tập"),
    N_("Xem minh chứng tiêu chí"),
    N_("Xác nhận tiêu chí"),
    N_("Xuất dữ liệu"),
    N_("Sửa thông tin cá nhân"),
    N_("Đặt lại mật khẩu"),
    N_("Cấp mã đặt lại mật khẩu"),
    N_("Đổi vai trò"),
    N_("Sửa chỉ tiêu"),
)
_SHOWN = frozenset(SHOWN_ELSEWHERE)


def translated(text: str | None) -> str | None:
    """A text from :data:`SHOWN_ELSEWHERE` in the interface language; any other value as is.

    The ``|translated`` filter, for values from our tables in templates (never for what
    people typed: a man called Nam is not "Male"). Unlike ``_(value)``, which Jinja marks
    safe and formats with ``%``, it returns plain text, escaped like any value; a value
    that is not one of our texts (an audit code no longer in the table) shows as it is.
    """
    return gettext(text) if text in _SHOWN else text


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT


def compile_catalogues(source: Path, target: Path) -> None:
    """Compile every ``.po`` under ``source`` to a ``.mo`` under ``target`` if out of date."""
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as handle:
            catalogue = read_po(handle)
        partial = mo.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            write_mo(handle, catalogue)
        partial.replace(mo)  # atomic: two workers starting at once never read half a file


def _same_site(target: str | None) -> str:
    return local_path(target) or url_for("learn.catalogue")


@bp.route("/ngon-ngu/<code>")
def choose(code: str):
    if code not in LANGUAGES:
        abort(404)
    response = redirect(_same_site(request.args.get("next")))
    response.set_cookie(
        COOKIE,
        code,
        max_age=YEAR,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def _translations():
    """This request's catalogue, looked up once. Flask-Babel finds it again for every
    text a template translates (a dozen context lookups each); a page has 60 such texts,
    which made the look-ups a sixth of a catalogue page's CPU. Templates only: the
    locale cannot change while one renders."""
    found = g.get("_lms_translations")
    if found is None:
        found = g._lms_translations = get_translations()
    return found


def current_language() -> str:
    return str(get_locale() or DEFAULT)


def content_lang() -> Markup:
    """`` lang="vi"`` for content shown inside an interface in another language."""
    return Markup(' lang="vi"') if current_language() != DEFAULT else Markup("")


def ui_lang() -> Markup:
    """The interface language again, for a label placed inside content marked ``vi``."""
    language = current_language()
    return Markup(' lang="{}"').format(language) if language != DEFAULT else Markup("")


def init_app(app: Flask) -> None:
    target = Path(app.instance_path) / "translations"
    compile_catalogues(SOURCE, target)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(target))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: _translations().ugettext(text),
        ngettext=lambda one, many, n: _translations().ungettext(one, many, n),
        pgettext=lambda context, text: _translations().upgettext(context, text),
        npgettext=lambda c, one, many, n: _translations().unpgettext(c, one, many, n),
        newstyle=True,
    )
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        current_language=current_language,
        content_lang=content_lang,
        ui_lang=ui_lang,
        languages=LANGUAGES,
    )
    app.jinja_env.filters["translated"] = translated
