"""The base form: Flask-WTF (CSRF on every post) with WTForms' own messages in Vietnamese."""

from flask_wtf import FlaskForm

# WTForms ships no Vietnamese catalogue; these are the built-in messages our forms can show.
MESSAGES = {
    "This field is required.": "Vui lòng điền mục này.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Not a valid integer value.": "Vui lòng nhập một số.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "The CSRF token is missing.": "Trang đã quá cũ. Vui lòng gửi lại.",
    "The CSRF token has expired.": "Trang đã quá cũ. Vui lòng gửi lại.",
    "The CSRF token is invalid.": "Trang đã quá cũ. Vui lòng gửi lại.",
    "The CSRF tokens do not match.": "Trang đã quá cũ. Vui lòng gửi lại.",
    "The CSRF session token is missing.": "Trang đã quá cũ. Vui lòng gửi lại.",
}


class VietnameseMessages:
    def gettext(self, string: str) -> str:
        return MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return VietnameseMessages()
