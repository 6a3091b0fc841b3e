"""The doctor directory, a doctor's free slots, a doctor's own profile, specializations."""

from __future__ import annotations

from flask import url_for

from clinic.accounts.models import UserType
from clinic.api import bp
from clinic.api.schemas import (
    DoctorOwnProfile,
    DoctorPage,
    DoctorProfileUpdate,
    DoctorQuery,
    DoctorSummary,
    FreeSlots,
    Problem,
    SlotsQuery,
    SpecializationList,
)
from clinic.api.spec import BEARER, Response, spec
from clinic.api.users import doctor_of, place_of
from clinic.auth import api_user, token_required
from clinic.doctors import queries, services
from clinic.scheduling.queries import free_slots
from clinic.timeutils import clinic_now, clinic_tz


def summary_of(doctor) -> dict:
    user = doctor.user
    image = user.profile_image
    return {
        "id": doctor.id,
        "user_id": user.id,
        "full_name": user.full_name,
        "specialization": doctor.specialization.name,
        "experience_years": doctor.experience_years,
        "consultation_fee": doctor.consultation_fee,
        "qualification": doctor.qualification,
        "bio": doctor.bio,
        "district": place_of(user.district),
        "thana": place_of(user.thana),
        "profile_image_url": url_for("accounts.media", name=image) if image else None,
        "available_timeslots": doctor.available_timeslots or {},
    }


@bp.get("/doctors/")
@spec.validate(query=DoctorQuery, resp=Response(HTTP_200=DoctorPage), tags=["doctors"])
def list_doctors(query: DoctorQuery):
    """Approved, active doctors; filter by specialization, place, fee and name; sort; page."""
    filters = queries.DirectoryFilters(**query.model_dump())
    doctors, total = queries.directory(filters)
    items = [summary_of(d) for d in doctors]
    return {"items": items, "total": total, "skip": query.skip, "limit": query.limit}


@bp.get("/doctors/<int:doctor_id>")
@spec.validate(resp=Response(HTTP_200=DoctorSummary, HTTP_404=Problem), tags=["doctors"])
def get_doctor(doctor_id: int):
    """One bookable doctor."""
    return summary_of(queries.listed_doctor(doctor_id))


@bp.get("/doctors/<int:doctor_id>/slots")
@spec.validate(
    query=SlotsQuery, resp=Response(HTTP_200=FreeSlots, HTTP_404=Problem), tags=["doctors"]
)
def doctor_slots(doctor_id: int, query: SlotsQuery):
    """The free slots of a doctor on a date (not held, not started; clinic time)."""
    doctor = queries.listed_doctor(doctor_id)
    slots = free_slots(doctor, query.date, clinic_now(), clinic_tz())
    return {"doctor_id": doctor.id, "date": query.date.isoformat(), "slots": slots}


def own_profile_of(doctor) -> dict:
    return doctor_of(doctor) | {"available_timeslots": doctor.available_timeslots or {}}


@bp.get("/doctors/me/profile")
@token_required(UserType.DOCTOR)
@spec.validate(
    resp=Response(HTTP_200=DoctorOwnProfile, HTTP_401=Problem, HTTP_403=Problem),
    tags=["doctors"],
    security=BEARER,
)
def get_own_profile():
    """The calling doctor's professional profile and weekly timetable."""
    return own_profile_of(services.own_doctor(api_user()))


@bp.put("/doctors/me/profile")
@token_required(UserType.DOCTOR)
@spec.validate(
    json=DoctorProfileUpdate,
    resp=Response(HTTP_200=DoctorOwnProfile, HTTP_401=Problem, HTTP_403=Problem),
    tags=["doctors"],
    security=BEARER,
)
def update_own_profile(json: DoctorProfileUpdate):
    """Change specialization, experience, fee, qualification, bio or the weekly timetable
    (`available_timeslots`: weekday → ["HH:MM-HH:MM", ...]). Not the licence number."""
    doctor = services.update_profile(api_user(), json.model_dump(exclude_unset=True))
    return own_profile_of(doctor)


@bp.get("/specializations")
@spec.validate(resp=Response(HTTP_200=SpecializationList), tags=["doctors"])
def list_specializations():
    """The specializations a doctor can choose (retired ones are left out)."""
    items = [
        {"id": s.id, "name": s.name, "is_active": s.is_active}
        for s in queries.active_specializations()
    ]
    return {"items": items, "total": len(items)}
