"""Classes (lớp tập huấn): the list, opening one, its page, search-and-add, attendance and
progress. Every page of one class goes through :func:`my_class`: a class of another
trainer is a 404, exactly like a missing one."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, classes, places
from ..classes import attendance
from ..classes.progress import class_progress
from ..inputs import small_int
from ..models import TrainingClass
from ..web import db
from ..web.forms import keeps_input_on_stale_form
from ..web.permissions import IsTrainer, require
from . import bp
from .class_forms import ClassForm, ClassProvinceForm, parse_day

CLASS = "/lop/<int(max=2147483647):class_id>"


def my_class(class_id: int) -> TrainingClass:
    klass = classes.class_of(db.session(), current_user, class_id)
    if klass is None:
        abort(404)
    return klass


@bp.route("/lop", endpoint="classes")
@require(IsTrainer)
def classes_list():
    mine = classes.classes_of(db.session(), current_user)
    return render_template("studio/classes.html", mine=mine)


@bp.route("/lop/moi", methods=["GET", "POST"])
@require(IsTrainer)
@keeps_input_on_stale_form
def new_class():
    chosen = request.form.get("province") if request.method == "POST" else request.args.get("tinh")
    province_code = places.parse_province(chosen)
    if province_code is None:
        step = ClassProvinceForm(request.args if chosen is not None else None)
        if chosen is None:
            return render_template("studio/class_province.html", form=step)
        step.validate()
        step.tinh.errors = [_("Tỉnh, thành phố không hợp lệ. Vui lòng chọn lại.")]
        return render_template("studio/class_province.html", form=step), 422
    form = ClassForm()
    form.set_province(province_code)
    if request.method == "GET":
        form.province.data = str(province_code)
    if form.validate_on_submit():
        klass = classes.open_class(
            db.session(),
            current_user,
            classes.ClassDetails(
                name=form.name.data,
                place=form.place.data,
                starts_on=parse_day(form.starts_on.data),
                ends_on=parse_day(form.ends_on.data),
                province_code=province_code,
                commune_code=int(form.commune.data),
            ),
        )
        flash(_("Đã mở lớp “%(name)s”.", name=klass.name), "success")
        return redirect(url_for("studio.class_page", class_id=klass.id))
    status = 422 if form.errors else 200
    return render_template(
        "studio/class_new.html",
        form=form,
        province_code=province_code,
        province_name=places.province_name(province_code),
    ), status


@bp.route(CLASS)
@require(IsTrainer)
def class_page(class_id: int):
    klass = my_class(class_id)
    session = db.session()
    query = request.args.get("q", "")[:80]
    found = classes.find_learners(session, klass, query) if query else []
    return render_template(
        "studio/class.html",
        klass=klass,
        people=classes.members(session, klass),
        query=query,
        found=found,
        limit=classes.SEARCH_LIMIT,
        commune=places.commune_name(klass.commune_code),
        province=places.province_name(klass.province_code),
        commune_name=places.commune_name,
    )


@bp.route(CLASS + "/them", methods=["POST"])
@require(IsTrainer)
def class_add_member(class_id: int):
    klass = my_class(class_id)
    session = db.session()
    user_id = small_int(request.form.get("user_id"), max_digits=10)
    learner = classes.can_join(session, user_id) if user_id is not None else None
    if learner is None:
        flash(_("Không thêm được người này. Vui lòng tìm lại."), "error")
        return redirect(url_for("studio.class_page", class_id=klass.id)), 303
    if classes.add_member(session, klass, learner, "search"):
        flash(_("Đã thêm %(name)s vào lớp.", name=learner.display_name), "success")
    return redirect(url_for("studio.class_page", class_id=klass.id)), 303


@bp.route(CLASS + "/diem-danh", methods=["GET", "POST"])
@require(IsTrainer)
def class_attendance(class_id: int):
    klass = my_class(class_id)
    session = db.session()
    source = request.form if request.method == "POST" else request.args
    day_text = source.get("ngay")
    # A page load may leave the day out (today); a save must say which session it is.
    day = parse_day(day_text) if day_text or request.method == "POST" else date.today()
    problem = None
    if day is None:
        problem = _("Ngày buổi học không hợp lệ. Ví dụ: 2026-12-01.")
    elif day > date.today():
        problem = _("Chưa điểm danh được cho một ngày chưa tới.")
    if request.method == "POST" and problem is None:
        ticked = {small_int(v, max_digits=10) for v in request.form.getlist("co_mat")}
        try:
            attendance.record(session, klass, day, ticked)
        except attendance.NotMembers:
            problem = _(
                "Có người được đánh dấu không phải học viên của lớp. Vui lòng tải lại trang."
            )
        else:
            flash(
                _(
                    "Đã lưu điểm danh buổi %(day)s: %(count)s người có mặt.",
                    day=day.strftime("%d/%m/%Y"),
                    count=len(ticked),
                ),
                "success",
            )
            return redirect(
                url_for("studio.class_attendance", class_id=klass.id, ngay=day.isoformat())
            ), 303
    present = attendance.present_on(session, klass, day) if day and problem is None else set()
    return render_template(
        "studio/class_attendance.html",
        klass=klass,
        day=day if problem is None else None,
        day_text=day_text or date.today().isoformat(),
        problem=problem,
        people=classes.members(session, klass),
        present=present,
        held=attendance.sessions(session, klass),
    ), (422 if problem else 200)


@bp.route(CLASS + "/tien-do", endpoint="class_progress")
@require(IsTrainer)
def class_progress_page(class_id: int):
    klass = my_class(class_id)
    session = db.session()
    progress = class_progress(session, klass)
    # Results are personal data: logged before they are shown, as officers' views are.
    people = [row.user for row in progress.rows]
    audit.record_accesses(session, current_user, people, "view_results", where=request.path)
    return render_template("studio/class_progress.html", klass=klass, progress=progress)
