"""People acting on the site through the test client, the way their browsers would."""

import re

from .factories import STAFF_PASSWORD, make_staff


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def signup_data(**overrides) -> dict:
    data = {
        "province": "48",
        "login": "0912345678",
        "password": "luavangdongque",
        "password_again": "luavangdongque",
        "display_name": "Bà Hoa",
        "birth_year": "1960",
        "gender": "nu",
        "target_group": "nong-dan",
        "commune": "20791",
        "village": "Thôn Bình Hoà",
        "consent": "y",
    }
    data.update(overrides)
    return data


class Person:
    """Drives the test client the way a learner's browser would, CSRF tokens included."""

    def __init__(self, client):
        self.client = client

    def post_form(self, page: str, data: dict, action: str | None = None, **kwargs):
        token = csrf_from(self.client.get(page).get_data(as_text=True))
        return self.client.post(action or page, data={"csrf_token": token, **data}, **kwargs)

    def sign_up(self, **overrides):
        data = signup_data(**overrides)
        return self.post_form(f"/dang-ky?tinh={data['province']}", data)

    def log_in(self, login="0912345678", password="luavangdongque"):
        return self.post_form("/dang-nhap", {"username": login, "password": password})

    def log_out(self):
        return self.post_form("/", {}, action="/dang-xuat")

    def start_quiz(self, slug: str) -> str:
        response = self.post_form(f"/kiem-tra/{slug}", {})
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]

    def submit(self, attempt_url: str, answers: dict):
        return self.post_form(attempt_url, answers)


def options(html: str, question_id: str) -> dict[str, str]:
    """Shown text → form value for one question's choices, read off the attempt page."""
    found = re.findall(
        rf'name="q-{question_id}" value="(\w+)"[^>]*> <span>(.*?)</span>', html, re.S
    )
    return {text: value for value, text in found}


def ordering_fields(html: str, question_id: str) -> dict[str, str]:
    """Shown step text → select name, for an ordering question."""
    found = re.findall(
        rf'<label for="(q-{question_id}-\d+)"><span class="item">(.*?)</span>', html, re.S
    )
    return {text: name for name, text in found}


def answer_phone_quiz(learner, attempt_url: str, *, wrong_first: bool = False) -> dict:
    html = learner.client.get(attempt_url).get_data(as_text=True)
    first = options(html, "bat-may")
    steps = ordering_fields(html, "buoc-ket-noi")
    choice = "Nhấn nhanh nút tăng âm lượng" if wrong_first else "Nhấn giữ nút nguồn khoảng 3 giây"
    answers = {"q-bat-may": first[choice], "q-wifi-o-nha": "false"}
    for rank, text in enumerate(
        ["Mở Cài đặt", "Chọn Wi-Fi và tên mạng", "Nhập mật khẩu Wi-Fi"], start=1
    ):
        answers[steps[text]] = str(rank)
    return answers


OWNER = "0912345678"


class Guesser:
    """Someone on another device (no device cookie) at an address of their choosing."""

    def __init__(self, app, address: str):
        self.client = app.test_client()
        self.address = address

    def log_in(self, login=OWNER, password="doan-mo-mat-khau"):
        token = csrf_from(self.client.get("/dang-nhap").get_data(as_text=True))
        return self.client.post(
            "/dang-nhap",
            data={"csrf_token": token, "username": login, "password": password},
            environ_base={"REMOTE_ADDR": self.address},
        )


def hammer(guesser, times, **kwargs):
    return [guesser.log_in(**kwargs).status_code for _ in range(times)]


def age_session(person, minutes):
    with person.client.session_transaction() as stored:
        stored["seen"] -= minutes * 60


def log_in_staff(app, username):
    person = Person(app.test_client())
    response = person.log_in(login=username, password=STAFF_PASSWORD)
    assert response.status_code == 302
    return person, response


def log_in_trainer(app, username: str) -> Person:
    """A trainer account made like `lms users create` makes one, signed in."""
    make_staff(app, "trainer", username)
    person = Person(app.test_client())
    assert person.log_in(username, STAFF_PASSWORD).status_code == 302
    return person


def open_class(trainer: Person, name="Lớp điện thoại thôn 3") -> int:
    """A class in Xã Thăng Bình (20791), opened through the studio's form; its id."""
    response = trainer.post_form(
        "/giang-vien/lop/moi?tinh=48",
        {
            "province": "48",
            "name": name,
            "place": "Nhà văn hoá thôn 3",
            "commune": "20791",
            "starts_on": "2026-11-02",
            "ends_on": "",
        },
        action="/giang-vien/lop/moi?tinh=48",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])
