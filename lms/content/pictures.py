"""Lesson pictures uploaded by trainers: checked by content and made small. Pure Python
(Pillow), no Flask or database.

A picture is accepted only when Pillow reads it as PNG, JPEG or WebP, whatever its name
says; SVG is never accepted (it can carry scripts: SVG comes only from the repository).
It is then re-encoded, which drops EXIF and anything else the file carried: turned
upright by its EXIF orientation, at most ``MAX_WIDTH`` pixels wide, as WebP, so a lesson
stays within its budget on 3G.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

#: Largest upload accepted, in bytes.
MAX_BYTES = 5 * 1024 * 1024
#: Widest picture stored, in pixels (a phone screen at 2× is ~720 px).
MAX_WIDTH = 800
#: More pixels than this is a decompression bomb, not a photo (a 48 MP phone photo fits).
MAX_PIXELS = 50_000_000
FORMATS = {"PNG", "JPEG", "WEBP"}
WEBP_QUALITY = 80


def N_(text: str) -> str:
    """Marks a message for the catalogue; the studio translates it where it is shown."""
    return text


class PictureError(ValueError):
    """The upload is not a picture we take; the message says why, in Vietnamese."""


TOO_MANY_PIXELS = N_("ảnh có quá nhiều điểm ảnh; hãy chụp hoặc lưu nhỏ hơn")


@dataclass(frozen=True)
class Picture:
    data: bytes
    media_type: str
    suffix: str
    width: int
    height: int


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and (b"<svg" in head or b"<?xml" in head or b"<!doctype" in head)


def prepare_picture(data: bytes) -> Picture:
    """The upload re-encoded for a lesson, or :class:`PictureError`."""
    if len(data) > MAX_BYTES:
        raise PictureError(N_("ảnh quá lớn: tối đa 5 MB"))  # MAX_BYTES
    if not data:
        raise PictureError(N_("tệp trống, hãy chọn một ảnh"))
    if _looks_like_svg(data):
        raise PictureError(
            N_(
                "không nhận ảnh SVG tải lên; hãy dùng ảnh PNG, JPEG hoặc WebP "
                "(SVG chỉ được thêm vào kho nội dung)"
            )
        )
    not_a_picture = PictureError(N_("tệp này không phải ảnh PNG, JPEG hay WebP"))
    with warnings.catch_warnings():
        # Pillow warns (then errors) on huge images; here any such image is refused.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise not_a_picture
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise PictureError(TOO_MANY_PIXELS)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return _reencode(image)
        except PictureError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise PictureError(TOO_MANY_PIXELS) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise not_a_picture from error


def _reencode(image: Image.Image) -> Picture:
    image = ImageOps.exif_transpose(image)
    image = image.convert(
        "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
    )
    if image.width > MAX_WIDTH:
        height = max(1, round(image.height * MAX_WIDTH / image.width))
        image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= or icc_profile= passed: nothing of the original file's metadata is kept.
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return Picture(out.getvalue(), "image/webp", ".webp", image.width, image.height)
