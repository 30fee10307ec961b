"""Lesson pictures uploaded in the studio: stored in the database, the master copy.

A picture gets a name chosen here (the lesson's slug and a random part), under the
lesson's module: ``/static/lessons/<module>/<lesson>-<random>.webp``, the same place
and form as pictures that ship in files, so the lesson's Markdown, the learner's page
(lms.learn serves both) and ``lms content export`` treat them alike. Nothing commits.
"""

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content.pictures import Picture, prepare_picture
from ..models import Lesson, LessonImage, Module, User

PREFIX = "/static/lessons/"


def save_lesson_image(
    db: Session, lesson: Lesson, data: bytes, alt: str, author: User | None = None
) -> LessonImage:
    """Check, re-encode and store an upload for ``lesson``. Raises
    :class:`lms.content.pictures.PictureError` (nothing stored) when it is not a picture."""
    alt = " ".join(alt.split())
    if not alt:
        raise ValueError("alt text is required")
    picture: Picture = prepare_picture(data)
    module = db.get(Module, lesson.module_id)
    path = f"{PREFIX}{module.slug}/{lesson.slug}-{secrets.token_hex(4)}{picture.suffix}"
    image = LessonImage(
        lesson_id=lesson.id,
        path=path,
        media_type=picture.media_type,
        width=picture.width,
        height=picture.height,
        size=len(picture.data),
        alt=alt,
        data=picture.data,
        author_id=author.id if author is not None else None,
    )
    with db.begin_nested():  # a name drawn twice (1 in 4 billion) fails alone
        db.add(image)
    return image


def lesson_images(db: Session, lesson: Lesson) -> list[LessonImage]:
    return list(
        db.scalars(
            select(LessonImage)
            .where(LessonImage.lesson_id == lesson.id)
            .order_by(LessonImage.id.desc())
        )
    )


def stored_image(db: Session, path: str) -> tuple[bytes, str] | None:
    """The bytes and media type of an uploaded picture by its site path, if there is one."""
    row = db.execute(
        select(LessonImage.data, LessonImage.media_type).where(LessonImage.path == path)
    ).first()
    return (row[0], row[1]) if row else None


def uploaded_paths(db: Session, paths) -> set[str]:
    """Which of these site paths are uploaded pictures (a lesson may use them)."""
    wanted = [p for p in paths if p.startswith(PREFIX)]
    if not wanted:
        return set()
    return set(db.scalars(select(LessonImage.path).where(LessonImage.path.in_(wanted))))


def markdown_line(image: LessonImage) -> str:
    """What a trainer pastes into the lesson to show the picture."""
    alt = image.alt.replace("[", "(").replace("]", ")")
    return f"![{alt}]({image.path})"
