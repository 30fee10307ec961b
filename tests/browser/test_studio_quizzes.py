"""A trainer brings a Moodle bank into the studio on a phone, fixes a question in the
form and publishes; a learner then takes the quiz. Axe runs on every page visited."""

from playwright.sync_api import expect

from ..factories import make_account
from ..paths import BANKS


def test_a_trainer_imports_a_gift_bank_edits_publishes_and_a_learner_takes_it(
    new_page, live_server, learner_login
):
    make_account(live_server.app, "trainer", "giangvien", "giu-bi-mat-cong-viec", "Thầy Minh")
    page = new_page()
    page.goto("/dang-nhap")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("giangvien")
    page.get_by_label("Mật khẩu").fill("giu-bi-mat-cong-viec")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/giang-vien/")
    page.get_by_role("link", name="Soạn và sửa bài kiểm tra, nhập câu hỏi từ Moodle").click()
    page.get_by_role("link", name="Nhập câu hỏi từ Moodle (GIFT, Aiken)").click()

    # The bank has a question we cannot import: it is named with its line, nothing written.
    page.get_by_label("Tệp câu hỏi").set_input_files(str(BANKS / "lop-thang-binh.gift"))
    page.get_by_label("Định dạng").select_option("gift")
    page.get_by_label("Tên viết tắt của bài mới").fill("lop-thang-binh")
    page.get_by_label("Tên bài mới (không bắt buộc)").fill("Kiểm tra lớp Thăng Bình")
    page.get_by_role("button", name="Xem trước").click()
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Dòng 10: loại câu hỏi chưa hỗ trợ: tự luận")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    refusal = [p for p in page.problems if "status of 422" in p]
    assert len(refusal) == 1  # the refused upload's own status, expected here
    page.problems[:] = [p for p in page.problems if p not in refusal]

    # Skipping it: the file is kept in the page, the preview lists what will come in.
    page.get_by_label("Bỏ qua các câu chưa hỗ trợ").check()
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("h2#preview-title")).to_contain_text("2 câu sẽ được nhập")
    expect(page.locator(".notice")).to_contain_text("Dòng 10: loại câu hỏi chưa hỗ trợ: tự luận")
    expect(page.locator(".review")).to_contain_text("Nhân viên ngân hàng gọi xin mã OTP.")
    page.get_by_role("button", name="Nhập 2 câu vào bản nháp").click()
    expect(page.locator(".flash")).to_contain_text("Đã nhập 2 câu hỏi vào bản nháp 1")

    # The editor: a form per question. A problem is shown at its field, nothing saved.
    question = page.locator("#cau-1")
    question.get_by_label("Giải thích (vì sao đáp án đúng là đúng)").fill("")
    page.get_by_role("button", name="Lưu và xuất bản").click()
    expect(page.locator("#err-q0-explanation")).to_contain_text("thiếu 'explanation'")
    refusal = [p for p in page.problems if "status of 422" in p]
    assert len(refusal) == 1
    page.problems[:] = [p for p in page.problems if p not in refusal]
    question.get_by_label("Giải thích (vì sao đáp án đúng là đúng)").fill(
        "Ngân hàng không bao giờ xin mã OTP."
    )
    # Fix question 1 and publish.
    question.get_by_label("Nội dung câu hỏi").fill(
        "Có người xưng là nhân viên ngân hàng gọi xin mã OTP. Bạn làm gì?"
    )
    question.get_by_label("Lựa chọn 3", exact=True).fill("Đọc ba số đầu")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Ghi chú cho lần lưu này (không bắt buộc)").fill("sửa câu 1")
    page.get_by_role("button", name="Lưu và xuất bản").click()
    expect(page.locator(".flash")).to_contain_text("Đã xuất bản bản 2")
    expect(page.locator("#cau-1 textarea").first).to_have_value(
        "Có người xưng là nhân viên ngân hàng gọi xin mã OTP. Bạn làm gì?"
    )

    # A learner takes it.
    learner = new_page()
    learner_login(learner)
    learner.goto("/kiem-tra/lop-thang-binh")
    learner.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(learner.locator("main")).to_contain_text("Có người xưng là nhân viên ngân hàng")
    learner.get_by_label("Không đọc mã, cúp máy").check()
    learner.locator("#cau-2").get_by_label("Đúng").check()
    learner.get_by_role("button", name="Nộp bài").click()
    expect(learner.locator(".score")).to_contain_text("đúng 2/2 câu")
