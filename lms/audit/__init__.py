"""The audit log service: one function every feature calls before showing or changing a
learner's data to someone other than that learner, and the reads of the log.

Officer and trainer pages call :func:`record_access` *before* they show the data, so
that nothing is ever shown that the log does not know about.
"""

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..models import AuditEntry, User, utcnow

#: What can be done to someone's data: the codes are stored in the log, the words are what
#: pages show (translated where shown: they are listed in lms.i18n.SHOWN_ELSEWHERE).
ACTIONS = {
    "view_profile": "Xem thông tin cá nhân",
    "view_results": "Xem kết quả học tập",
    "view_evidence": "Xem minh chứng tiêu chí",
    "confirm_criterion": "Xác nhận tiêu chí",
    "export": "Xuất dữ liệu",
    "edit_profile": "Sửa thông tin cá nhân",
    "reset_password": "Đặt lại mật khẩu",
    "give_reset_code": "Cấp mã đặt lại mật khẩu",
    "change_roles": "Đổi vai trò",
    "edit_targets": "Sửa chỉ tiêu",
}
PAGE_SIZE = 50


def record_access(
    db: Session, actor: User, subject: User | int, action: str, where: str = ""
) -> AuditEntry | None:
    """Log that ``actor`` did ``action`` to ``subject``'s data; commits.

    Looking at your own data is not logged: the log is about other people's eyes.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    subject_id = subject if isinstance(subject, int) else subject.id
    if subject_id == actor.id:
        return None
    entry = AuditEntry(
        at=utcnow(), actor_id=actor.id, subject_id=subject_id, action=action, where=where[:200]
    )
    db.add(entry)
    return entry


def record_accesses(
    db: Session, actor: User, subjects: list[User], action: str, where: str = ""
) -> int:
    """:func:`record_access` for many people at once (a class's table), in one statement:
    a page of fifty learners costs the same as a page of one. How many were logged."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    at = utcnow()
    rows = [
        {"at": at, "actor_id": actor.id, "subject_id": s.id, "action": action, "where": where[:200]}
        for s in subjects
        if s.id != actor.id
    ]
    if rows:
        db.execute(insert(AuditEntry), rows)
    return len(rows)


def record_action(db: Session, actor: User, action: str, where: str = "") -> AuditEntry:
    """Log something an admin changed that is about no one learner (the targets)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(at=utcnow(), actor_id=actor.id, action=action, where=where[:200])
    db.add(entry)
    return entry


def entries(db: Session, page: int = 1) -> list[AuditEntry]:
    return list(
        db.scalars(
            select(AuditEntry)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(PAGE_SIZE)
            .offset((max(page, 1) - 1) * PAGE_SIZE)
        )
    )


def entry_count(db: Session) -> int:
    return db.scalar(select(func.count(AuditEntry.id))) or 0


def entries_about(db: Session, subject: User) -> list[AuditEntry]:
    """What others did with this learner's data: shown to the learner on their data page."""
    return list(
        db.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_id == subject.id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
    )


def record_export(db: Session, actor: User, where: str) -> AuditEntry:
    """Log an export of a list (no one subject): ``where`` says what, with filters, the
    scope and the row count. Admins read it at /quan-tri/nhat-ky."""
    entry = AuditEntry(at=utcnow(), actor_id=actor.id, subject_id=None, action="export",
                       where=where[:200])  # fmt: skip
    db.add(entry)
    return entry
