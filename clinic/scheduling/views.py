"""Appointments on the website: a patient's list, one appointment, the doctor's day,
and the status and notes changes (htmx swaps the row in place)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user

from clinic.accounts.models import UserType
from clinic.auth import role_required
from clinic.errors import DomainError
from clinic.htmx import hx_redirect, is_htmx, render
from clinic.scheduling import queries, rules, services
from clinic.scheduling.models import AppointmentStatus
from clinic.timeutils import clinic_today

bp = Blueprint("scheduling", __name__)

LIST_SIZE = 20
STATUS_LABELS = {
    AppointmentStatus.CONFIRMED: "Confirm",
    AppointmentStatus.COMPLETED: "Mark completed",
    AppointmentStatus.CANCELLED: "Cancel",
}


def _row_context(appointment) -> dict:
    today = clinic_today()
    return {
        "appointment": appointment,
        "actions": rules.allowed_transitions(appointment, current_user, today),
        "labels": STATUS_LABELS,
        "can_write_notes": rules.can_write_notes(appointment, current_user),
    }


@bp.get("/appointments")
@role_required()
def my_appointments():
    """Upcoming (soonest first) or past (latest first), optionally by status."""
    today = clinic_today()
    when = "past" if request.args.get("when") == "past" else "upcoming"
    raw_status = request.args.get("status") or None
    status = raw_status if raw_status in {s.value for s in AppointmentStatus} else None
    filters = queries.AppointmentFilters(
        status=AppointmentStatus(status) if status else None,
        date_from=today if when == "upcoming" else None,
        date_to=today - timedelta(days=1) if when == "past" else None,
        limit=LIST_SIZE * 5,
        newest_first=when == "past",
    )
    appointments, total = queries.appointments_for(current_user, filters)
    rows = [_row_context(a) for a in appointments]
    return render_template(
        "scheduling/my_appointments.html",
        rows=rows,
        total=total,
        when=when,
        status=status,
        statuses=list(AppointmentStatus),
    )


@bp.get("/appointments/<int:appointment_id>")
@role_required()
def appointment(appointment_id: int):
    found = queries.appointment_for(current_user, appointment_id)
    return render_template("scheduling/appointment.html", **_row_context(found))


def _after_change(appointment, message: str):
    if is_htmx():
        return render(
            "scheduling/appointment.html",
            "scheduling/_appointment_row.html",
            **_row_context(appointment),
        )
    flash(message, "success")
    target = request.form.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("scheduling.appointment", appointment_id=appointment.id)
    return hx_redirect(target)


def _error(appointment_id: int, error: DomainError):
    """Show a refused change where it was asked for: in the row (htmx) or as a message."""
    if is_htmx():
        found = queries.appointment_for(current_user, appointment_id)
        response = render(
            "scheduling/appointment.html",
            "scheduling/_appointment_row.html",
            error=error.message,
            **_row_context(found),
        )
        response.status_code = 422
        return response
    flash(error.message, "danger")
    return hx_redirect(url_for("scheduling.appointment", appointment_id=appointment_id))


@bp.post("/appointments/<int:appointment_id>/status")
@role_required()
def change_status(appointment_id: int):
    try:
        to = AppointmentStatus(request.form.get("status", ""))
        changed = services.change_status(current_user, appointment_id, to)
    except ValueError:
        return _error(appointment_id, DomainError("Choose a valid status."))
    except DomainError as error:
        if error.status_code == 404:
            raise
        return _error(appointment_id, error)
    return _after_change(changed, f"The appointment is {changed.status.value}.")


@bp.post("/appointments/<int:appointment_id>/notes")
@role_required(UserType.DOCTOR, UserType.ADMIN)
def write_notes(appointment_id: int):
    fields = {name: request.form.get(name, "") for name in services.CLINICAL_FIELDS}
    try:
        changed = services.write_clinical_notes(current_user, appointment_id, **fields)
    except DomainError as error:
        if error.status_code == 404:
            raise
        return _error(appointment_id, error)
    return _after_change(changed, "Notes saved.")


@bp.get("/doctor/day")
@role_required(UserType.DOCTOR)
def doctor_day():
    """The doctor's appointments on one date (today by default)."""
    day = request.args.get("date", type=date.fromisoformat) or clinic_today()
    doctor = current_user.doctor
    appointments = queries.day_for_doctor(doctor.id, day) if doctor else []
    return render_template(
        "scheduling/doctor_day.html",
        day=day,
        rows=[_row_context(a) for a in appointments],
        previous=day - timedelta(days=1),
        following=day + timedelta(days=1),
    )
