"""Forms of the classes pages: opening a class, assisted sign-up, the checks that ask a
trainer to confirm what cannot be undone."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length

from .. import places
from ..auth.forms import SignupForm, _choices, province_field
from ..inputs import small_int
from ..web.forms import Form, PlainText

TEXT_PROBLEM = _l("Chỉ gồm chữ, số, dấu câu và khoảng trắng. Vui lòng gõ lại.")


def parse_day(text: str | None) -> date | None:
    """'2026-11-29' (what a date input sends) → a date; None for anything else."""
    text = (text or "").strip()
    if len(text) != 10 or not text.isascii():
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class ClassProvinceForm(Form):
    """Step one: the province decides which communes step two lists (like sign-up)."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    tinh = province_field(_l("Lớp học ở tỉnh, thành phố nào?"))


class ClassForm(Form):
    name = StringField(
        _l("Tên lớp"),
        description=_l("Ví dụ: Lớp điện thoại thông minh thôn 3, tháng 12."),
        validators=[
            DataRequired(_l("Vui lòng nhập tên lớp.")),
            PlainText(TEXT_PROBLEM, max_length=120),
        ],
    )
    place = StringField(
        _l("Địa điểm học"),
        description=_l("Ví dụ: Nhà văn hoá thôn 3."),
        validators=[
            DataRequired(_l("Vui lòng nhập địa điểm học.")),
            PlainText(TEXT_PROBLEM, max_length=200),
        ],
    )
    starts_on = StringField(
        _l("Ngày bắt đầu"), validators=[DataRequired(_l("Vui lòng chọn ngày bắt đầu."))]
    )
    ends_on = StringField(_l("Ngày kết thúc (không bắt buộc)"))
    province = StringField(validators=[DataRequired(_l("Vui lòng chọn tỉnh, thành phố."))])
    commune = SelectField(
        _l("Xã, phường nơi mở lớp"),
        choices=[],
        validators=[DataRequired(_l("Vui lòng chọn xã, phường."))],
    )

    def set_province(self, code: int) -> None:
        self.commune.choices = _choices(
            {str(c.code): c.name for c in places.communes(code)},
            _l("— Chọn xã, phường —"),
            translate=False,
        )

    def validate_starts_on(self, field) -> None:
        if parse_day(field.data) is None:
            raise ValidationError(_("Ngày không hợp lệ. Ví dụ: 2026-12-01."))

    def validate_ends_on(self, field) -> None:
        if not (field.data or "").strip():
            return
        end = parse_day(field.data)
        if end is None:
            raise ValidationError(_("Ngày không hợp lệ. Ví dụ: 2026-12-01."))
        start = parse_day(self.starts_on.data)
        if start is not None and end < start:
            raise ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))

    def validate_province(self, field) -> None:
        code = small_int(field.data, max_digits=3)
        if code is None or places.province_name(code) is None:
            raise ValidationError(_("Tỉnh, thành phố không hợp lệ. Vui lòng chọn lại."))


class AssistedSignupForm(SignupForm):
    """Sign-up filled by a helper with the citizen present, at a class."""

    helper_name = StringField(
        _l("Người giúp đăng ký"),
        description=_l("Tên của bạn hoặc của người đang ngồi cùng người học để điền."),
        validators=[
            DataRequired(_l("Vui lòng nhập tên người giúp đăng ký.")),
            Length(max=80, message=_l("Tên dài tối đa 80 ký tự.")),
            PlainText(TEXT_PROBLEM, max_length=80),
        ],
    )
    consent = BooleanField(
        validators=[
            InputRequired(_l("Hãy đọc cho người học nghe và chỉ đánh dấu khi người đó đồng ý."))
        ]
    )


class ConfirmImportForm(Form):
    content = StringField(
        validators=[DataRequired(_l("Thiếu nội dung tệp. Vui lòng tải lên lại."))]
    )
    consent = BooleanField(
        _l(
            "Tôi đã đọc lời đồng ý cho từng người mới trong danh sách nghe, và họ đã đồng ý "
            "trực tiếp."
        )
    )


class ConfirmCardsForm(Form):
    sure = BooleanField(
        _l("Tôi hiểu: thẻ in lần trước (nếu có) sẽ không dùng được nữa."),
        validators=[InputRequired(_l("Vui lòng đánh dấu để xác nhận."))],
    )
