"""Admin actions on doctors (approval) and specializations."""

from __future__ import annotations

from pydantic import Field

from clinic.accounts.models import UserType
from clinic.api import bp
from clinic.api.doctors import own_profile_of
from clinic.api.schemas import DoctorOwnProfile, Problem, SpecializationOut, Strict
from clinic.api.spec import BEARER, Response, spec
from clinic.auth import token_required
from clinic.doctors import services
from clinic.doctors.queries import get_specialization

ERRORS = {"HTTP_401": Problem, "HTTP_403": Problem, "HTTP_404": Problem}


class SpecializationIn(Strict):
    name: str = Field(max_length=100)


class SpecializationChange(Strict):
    name: str | None = Field(default=None, max_length=100)
    is_active: bool | None = None


def _spec_out(spec_row) -> dict:
    return {"id": spec_row.id, "name": spec_row.name, "is_active": spec_row.is_active}


@bp.put("/admin/doctors/<int:doctor_id>/approve")
@token_required(UserType.ADMIN)
@spec.validate(resp=Response(HTTP_200=DoctorOwnProfile, **ERRORS), tags=["admin"], security=BEARER)
def approve_doctor(doctor_id: int):
    """Approve a doctor: patients can find and book them from now on."""
    return own_profile_of(services.set_approval(doctor_id, True))


@bp.delete("/admin/doctors/<int:doctor_id>/approve")
@token_required(UserType.ADMIN)
@spec.validate(resp=Response(HTTP_200=DoctorOwnProfile, **ERRORS), tags=["admin"], security=BEARER)
def revoke_approval(doctor_id: int):
    """Take an approval back: the doctor disappears from the directory. Existing
    appointments stay."""
    return own_profile_of(services.set_approval(doctor_id, False))


@bp.post("/admin/specializations")
@token_required(UserType.ADMIN)
@spec.validate(
    json=SpecializationIn,
    resp=Response(HTTP_201=SpecializationOut, HTTP_409=Problem, **ERRORS),
    tags=["admin"],
    security=BEARER,
)
def add_specialization(json: SpecializationIn):
    """Add a specialization."""
    return _spec_out(services.add_specialization(json.name)), 201


@bp.put("/admin/specializations/<int:specialization_id>")
@token_required(UserType.ADMIN)
@spec.validate(
    json=SpecializationChange,
    resp=Response(HTTP_200=SpecializationOut, HTTP_409=Problem, **ERRORS),
    tags=["admin"],
    security=BEARER,
)
def change_specialization(specialization_id: int, json: SpecializationChange):
    """Rename a specialization, or retire (is_active false) / restore it."""
    row = None
    if json.name is not None:
        row = services.rename_specialization(specialization_id, json.name)
    if json.is_active is not None:
        row = services.set_specialization_active(specialization_id, json.is_active)
    if row is None:
        row = get_specialization(specialization_id)
    return _spec_out(row)
