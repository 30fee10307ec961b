"""The base form: Flask-WTF (CSRF on every post) with WTForms' own messages in Vietnamese,
and what happens when a form comes back with a stale token.

A page left open for hours (a learner fetching her glasses, a phone that slept) comes
back with an expired CSRF token. Views marked :func:`keeps_input_on_stale_form` are then
run again by the CSRF error handler (lms.web) with the request marked STALE_FORM: every form
refuses to validate, so nothing changes, and the page shows what the person typed
(passwords excepted: WTForms never echoes them) with a fresh token and one message.
"""

from collections.abc import Callable

from flask import request
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import ValidationError

from ..inputs import plain_text
from .i18n import N_

# WTForms ships no Vietnamese catalogue; these are the built-in messages our forms can show.
MESSAGES = {
    "This field is required.": N_("Vui lòng điền mục này."),
    "Not a valid choice.": N_("Lựa chọn không hợp lệ."),
    "Not a valid integer value.": N_("Vui lòng nhập một số."),
    "Invalid input.": N_("Giá trị không hợp lệ."),
    "The CSRF token is missing.": N_("Trang đã quá cũ. Vui lòng gửi lại."),
    "The CSRF token has expired.": N_("Trang đã quá cũ. Vui lòng gửi lại."),
    "The CSRF token is invalid.": N_("Trang đã quá cũ. Vui lòng gửi lại."),
    "The CSRF tokens do not match.": N_("Trang đã quá cũ. Vui lòng gửi lại."),
    "The CSRF session token is missing.": N_("Trang đã quá cũ. Vui lòng gửi lại."),
}


class VietnameseMessages:
    """WTForms' own messages in Vietnamese, then in the reader's language."""

    def gettext(self, string: str) -> str:
        return gettext(MESSAGES[string]) if string in MESSAGES else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return VietnameseMessages()

    def validate_on_submit(self, extra_validators=None) -> bool:
        if not self.is_submitted():
            return False
        valid = self.validate(extra_validators=extra_validators)
        if request.environ.get(STALE_FORM):
            if "csrf_token" in self:
                self["csrf_token"].errors = []
            self.form_errors.append(gettext(STALE_FORM_MESSAGE))
            return False
        return valid


#: Set on the request (not on g, which an app context can share between requests).
STALE_FORM = "lms.stale_form"
STALE_FORM_MESSAGE = N_(
    "Trang này đã quá cũ nên chưa gửi được. Những gì bạn đã nhập vẫn còn ở dưới "
    "(trừ mật khẩu): vui lòng kiểm tra rồi bấm gửi lại."
)


def keeps_input_on_stale_form(view: Callable) -> Callable:
    """Mark a view whose POST is a Form: on a stale token it is shown again, filled in.

    Only for views that change nothing unless ``form.validate_on_submit()`` is true.
    """
    view.keeps_input_on_stale_form = True
    return view


class PlainText:
    """Validator: the site's one rule for free text (lms.inputs.plain_text); on success
    the field holds the cleaned text, which is what gets stored."""

    def __init__(self, message, *, max_length: int, min_length: int = 1):
        self.message = message
        self.max_length = max_length
        self.min_length = min_length

    def __call__(self, form, field) -> None:
        if not field.data and self.min_length == 0:
            field.data = ""
            return
        clean = plain_text(field.data, max_length=self.max_length, min_length=self.min_length)
        if clean is None:
            raise ValidationError(self.message)
        field.data = clean
