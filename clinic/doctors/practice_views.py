"""A doctor's own practice page: professional details and the weekly timetable.

The timetable is one swap target (``_timetable.html`` ↔ ``#timetable``): htmx callers get
it back re-rendered; plain form posts get a redirect, or the whole page with the error.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from clinic.accounts.forms import apply_errors
from clinic.accounts.models import UserType
from clinic.auth import role_required
from clinic.doctors import services
from clinic.doctors.forms import PracticeProfileForm, SlotForm
from clinic.doctors.models import WEEK_DISPLAY_ORDER, Doctor
from clinic.doctors.queries import active_specializations
from clinic.errors import DomainError
from clinic.htmx import hx_redirect, is_htmx, render

bp = Blueprint("practice", __name__, url_prefix="/doctor")

PAGE = "practice/profile.html"
TIMETABLE = "practice/_timetable.html"


def _user():
    return current_user._get_current_object()


def _context(doctor: Doctor, profile_form=None, slot_form=None, action=None) -> dict:
    """What the page needs; ``slot_form``/``action`` carry a refused timetable change."""
    form = profile_form or PracticeProfileForm.for_doctor(doctor)
    form.offer_specializations(active_specializations(), doctor.specialization)
    return {
        "doctor": doctor,
        "profile_form": form,
        "week": WEEK_DISPLAY_ORDER,
        "timetable": doctor.available_timeslots or {},
        "slot_form": slot_form,
        "action": action,
    }


@bp.get("/profile")
@role_required(UserType.DOCTOR)
def profile():
    return render_template(PAGE, **_context(services.own_doctor(_user())))


@bp.post("/profile")
@role_required(UserType.DOCTOR)
def update_profile():
    doctor = services.own_doctor(_user())
    form = PracticeProfileForm()
    if not form.validate_on_submit():
        return render_template(PAGE, **_context(doctor, profile_form=form)), 422
    try:
        services.update_profile(_user(), form.changes())
    except DomainError as error:
        apply_errors(form, error)
        return render_template(PAGE, **_context(doctor, profile_form=form)), 422
    flash("Your profile is saved.", "success")
    return hx_redirect(url_for("practice.profile"))


def _change_timetable(change, action: str, done: str):
    """Add or remove one slot; answer htmx with the timetable, plain posts with a page."""
    form = SlotForm()
    try:
        doctor = change(_user(), form.weekday.data, form.slot.data)
    except DomainError as error:
        apply_errors(form, error)
        doctor = services.own_doctor(_user())
        response = render(PAGE, TIMETABLE, **_context(doctor, slot_form=form, action=action))
        response.status_code = 422
        return response
    if is_htmx():
        return render(PAGE, TIMETABLE, **_context(doctor))
    flash(done, "success")
    return redirect(url_for("practice.profile"), code=303)


@bp.post("/timetable/add")
@role_required(UserType.DOCTOR)
def add_timeslot():
    return _change_timetable(services.add_timeslot, "add", "The slot is added.")


@bp.post("/timetable/remove")
@role_required(UserType.DOCTOR)
def remove_timeslot():
    return _change_timetable(services.remove_timeslot, "remove", "The slot is removed.")
