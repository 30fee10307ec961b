"""The consent a learner gives at sign-up, with every version of its text kept.

Personal data law 91/2025/QH15 asks for explicit, provable consent per purpose: we store
which text version was agreed to and when; the texts themselves never change once used.
"""

PURPOSE = "hoc-tap-va-bao-cao"
CURRENT_VERSION = "2026-11"

TEXTS = {
    "2026-11": (
        "Tôi đồng ý để Học Số lưu tên gọi, số điện thoại hoặc tên đăng nhập, năm sinh, "
        "giới tính, nhóm đối tượng, nơi ở (tỉnh, xã, thôn) và kết quả học tập của tôi, "
        "để theo dõi việc học và để cán bộ khuyến học ở xã, tỉnh nơi tôi ở biết tôi đã "
        "đạt tiêu chí kỹ năng số hay chưa. Học Số không hỏi số căn cước công dân. "
        "Tôi có thể xem, tải về, sửa, xoá dữ liệu và rút lại sự đồng ý bất cứ lúc nào."
    ),
}


def current_text() -> str:
    return TEXTS[CURRENT_VERSION]
