"""Pictures trainers upload with a lesson: the database keeps them, like the lesson text.

Served at their site path (``/static/lessons/<module>/<name>``, by lms.learn) and written
to the same path by ``lms content export``, exactly like the pictures the curriculum
ships in files; the bytes are the re-encoded picture (lms.content.pictures), never the
upload as sent.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class LessonImage(Base):
    __tablename__ = "lesson_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    # Chosen by the server, never by the uploader: /static/lessons/<module>/<name>.webp
    path: Mapped[str] = mapped_column(String(300), unique=True)
    media_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]
    alt: Mapped[str] = mapped_column(String(300))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
