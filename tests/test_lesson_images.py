"""Lesson pictures uploaded in the studio: checked by content, made small, kept in the
database, served and exported where the curriculum's own pictures are."""

import io
import re
from types import SimpleNamespace

import pytest
from PIL import Image
from sqlalchemy import func, select

from lms.content.pictures import MAX_WIDTH, PictureError, prepare_picture
from lms.models import LessonImage
from lms.publishing import export_curriculum, save_lesson
from lms.publishing.revisions import STATIC_ROOT
from lms.web import db

from .answers import TINY_PNG
from .factories import STAFF_PASSWORD, make_staff
from .people import Person, csrf_from

PAGE = "/giang-vien/bai-hoc/dien-thoai/bat-tat-may/anh"


def picture(kind: str = "PNG", size=(40, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind, **save)
    return out.getvalue()


@pytest.fixture
def trainer(app, client) -> Person:
    make_staff(app, "trainer", "giangvien")
    person = Person(client)
    assert person.log_in("giangvien", STAFF_PASSWORD).status_code == 302
    return person


def multipart(fields: dict, data: bytes, name: str) -> tuple[bytes, str]:
    """A form with one file, as bytes: the test client then keeps no temporary file open
    (it spools a big file it encodes itself, and never closes it when it goes unread)."""
    boundary = "ranh-gioi-8d1f"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="picture"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    body = b"".join(parts) + head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload(trainer: Person, data: bytes, name: str, alt: str = "Nút nguồn ở cạnh phải"):
    token = csrf_from(trainer.client.get(PAGE).get_data(as_text=True))
    body, content_type = multipart({"csrf_token": token, "alt": alt}, data, name)
    return trainer.client.post(PAGE, data=body, content_type=content_type)


def stored(app) -> list[SimpleNamespace]:
    with app.app_context():
        rows = db.session().execute(
            select(
                LessonImage.id, LessonImage.path, LessonImage.width, LessonImage.height
            ).order_by(LessonImage.id)
        )
        return [SimpleNamespace(**row._mapping) for row in rows]


def test_a_png_named_jpg_is_taken_and_shown_as_a_markdown_line(app, trainer):
    response = upload(trainer, picture("PNG"), "anh-chup.jpg")
    assert response.status_code == 302
    page = trainer.client.get(response.headers["Location"]).get_data(as_text=True)
    [image] = stored(app)
    assert re.fullmatch(r"/static/lessons/dien-thoai/bat-tat-may-[0-9a-f]{8}\.webp", image.path)
    assert f'value="![Nút nguồn ở cạnh phải]({image.path})"' in page
    served = trainer.client.get(image.path)
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert Image.open(io.BytesIO(served.data)).format == "WEBP"
    # Public like the lessons that show it.
    assert Person(app.test_client()).client.get(image.path).status_code == 200


def test_a_text_file_named_png_is_refused_naming_the_field(app, trainer):
    response = upload(trainer, b"day khong phai la anh\n" * 20, "anh.png")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ảnh không dùng được: tệp này không phải ảnh PNG, JPEG hay WebP." in html
    assert 'href="#picture"' in html  # the error summary points at the field
    assert stored(app) == []


def test_svg_is_never_uploaded(app, trainer):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'
    response = upload(trainer, svg, "hinh.png")
    assert response.status_code == 422
    assert "không nhận ảnh SVG tải lên" in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_wide_picture_comes_out_at_most_800_px_wide_without_exif(app, trainer):
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh của tôi"  # Make
    exif[0x0112] = 1
    data = picture("JPEG", (3000, 1500), exif=exif.tobytes())
    assert upload(trainer, data, "to.jpg").status_code == 302
    [image] = stored(app)
    assert (image.width, image.height) == (MAX_WIDTH, 400)
    with app.app_context():
        data = db.session().get(LessonImage, image.id).data
    out = Image.open(io.BytesIO(data))
    assert out.size == (800, 400) and not out.getexif() and "exif" not in out.info


def test_a_50_mb_body_is_refused_cleanly(app, trainer):
    response = upload(trainer, b"\0" * (50 * 1024 * 1024), "lon.png")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Ảnh quá lớn: tối đa 5 MB. Hãy chọn ảnh nhỏ hơn." in html
    assert stored(app) == []


def test_a_picture_just_over_the_limit_is_refused_on_the_form(app, trainer):
    data = TINY_PNG + b"\0" * (5 * 1024 * 1024)
    response = upload(trainer, data, "lon.png")
    assert response.status_code == 422
    assert "ảnh quá lớn: tối đa 5 MB" in response.get_data(as_text=True)


def test_a_picture_without_alt_text_is_refused(app, trainer):
    response = upload(trainer, picture(), "anh.png", alt="  ")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vui lòng mô tả ảnh." in html
    assert stored(app) == []


def test_no_file_chosen_is_refused(app, trainer):
    token = csrf_from(trainer.client.get(PAGE).get_data(as_text=True))
    response = trainer.client.post(PAGE, data={"csrf_token": token, "alt": "Ảnh"})
    assert response.status_code == 422
    assert "Vui lòng chọn một ảnh." in response.get_data(as_text=True)


def test_an_unknown_lesson_is_missing(trainer):
    assert trainer.client.get("/giang-vien/bai-hoc/dien-thoai/khong-co/anh").status_code == 404


def test_a_decompression_bomb_is_refused():
    # A 20000 × 20000 PNG compresses to a few hundred KB but would take 1.2 GB to open.
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    with pytest.raises(PictureError, match="quá nhiều điểm ảnh"):
        prepare_picture(out.getvalue())


def test_transparency_is_kept_and_webp_is_taken():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, "WEBP")
    result = prepare_picture(out.getvalue())
    assert Image.open(io.BytesIO(result.data)).mode == "RGBA"


def test_a_lesson_may_use_its_uploaded_picture_and_the_export_writes_it(app, trainer, tmp_path):
    assert upload(trainer, picture(), "anh.png").status_code == 302
    [image] = stored(app)
    with app.app_context():
        session = db.session()
        text = (
            "---\ntitle: Bật và tắt điện thoại\ndomain: giai-quyet-van-de\n---\n"
            f"Nút nguồn ở cạnh phải.\n\n![Nút nguồn]({image.path})\n"
        )
        revision = save_lesson(session, "dien-thoai", "bat-tat-may", text, publish=True)
        assert f'src="{image.path}"' in revision.html
        content = app.config["CONTENT_ROOT"]
        written = export_curriculum(session, tmp_path / "out", content / "static")
        db.commit()
        assert session.scalar(select(func.count(LessonImage.id))) == 1
    relative = image.path.removeprefix("/")
    assert relative in written
    assert (tmp_path / "out" / relative).read_bytes()[:4] == b"RIFF"
    assert not (STATIC_ROOT / image.path.removeprefix("/static/")).exists()
