"""The base form: Flask-WTF (CSRF on every post) with WTForms' own messages in Vietnamese."""

from flask_babel import gettext
from flask_wtf import FlaskForm

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
