"""Answering the fixture's quizzes in a real page, as a learner would."""


def answer_phone_quiz(page) -> None:
    page.get_by_label("Nhấn giữ nút nguồn khoảng 3 giây").check()
    page.locator("#cau-2").get_by_label("Sai").check()
    for rank, step in enumerate(["Mở Cài đặt", "Chọn Wi-Fi và tên mạng", "Nhập mật khẩu Wi-Fi"], 1):
        page.get_by_label(step).select_option(str(rank))
