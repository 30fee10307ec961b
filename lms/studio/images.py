"""Lesson pictures: a trainer uploads one, gets the Markdown line to paste into the lesson.

The site refuses bodies over 256 KB; this one page takes up to a picture's limit
(:func:`allow_picture_upload`, run before the CSRF check reads the form), and a body
announced bigger than that is answered at once with its own Vietnamese page (413),
without reading it.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..content.pictures import MAX_BYTES, MAX_WIDTH, PictureError
from ..publishing import images as pictures
from ..publishing.editing import find_lesson
from ..web import db
from ..web.forms import Form
from ..web.permissions import IsTrainer, require
from . import bp

ENDPOINT = "studio.lesson_images"
#: A picture and the form around it.
UPLOAD_REQUEST_LIMIT = MAX_BYTES + 64 * 1024
MEGABYTES = MAX_BYTES // (1024 * 1024)


class PictureForm(Form):
    picture = FileField(
        _l("Ảnh"),
        description=_l("Ảnh PNG, JPEG hoặc WebP, tối đa %(mb)d MB.", mb=MEGABYTES),
    )
    alt = StringField(
        _l("Mô tả ảnh"),
        description=_l(
            "Viết ảnh cho thấy gì, cho người không nhìn thấy ảnh. "
            "Ví dụ: Nút nguồn ở cạnh phải điện thoại."
        ),
        validators=[DataRequired(_l("Vui lòng mô tả ảnh.")), Length(max=300)],
    )


def allow_picture_upload():
    """Before every request: this page's POST may carry a picture. A body announced
    bigger than that gets this page's own answer, unread."""
    if request.method != "POST" or request.endpoint != ENDPOINT:
        return None
    if request.content_length is not None and request.content_length > UPLOAD_REQUEST_LIMIT:
        message = _("Ảnh quá lớn: tối đa %(mb)d MB. Hãy chọn ảnh nhỏ hơn.", mb=MEGABYTES)
        return render_template(
            "errors/error.html", code=413, title=_("Ảnh quá lớn"), message=message
        ), 413
    request.max_content_length = UPLOAD_REQUEST_LIMIT
    return None


@bp.route("/bai-hoc/<slug:module_slug>/<slug:lesson_slug>/anh", methods=["GET", "POST"])
@require(IsTrainer)
def lesson_images(module_slug: str, lesson_slug: str):
    session = db.session()
    lesson = find_lesson(session, module_slug, lesson_slug)
    if lesson is None:
        abort(404)
    form = PictureForm()
    status = 200
    if form.validate_on_submit():
        upload = form.picture.data
        if not upload or not getattr(upload, "filename", ""):
            form.picture.errors.append(_("Vui lòng chọn một ảnh."))
        else:
            try:
                image = pictures.save_lesson_image(
                    session, lesson, upload.read(MAX_BYTES + 1), form.alt.data, current_user
                )
            except PictureError as error:
                form.picture.errors.append(_("Ảnh không dùng được: %(why)s.", why=_(str(error))))
            else:
                flash(_("Đã lưu ảnh. Dán dòng dưới đây vào bài học."), "success")
                return redirect(
                    url_for(
                        ENDPOINT,
                        module_slug=module_slug,
                        lesson_slug=lesson_slug,
                        moi=image.id,
                    )
                )
    if request.method == "POST":
        status = 422
    images = pictures.lesson_images(session, lesson)
    return render_template(
        "studio/images.html",
        lesson=lesson,
        form=form,
        images=[(image, pictures.markdown_line(image)) for image in images],
        newest=request.args.get("moi", type=int),
        max_width=MAX_WIDTH,
    ), status
