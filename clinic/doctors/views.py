"""The public doctor directory, a doctor's page with the slot picker, and booking."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from clinic.accounts.forms import apply_errors
from clinic.accounts.models import UserType
from clinic.auth import role_required
from clinic.doctors import queries
from clinic.doctors.directory_forms import BookingForm, DirectoryForm
from clinic.errors import DomainError, RuleViolation
from clinic.htmx import hx_redirect, is_htmx, render
from clinic.locations.views import fill_location_choices
from clinic.scheduling.queries import first_day_with_free_slots, free_slots
from clinic.scheduling.services import book_appointment
from clinic.timeutils import clinic_now, clinic_today, clinic_tz

bp = Blueprint("doctors", __name__, url_prefix="/doctors")

PAGE_SIZE = 10
QUICK_PICK_DAYS = 14


def _filters(form: DirectoryForm) -> queries.DirectoryFilters:
    page = form.page.data or 1
    return queries.DirectoryFilters(
        specialization=form.specialization.data or None,
        division_id=form.division_id.data,
        district_id=form.district_id.data,
        thana_id=form.thana_id.data,
        fee_min=form.fee_min.data,
        fee_max=form.fee_max.data,
        name=form.name.data,
        sort=form.sort.data or "name",
        skip=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )


@bp.get("/")
def directory():
    """Find a doctor. The htmx search swaps #doctor-results and pushes the URL; the same
    URL fetched directly renders the whole page."""
    form = DirectoryForm(request.args)
    fill_location_choices(form)
    names = [s.name for s in queries.active_specializations()]
    form.specialization.choices = [SelectChoice("", "Any specialization")] + [
        SelectChoice(name, name) for name in names
    ]
    # ?specialization=cardiology selects "Cardiology", so the next search keeps the filter.
    wanted = (form.specialization.data or "").lower()
    form.specialization.data = next(
        (n for n in names if n.lower() == wanted), form.specialization.data
    )
    doctors, total, status = [], 0, 200
    if form.validate():
        try:
            doctors, total = queries.directory(_filters(form))
        except DomainError as error:
            apply_errors(form, error)
            status = 422
    else:
        status = 422
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    response = render(
        "doctors/directory.html",
        "doctors/_doctor_results.html",
        form=form,
        doctors=doctors,
        total=total,
        page_number=form.page.data or 1,
        pages=max(1, -(-total // PAGE_SIZE)),
        args=args,
    )
    response.status_code = status
    return response


def _picker_context(doctor, day: date | None) -> dict:
    """Without a chosen date, open on the first of the next 14 days that has a free slot."""
    today = clinic_today()
    quick_days = [today + timedelta(days=n) for n in range(QUICK_PICK_DAYS)]
    now, tz = clinic_now(), clinic_tz()
    day = day or first_day_with_free_slots(doctor, quick_days, now, tz) or today
    return {
        "doctor": doctor,
        "day": day,
        "today": today,
        "quick_days": quick_days,
        "slots": free_slots(doctor, day, now, tz) if day >= today else [],
    }


@bp.get("/<int:doctor_id>")
def doctor_page(doctor_id: int):
    doctor = queries.listed_doctor(doctor_id)
    day = request.args.get("date", type=date.fromisoformat)
    return render_template("doctors/doctor.html", **_picker_context(doctor, day))


@bp.get("/<int:doctor_id>/slot-picker")
def slot_picker(doctor_id: int):
    """The free slots of one date (the #slot-picker partial)."""
    doctor = queries.listed_doctor(doctor_id)
    day = request.args.get("date", type=date.fromisoformat)
    if not is_htmx():
        return hx_redirect(url_for("doctors.doctor_page", doctor_id=doctor.id, date=day))
    return render(
        "doctors/doctor.html", "doctors/_slot_picker.html", **_picker_context(doctor, day)
    )


def _booking_page(doctor, form, status=200):
    html = render_template("doctors/book.html", doctor=doctor, form=form)
    return html, status


@bp.route("/<int:doctor_id>/book", methods=["GET", "POST"])
@role_required(UserType.PATIENT)
def book(doctor_id: int):
    doctor = queries.listed_doctor(doctor_id)
    if request.method == "GET":
        form = BookingForm(
            formdata=None,
            appointment_date=request.args.get("date", ""),
            appointment_time=request.args.get("slot", ""),
        )
        return _booking_page(doctor, form)
    form = BookingForm()
    if not form.validate_on_submit():
        return _booking_page(doctor, form, 422)
    try:
        appointment = book_appointment(
            current_user,
            doctor_id=doctor.id,
            appointment_date=_parse_date(form.appointment_date.data),
            appointment_time=form.appointment_time.data,
            symptoms=form.symptoms.data,
            notes=form.notes.data,
        )
    except DomainError as error:
        apply_errors(form, error)
        return _booking_page(doctor, form, error.status_code)
    flash("Your appointment is booked. The doctor will confirm it.", "success")
    return hx_redirect(url_for("scheduling.appointment", appointment_id=appointment.id))


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RuleViolation("appointment_date", "Choose a date from the calendar.") from None
