"""The studio's forms for lessons and modules. A lesson's fields become its text through
lms.publishing.editing, so the checks are those of `lms content check`."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from ..content.lessons import COMPETENCES, DOMAINS, SLUG
from ..publishing.editing import LessonFields
from ..publishing.modules import ModuleFields
from ..web.forms import Form, PlainText

#: Free text: letters, digits and ordinary punctuation, within a length.
TEXT_PROBLEMS = {
    200: _l("Chỉ dùng chữ, số và dấu câu thông thường, tối đa 200 ký tự."),
    300: _l("Chỉ dùng chữ, số và dấu câu thông thường, tối đa 300 ký tự."),
}
SLUG_HINT = _l(
    "Chữ thường không dấu, nối bằng dấu gạch ngang, ví dụ: bat-tat-may. Không đổi được sau khi tạo."
)
SLUG_PROBLEM = _l("Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ: bat-tat-may.")
MAX_BODY = 20_000


def _choices(mapping: dict, prompt) -> list:
    # The framework's names are curriculum content: shown as written, in Vietnamese.
    return [SelectChoice("", prompt)] + [SelectChoice(k, v) for k, v in mapping.items()]


def _text(max_length: int):
    return PlainText(TEXT_PROBLEMS[max_length], max_length=max_length, min_length=0)


class LessonForm(Form):
    title = StringField(
        _l("Tên bài"),
        validators=[DataRequired(_l("Vui lòng nhập tên bài.")), _text(200)],
    )
    summary = StringField(
        _l("Tóm tắt (không bắt buộc)"),
        description=_l("Một câu nói bài này dạy gì; hiện dưới tên bài trong danh sách."),
        validators=[_text(300)],
    )
    domain = SelectField(
        _l("Lĩnh vực năng lực số"),
        choices=_choices(DOMAINS, _l("— Chọn lĩnh vực —")),
        validators=[InputRequired(_l("Vui lòng chọn lĩnh vực."))],
    )
    audio = StringField(
        _l("Tệp ghi âm (không bắt buộc)"),
        description=_l("Đường dẫn tệp ghi âm có sẵn, ví dụ: /static/lessons/ten-phan/bai.mp3"),
        validators=[_text(300)],
    )
    body = TextAreaField(
        _l("Nội dung bài (Markdown)"),
        validators=[
            DataRequired(_l("Vui lòng viết nội dung bài.")),
            Length(max=MAX_BODY, message=_l("Nội dung dài tối đa %(max)d ký tự.")),
        ],
    )
    note = StringField(
        _l("Ghi chú cho lần lưu này (không bắt buộc)"),
        description=_l("Ví dụ: sửa lỗi chính tả, thêm hình nút nguồn."),
        validators=[_text(300)],
    )
    based_on = HiddenField()

    def fields(self) -> LessonFields:
        return LessonFields(
            title=self.title.data or "",
            domain=self.domain.data or "",
            summary=self.summary.data or "",
            audio=self.audio.data or "",
            body=self.body.data or "",
        )

    def fill(self, fields: LessonFields) -> None:
        for name in ("title", "domain", "summary", "audio", "body"):
            getattr(self, name).data = getattr(fields, name)

    def based_on_number(self) -> int | None:
        text = (self.based_on.data or "").strip()
        return int(text) if text.isascii() and text.isdigit() and len(text) < 9 else None


class NewLessonForm(LessonForm):
    module = SelectField(_l("Thuộc phần"), validators=[InputRequired(_l("Vui lòng chọn phần."))])
    slug = StringField(
        _l("Tên đường dẫn của bài"),
        description=SLUG_HINT,
        validators=[
            DataRequired(_l("Vui lòng nhập tên đường dẫn.")),
            Length(max=80, message=_l("Tên đường dẫn dài tối đa 80 ký tự.")),
            Regexp(SLUG, message=SLUG_PROBLEM),
        ],
    )


class ModuleForm(Form):
    title = StringField(
        _l("Tên phần"),
        validators=[DataRequired(_l("Vui lòng nhập tên phần.")), _text(200)],
    )
    summary = StringField(_l("Tóm tắt (không bắt buộc)"), validators=[_text(300)])
    position = IntegerField(
        _l("Thứ tự"),
        description=_l("Phần có số nhỏ hơn hiện trước."),
        validators=[
            InputRequired(_l("Vui lòng nhập thứ tự.")),
            NumberRange(min=1, max=999, message=_l("Thứ tự là một số từ 1 đến 999.")),
        ],
    )
    competence = SelectField(
        _l("Nhóm kỹ năng"),
        choices=_choices(COMPETENCES, _l("— Chọn nhóm kỹ năng —")),
        validators=[InputRequired(_l("Vui lòng chọn nhóm kỹ năng."))],
    )

    def fields(self) -> ModuleFields:
        return ModuleFields(
            title=self.title.data or "",
            position=self.position.data or 0,
            competence=self.competence.data or "",
            summary=self.summary.data or "",
        )


class NewModuleForm(ModuleForm):
    slug = StringField(
        _l("Tên đường dẫn của phần"),
        description=SLUG_HINT,
        validators=[
            DataRequired(_l("Vui lòng nhập tên đường dẫn.")),
            Length(max=80, message=_l("Tên đường dẫn dài tối đa 80 ký tự.")),
            Regexp(SLUG, message=SLUG_PROBLEM),
        ],
    )
