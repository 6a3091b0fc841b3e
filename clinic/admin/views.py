"""Admin pages: doctors awaiting approval, and the specializations doctors choose from.

Each row action answers htmx callers with the re-rendered row and everyone else with a
flash and a redirect back to the page, so the pages work with JavaScript off.
"""

from __future__ import annotations

from flask import Blueprint, flash, make_response, render_template, request, url_for

from clinic.accounts.forms import apply_errors
from clinic.accounts.models import UserType
from clinic.admin.forms import SpecializationForm
from clinic.auth import role_required
from clinic.doctors import queries, services
from clinic.errors import Conflict, RuleViolation
from clinic.htmx import hx_redirect, is_htmx

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _row_or_back(partial: str, endpoint: str, message: str, **context):
    """The re-rendered row for htmx callers; a flash and a 303 back to the page otherwise."""
    if is_htmx():
        response = make_response(render_template(partial, **context))
    else:
        flash(message, "success")
        response = hx_redirect(url_for(endpoint))
    response.vary.add("HX-Request")
    return response


# --- doctors -----------------------------------------------------------------------


@bp.get("/doctors")
@role_required(UserType.ADMIN)
def doctors():
    return render_template(
        "admin/doctors.html",
        awaiting=queries.doctors_by_approval(False),
        approved=queries.doctors_by_approval(True),
    )


def _set_approval(doctor_id: int, approved: bool):
    doctor = services.set_approval(doctor_id, approved)
    verb = "approved; patients can book them now" if approved else "no longer approved"
    message = f"{doctor.user.full_name} is {verb}."
    return _row_or_back("admin/_doctor_row.html", "admin.doctors", message, doctor=doctor)


@bp.post("/doctors/<int:doctor_id>/approve")
@role_required(UserType.ADMIN)
def approve_doctor(doctor_id: int):
    return _set_approval(doctor_id, True)


@bp.post("/doctors/<int:doctor_id>/revoke")
@role_required(UserType.ADMIN)
def revoke_doctor(doctor_id: int):
    return _set_approval(doctor_id, False)


# --- specializations ---------------------------------------------------------------


def _specializations_page(form=None, rename_error=None, status: int = 200):
    html = render_template(
        "admin/specializations.html",
        form=form or SpecializationForm(formdata=None),
        specializations=queries.all_specializations(),
        rename_error=rename_error,
    )
    return html, status


@bp.get("/specializations")
@role_required(UserType.ADMIN)
def specializations():
    return _specializations_page()


@bp.post("/specializations")
@role_required(UserType.ADMIN)
def add_specialization():
    form = SpecializationForm()
    if not form.validate_on_submit():
        return _specializations_page(form, status=422)
    try:
        spec = services.add_specialization(form.name.data)
    except (RuleViolation, Conflict) as error:
        apply_errors(form, error)
        return _specializations_page(form, status=422)
    flash(f"{spec.name} is added.", "success")
    return hx_redirect(url_for("admin.specializations"))


@bp.post("/specializations/<int:specialization_id>/rename")
@role_required(UserType.ADMIN)
def rename_specialization(specialization_id: int):
    name = request.form.get("name", "")
    try:
        spec = services.rename_specialization(specialization_id, name)
    except (RuleViolation, Conflict) as error:
        return _rename_refused(specialization_id, name, error.message)
    message = f"Renamed to {spec.name}."
    return _row_or_back("admin/_specialization_row.html", "admin.specializations", message, s=spec)


def _rename_refused(specialization_id: int, name: str, message: str):
    """The row (htmx) or the page with the typed name and the reason next to it, as 422."""
    rename_error = {"id": specialization_id, "name": name, "message": message}
    if is_htmx():
        spec = queries.get_specialization(specialization_id)
        html = render_template("admin/_specialization_row.html", s=spec, rename_error=rename_error)
        response = make_response(html, 422)
    else:
        response = make_response(*_specializations_page(rename_error=rename_error, status=422))
    response.vary.add("HX-Request")
    return response


def _set_active(specialization_id: int, active: bool):
    spec = services.set_specialization_active(specialization_id, active)
    message = f"{spec.name} is {'restored' if active else 'retired'}."
    return _row_or_back("admin/_specialization_row.html", "admin.specializations", message, s=spec)


@bp.post("/specializations/<int:specialization_id>/retire")
@role_required(UserType.ADMIN)
def retire_specialization(specialization_id: int):
    return _set_active(specialization_id, False)


@bp.post("/specializations/<int:specialization_id>/restore")
@role_required(UserType.ADMIN)
def restore_specialization(specialization_id: int):
    return _set_active(specialization_id, True)
