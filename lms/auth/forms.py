"""Sign-up and log-in forms. Labels and messages are what a first-time user reads."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length

from .. import places
from ..inputs import small_int
from ..people.accounts import GENDERS, TARGET_GROUPS, Profile, split_login
from ..people.passwords import MAX_LENGTH, password_problem
from ..people.reset_codes import clean_code
from ..web.forms import Form, PlainText

NAME_PROBLEM = _l(
    "Tên gọi chỉ gồm chữ, số, dấu câu và khoảng trắng. Vui lòng gõ lại, không dán ký tự lạ."
)
VILLAGE_PROBLEM = _l(
    "Tên thôn chỉ gồm chữ, số, dấu câu và khoảng trắng. Vui lòng gõ lại, không dán ký tự lạ."
)
OLDEST_BIRTH_YEAR = 1900
NOT_LISTED = "khac"
YOUNGEST_AGE = 10


def _login_field() -> StringField:
    """The account, as the login form asks for it (the reset form asks the same way)."""
    return StringField(
        _l("Số điện thoại hoặc tên đăng nhập"),
        validators=[
            DataRequired(_l("Vui lòng nhập số điện thoại hoặc tên đăng nhập.")),
            Length(max=60, message=_l("Quá dài.")),
        ],
    )


class LoginForm(Form):
    username = _login_field()
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")), Length(max=MAX_LENGTH)],
    )


def _choices(mapping: dict, prompt: str | None = None, translate: bool = True) -> list:
    """Choices with a prompt first; labels from our own tables are translated, place
    names (``translate=False``) are proper names and stay as they are."""
    first = SelectChoice("", prompt or _l("— Chọn —"))
    return [first] + [SelectChoice(k, _l(v) if translate else v) for k, v in mapping.items()]


def province_field(label) -> SelectField:
    """A province chosen from the real list: the first of two steps wherever a commune is
    asked (sign-up, a class's place)."""
    return SelectField(
        label,
        choices=_choices(
            {str(p.code): p.name for p in places.provinces()},
            _l("— Chọn tỉnh, thành phố —"),
            translate=False,
        ),
        validators=[DataRequired(_l("Vui lòng chọn tỉnh, thành phố."))],
    )


class ProvinceForm(Form):
    """Step one of sign-up: the province decides which communes step two lists."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    tinh = province_field(_l("Bạn sống ở tỉnh, thành phố nào?"))


class ProfileForm(Form):
    """What a learner tells about themself: asked at sign-up, corrected on their account."""

    display_name = StringField(
        _l("Tên gọi của bạn"),
        description=_l("Tên hiện trên trang, ví dụ: Bà Hoa."),
        validators=[
            DataRequired(_l("Vui lòng nhập tên gọi.")),
            Length(max=80, message=_l("Tên gọi dài tối đa 80 ký tự.")),
            PlainText(NAME_PROBLEM, max_length=80),
        ],
    )
    birth_year = StringField(
        _l("Năm sinh"),
        description=_l("Ví dụ: 1960."),
        validators=[
            DataRequired(_l("Vui lòng nhập năm sinh.")),
            Length(max=4, message=_l("Năm sinh có 4 chữ số.")),
        ],
    )
    gender = SelectField(
        _l("Giới tính"),
        choices=_choices(GENDERS),
        validators=[DataRequired(_l("Vui lòng chọn giới tính."))],
    )
    target_group = SelectField(
        _l("Bạn thuộc nhóm nào?"),
        choices=_choices(TARGET_GROUPS),
        validators=[DataRequired(_l("Vui lòng chọn nhóm."))],
    )
    province = StringField(validators=[DataRequired(_l("Vui lòng chọn tỉnh, thành phố."))])
    commune = SelectField(
        _l("Xã, phường nơi bạn sống"),
        choices=[],
        validators=[DataRequired(_l("Vui lòng chọn xã, phường."))],
    )
    # Shown only when some commune of the province has a list: one select grouped by
    # commune, so no script is needed to follow the commune chosen above it.
    village_id = SelectField(
        _l("Thôn, tổ dân phố (không bắt buộc)"),
        description=_l("Tìm dưới tên xã, phường của bạn."),
        choices=[],
        validate_choice=False,
    )
    village = StringField(
        _l("Thôn, tổ dân phố (không bắt buộc)"),
        validators=[
            Length(max=100, message=_l("Tên thôn dài tối đa 100 ký tự.")),
            PlainText(VILLAGE_PROBLEM, max_length=100, min_length=0),
        ],
    )

    has_villages = False
    village_communes: dict[str, int] = {}

    def profile(self) -> Profile:
        """The validated answers, as the services take them."""
        village_id = small_int(self.village_id.data, max_digits=12)
        return Profile(
            display_name=self.display_name.data,
            birth_year=int(self.birth_year.data),
            gender=self.gender.data,
            target_group=self.target_group.data,
            province_code=int(self.province.data),
            commune_code=int(self.commune.data),
            village_id=village_id,
            village="" if village_id else (self.village.data or ""),
        )

    def set_province(self, code: int, villages: dict | None = None) -> None:
        """List the province's communes and, for those that keep one, their villages."""
        communes = places.communes(code)
        self.commune.choices = _choices(
            {str(c.code): c.name for c in communes},
            _l("— Chọn xã, phường —"),
            translate=False,
        )
        villages = villages or {}
        self.village_communes = {
            str(v.id): v.commune_code for listed in villages.values() for v in listed
        }
        self.has_villages = bool(self.village_communes)
        if not self.has_villages:
            return
        self.village_id.choices = (
            [SelectChoice("", _l("— Chọn thôn, tổ dân phố —"))]
            + [
                SelectChoice(str(v.id), v.name, optgroup=c.name)
                for c in communes
                for v in villages.get(c.code, ())
            ]
            + [SelectChoice(NOT_LISTED, _l("Không có trong danh sách"))]
        )
        self.village.label.text = _l("Nếu không có trong danh sách: tên thôn, tổ dân phố")

    def show(self, user, province_code: int) -> None:
        """Fill the form with what the learner told before (province may be a new one)."""
        same_province = user.province_code == province_code
        self.province.data = str(province_code)
        self.commune.data = str(user.commune_code) if same_province else ""
        self.birth_year.data = str(user.birth_year or "")
        if same_province and user.village_id is not None:
            self.village_id.data = str(user.village_id)
        elif same_province and user.village and self.has_villages:
            self.village_id.data = NOT_LISTED
        if not same_province:
            self.village.data = ""

    def validate_village_id(self, field) -> None:
        if field.data in (None, "", NOT_LISTED):
            return
        commune = self.village_communes.get(field.data)
        if commune is None:
            raise ValidationError(_("Vui lòng chọn thôn, tổ dân phố trong danh sách."))
        if str(commune) != self.commune.data:
            raise ValidationError(
                _("Thôn, tổ dân phố này không thuộc xã, phường bạn đã chọn. Vui lòng chọn lại.")
            )

    def validate_birth_year(self, field) -> None:
        latest = date.today().year - YOUNGEST_AGE
        text = (field.data or "").strip()
        year = small_int(text, max_digits=4)
        if year is None or not OLDEST_BIRTH_YEAR <= year <= latest:
            raise ValidationError(
                _(
                    "Năm sinh phải là số từ %(first)s đến %(last)s.",
                    first=OLDEST_BIRTH_YEAR,
                    last=latest,
                )
            )

    def validate_province(self, field) -> None:
        code = small_int(field.data, max_digits=3)
        if code is None or places.province_name(code) is None:
            raise ValidationError(_("Tỉnh, thành phố không hợp lệ. Vui lòng chọn lại."))


class SignupForm(ProfileForm):
    login = StringField(
        _l("Số điện thoại hoặc tên đăng nhập"),
        description=_l(
            "Bạn sẽ dùng nó để đăng nhập. Tên đăng nhập: chữ không dấu và số, ví dụ: bachoa1960."
        ),
        validators=[
            DataRequired(_l("Vui lòng nhập số điện thoại hoặc tên đăng nhập.")),
            Length(max=60, message=_l("Quá dài.")),
        ],
    )
    password = PasswordField(
        _l("Mật khẩu"),
        description=_l("Ít nhất 8 ký tự. Nên dùng một câu ngắn dễ nhớ, ví dụ: luavangdongque."),
        validators=[DataRequired(_l("Vui lòng đặt mật khẩu."))],
    )
    password_again = PasswordField(
        _l("Nhập lại mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập lại mật khẩu."))]
    )
    consent = BooleanField(
        validators=[InputRequired(_l("Bạn cần đồng ý để Học Số lưu thông tin học tập của bạn."))]
    )

    def validate_login(self, field) -> None:
        phone, username = split_login(field.data or "")
        if not (phone or username):
            raise ValidationError(
                _(
                    "Hãy nhập số điện thoại di động (10 số, ví dụ 0912345678) hoặc tên đăng "
                    "nhập từ 3 đến 30 ký tự: chữ không dấu, số, dấu chấm hoặc gạch dưới, bắt "
                    "đầu bằng chữ."
                )
            )

    def validate_password(self, field) -> None:
        problem = password_problem(field.data or "", self.login.data, self.display_name.data)
        if problem:
            raise ValidationError(problem)

    def validate_password_again(self, field) -> None:
        if field.data != self.password.data:
            raise ValidationError(_("Hai lần nhập mật khẩu chưa giống nhau."))


class NewPasswordChecks:
    """The checks of a new password typed twice (``password``, ``password_again``),
    against the person's own name and login (``context``)."""

    def __init__(self, *args, context: tuple[str | None, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context

    def validate_password(self, field) -> None:
        problem = password_problem(field.data or "", *self.context)
        if problem:
            raise ValidationError(problem)

    def validate_password_again(self, field) -> None:
        if field.data != self.password.data:
            raise ValidationError(_("Hai lần nhập mật khẩu mới chưa giống nhau."))


class PasswordChangeForm(NewPasswordChecks, Form):
    current = PasswordField(
        _l("Mật khẩu đang dùng"),
        validators=[DataRequired(_l("Vui lòng nhập mật khẩu đang dùng.")), Length(max=MAX_LENGTH)],
    )
    password = PasswordField(
        _l("Mật khẩu mới"),
        description=_l("Ít nhất 8 ký tự. Nên dùng một câu ngắn dễ nhớ, ví dụ: luavangdongque."),
        validators=[DataRequired(_l("Vui lòng đặt mật khẩu mới."))],
    )
    password_again = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(_l("Vui lòng nhập lại mật khẩu mới."))],
    )

    def validate_password(self, field) -> None:
        super().validate_password(field)
        if field.data == self.current.data:
            raise ValidationError(_("Mật khẩu mới phải khác mật khẩu đang dùng."))


class ChoosePasswordForm(NewPasswordChecks, Form):
    """After a login card's one-time password: the learner's own password, no old one."""

    password = PasswordField(
        _l("Mật khẩu mới của bạn"),
        description=_l("Ít nhất 8 ký tự. Nên dùng một câu ngắn dễ nhớ, ví dụ: luavangdongque."),
        validators=[DataRequired(_l("Vui lòng đặt mật khẩu mới.")), Length(max=MAX_LENGTH)],
    )
    password_again = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(_l("Vui lòng nhập lại mật khẩu mới."))],
    )


class ConfirmPasswordForm(Form):
    """Asks for the password again before something that cannot be undone."""

    password = PasswordField(
        _l("Mật khẩu của bạn"),
        validators=[
            DataRequired(_l("Vui lòng nhập mật khẩu để xác nhận.")),
            Length(max=MAX_LENGTH),
        ],
    )


class ResetWithCodeForm(Form):
    """A forgotten password: the account, the code from the officer, a new password."""

    login = _login_field()
    code = StringField(
        _l("Mã đặt lại mật khẩu"),
        description=_l("8 chữ số cán bộ xã đã đưa cho bạn, ví dụ: 1234 5678."),
        validators=[
            DataRequired(_l("Vui lòng nhập mã cán bộ đã đưa cho bạn.")),
            Length(max=20, message=_l("Mã có 8 chữ số.")),
        ],
    )
    password = PasswordField(
        _l("Mật khẩu mới"),
        description=_l("Ít nhất 8 ký tự. Nên dùng một câu ngắn dễ nhớ, ví dụ: luavangdongque."),
        validators=[DataRequired(_l("Vui lòng đặt mật khẩu mới.")), Length(max=MAX_LENGTH)],
    )
    password_again = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(_l("Vui lòng nhập lại mật khẩu mới."))],
    )

    def validate_code(self, field) -> None:
        if clean_code(field.data or "") is None:
            raise ValidationError(_("Mã có 8 chữ số, ví dụ: 1234 5678."))

    def validate_password(self, field) -> None:
        problem = password_problem(field.data or "", self.login.data)
        if problem:
            raise ValidationError(problem)

    def validate_password_again(self, field) -> None:
        if field.data != self.password.data:
            raise ValidationError(_("Hai lần nhập mật khẩu mới chưa giống nhau."))
