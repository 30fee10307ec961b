"""The consent a learner gives at sign-up, with every version of its text kept.

Personal data law 91/2025/QH15 asks for explicit, provable consent per purpose: we store
which text version was agreed to and when; the texts themselves never change once used.
"""

from ..models import Consent, User, utcnow

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


def record(
    user: User,
    version: str,
    *,
    helper_name: str | None = None,
    recorded_by: User | None = None,
) -> Consent:
    """The learner agreed to text ``version``, now. Given in person at a class, the
    helper who read it out and filled the form is named, with the account that recorded
    it (a trainer); the learner sees both on their data page."""
    if version not in TEXTS:
        raise ValueError(f"unknown consent text version {version!r}")
    given = Consent(
        purpose=PURPOSE,
        text_version=version,
        given_at=utcnow(),
        helper_name=helper_name,
        recorded_by=recorded_by.id if recorded_by is not None else None,
    )
    user.consents.append(given)
    return given
