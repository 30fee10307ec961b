"""A learner's rights over their data (law 91/2025/QH15): see it all, take it away as
JSON, correct it, withdraw consent, and delete the account.

What withdrawing consent does: officers stop seeing the learner at once (every officer
query goes through lms.places.scope.officer_scope, which requires consent); the learner
keeps learning and seeing their own results, and is offered deletion. Consent can be
given again, which adds a new, dated record.

What deleting does: the account, profile, consents, sign-ins, lesson marks and criterion
status are deleted; attempts stay with no owner (question statistics stay right), but
what the person typed in a practical test (it can hold their ID, phone or name) is
replaced by right/wrong per step; the audit log keeps its entries with the person's id
removed; and one anonymous count per commune and criterion level (DeletedAccountTally)
keeps the area's figures right for learners who had consented to be counted. On SQLite
the write-ahead log is checkpointed after the commit, so the old rows do not linger in
the -wal file (secure_delete, lms.database, zeroes them in the database file).
"""

from sqlalchemy import delete, event, select, update
from sqlalchemy.orm import Session

from .. import places
from .. import quiz as quizcore
from ..audit import ACTIONS, entries_about
from ..database import checkpoint
from ..models import (
    Attempt,
    AuditEntry,
    Consent,
    CriterionStatus,
    DeletedAccountTally,
    Lesson,
    LessonProgress,
    LessonRevision,
    Module,
    Quiz,
    QuizRevision,
    User,
    utcnow,
)
from ..places import villages
from ..places.scope import has_reporting_consent as has_consent
from ..publishing.current import lesson_is_current
from ..quiz import kind_of
from ..reports import tally
from . import consent
from .accounts import GENDERS, TARGET_GROUPS, Profile


def collect(db: Session, user: User) -> dict:
    """Everything Học Số holds about this person, in plain words and plain values.

    The download is a record, in Vietnamese whatever the interface language (like the
    consent text it quotes); the data page shows the same facts with translated labels.
    """
    return {
        "tai_khoan": {
            "ma_so": user.id,
            "so_dien_thoai": user.phone,
            "ten_dang_nhap": user.username,
            "ten_goi": user.display_name,
            "nam_sinh": user.birth_year,
            "gioi_tinh": GENDERS.get(user.gender or "", user.gender),
            "nhom_doi_tuong": TARGET_GROUPS.get(user.target_group or "", user.target_group),
            "tinh_thanh_pho": _place(user.province_code, places.province_name),
            "xa_phuong": _place(user.commune_code, places.commune_name),
            "thon_to_dan_pho": user.village_name,
            "ngay_tao": _iso(user.created_at),
            "vai_tro": [
                {"vai_tro": g.role, "pham_vi": g.scope_code, "loai_pham_vi": g.scope_kind}
                for g in sorted(user.roles, key=lambda g: g.role)
            ],
            "muc_tieu_chi": user.criterion_level,
            "diem_goi_y_chi_so_5": user.criterion_points,
        },
        "dong_y": [
            {
                "muc_dich": c.purpose,
                "ban": c.text_version,
                "noi_dung": consent.TEXTS.get(c.text_version, ""),
                "luc_dong_y": _iso(c.given_at),
                "luc_rut_lai": _iso(c.withdrawn_at),
                "nguoi_giup": c.helper_name,
            }
            for c in user.consents
        ],
        "bai_da_hoc": [
            {"module": module, "bai": lesson, "ten_bai": title, "luc": _iso(done_at)}
            for module, lesson, title, done_at in db.execute(
                select(Module.slug, Lesson.slug, LessonRevision.title, LessonProgress.done_at)
                .join(Lesson, LessonProgress.lesson_id == Lesson.id)
                .join(Module, Lesson.module_id == Module.id)
                .join(
                    LessonRevision,
                    lesson_is_current(),
                )
                .where(LessonProgress.user_id == user.id)
                .order_by(LessonProgress.done_at)
            )
        ],
        "bai_kiem_tra": [
            {
                "ma_so": attempt.id,
                "bai_kiem_tra": slug,
                "ten_bai_kiem_tra": attempt.revision.title,
                "ban": attempt.revision.number,
                "bat_dau": _iso(attempt.started_at),
                "nop_bai": _iso(attempt.submitted_at),
                "so_cau_dung": attempt.correct,
                "so_cau": attempt.total,
                "diem_phan_tram": attempt.score,
                "dat": attempt.passed,
                "cau_tra_loi": _answers_for_owner(attempt),
            }
            for attempt, slug in db.execute(
                select(Attempt, Quiz.slug)
                .join(QuizRevision, Attempt.quiz_revision_id == QuizRevision.id)
                .join(Quiz, QuizRevision.quiz_id == Quiz.id)
                .where(Attempt.user_id == user.id)
                .order_by(Attempt.started_at)
            )
        ],
        "tieu_chi": [
            {"muc": row.level, "dat_luc": _iso(row.met_at), "minh_chung": row.evidence}
            for row in db.scalars(
                select(CriterionStatus)
                .where(CriterionStatus.user_id == user.id)
                .order_by(CriterionStatus.level)
            )
        ],
        "nguoi_khac_da_xem": [
            {
                "luc": _iso(entry.at),
                "viec": ACTIONS.get(entry.action, entry.action),
                "nguoi_xem": entry.actor.display_name if entry.actor else "(tài khoản đã xoá)",
            }
            for entry in entries_about(db, user)
        ],
    }


def _iso(value) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def _place(code, name_of) -> dict | None:
    return {"ma": code, "ten": name_of(code)} if code is not None else None


def update_profile(db: Session, user: User, profile: Profile) -> None:
    tally.count(db, user, -1)  # counted again below, where the profile now puts them
    user.display_name = profile.display_name
    user.birth_year = profile.birth_year
    user.gender = profile.gender
    user.target_group = profile.target_group
    user.province_code = profile.province_code
    user.commune_code = profile.commune_code
    user.village_id, user.village = villages.resolve(
        db, profile.commune_code, profile.village_id, profile.village
    )
    tally.count(db, user, +1)


def withdraw_consent(db: Session, user: User) -> bool:
    """Withdraw every consent in force; False if there was none to withdraw."""
    now = utcnow()
    active = [c for c in user.consents if c.withdrawn_at is None]
    for record in active:
        record.withdrawn_at = now
    return bool(active)


def give_consent(db: Session, user: User) -> None:
    """Consent again, to the current text: a new record, the old ones stay as history."""
    if not has_consent(user):
        user.consents.append(
            Consent(
                purpose=consent.PURPOSE, text_version=consent.CURRENT_VERSION, given_at=utcnow()
            )
        )


def delete_account(db: Session, user: User) -> None:
    """Delete the person and everything that names them, in one transaction."""
    if has_consent(user) and user.commune_code is not None:
        _count_in_tally(db, user)
    tally.count(db, user, -1)
    _forget_typed_text(db, user)
    db.execute(update(Attempt).where(Attempt.user_id == user.id).values(user_id=None))
    db.execute(update(AuditEntry).where(AuditEntry.subject_id == user.id).values(subject_id=None))
    db.execute(update(AuditEntry).where(AuditEntry.actor_id == user.id).values(actor_id=None))
    db.execute(delete(LessonProgress).where(LessonProgress.user_id == user.id))
    db.execute(delete(CriterionStatus).where(CriterionStatus.user_id == user.id))
    db.delete(user)  # role grants and consents go with it (ORM cascade)
    db.flush()
    event.listen(db, "after_commit", lambda done: checkpoint(done.get_bind()), once=True)


def _answers_for_owner(attempt: Attempt) -> dict | None:
    """What the learner gave, as each question type lets its owner see it (a practical
    test left half-way keeps a password digest that no download should carry)."""
    if not attempt.answers:
        return attempt.answers
    quiz = quizcore.Quiz.from_dict(attempt.revision.definition)
    answers = dict(attempt.answers)
    for question in quiz.questions:
        if question.id in answers:
            answers[question.id] = kind_of(question).shown_to_owner(question, answers[question.id])
    return answers


def _forget_typed_text(db: Session, user: User) -> None:
    """Practical-test entries become {step id: right?}: the statistics keep what they
    count, and nothing the person typed survives them. Choice answers are indexes, no text.
    """
    for attempt in db.scalars(select(Attempt).where(Attempt.user_id == user.id)):
        answers = dict(attempt.answers or {})
        quiz = quizcore.Quiz.from_dict(attempt.revision.definition)
        for question in quiz.questions:
            if question.id in answers:
                answers[question.id] = kind_of(question).without_typed_text(
                    question, answers[question.id], attempt.seed
                )
        attempt.answers = answers


def _count_in_tally(db: Session, user: User) -> None:
    level = user.criterion_level or ""
    row = db.scalar(
        select(DeletedAccountTally).where(
            DeletedAccountTally.province_code == user.province_code,
            DeletedAccountTally.commune_code == user.commune_code,
            DeletedAccountTally.criterion_level == level,
        )
    )
    if row is None:
        db.add(
            DeletedAccountTally(
                province_code=user.province_code,
                commune_code=user.commune_code,
                criterion_level=level,
                accounts=1,
            )
        )
    else:
        db.execute(
            update(DeletedAccountTally)
            .where(DeletedAccountTally.id == row.id)
            .values(accounts=DeletedAccountTally.accounts + 1)
        )
