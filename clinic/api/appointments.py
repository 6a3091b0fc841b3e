"""Booking and following appointments. Patients see theirs, doctors theirs, admins all;
anyone else gets 404."""

from __future__ import annotations

from clinic.accounts.models import UserType
from clinic.api import bp
from clinic.api.schemas import (
    AppointmentOut,
    AppointmentPage,
    AppointmentQuery,
    BookingRequest,
    ClinicalNotes,
    Problem,
    StatusChange,
)
from clinic.api.spec import BEARER, Response, spec
from clinic.auth import api_user, token_required
from clinic.scheduling import queries, rules, services
from clinic.scheduling.models import AppointmentStatus
from clinic.timeutils import clinic_today

ERRORS = {"HTTP_401": Problem, "HTTP_403": Problem, "HTTP_404": Problem, "HTTP_409": Problem}


def appointment_of(appointment, user, today) -> dict:
    doctor = appointment.doctor
    return {
        "id": appointment.id,
        "doctor": {
            "id": doctor.id,
            "full_name": doctor.user.full_name,
            "specialization": doctor.specialization.name,
        },
        "patient": {"id": appointment.patient.id, "full_name": appointment.patient.full_name},
        "appointment_date": appointment.appointment_date.isoformat(),
        "appointment_time": appointment.appointment_time,
        "status": appointment.status.value,
        "fee": appointment.fee,
        "symptoms": appointment.symptoms,
        "notes": appointment.notes,
        "doctor_notes": appointment.doctor_notes,
        "prescription": appointment.prescription,
        "diagnosis": appointment.diagnosis,
        "allowed_transitions": [
            s.value for s in rules.allowed_transitions(appointment, user, today)
        ],
        "created_at": appointment.created_at,
        "updated_at": appointment.updated_at,
    }


@bp.post("/appointments/")
@token_required(UserType.PATIENT)
@spec.validate(
    json=BookingRequest,
    resp=Response(HTTP_201=AppointmentOut, **ERRORS),
    tags=["appointments"],
    security=BEARER,
)
def book(json: BookingRequest):
    """Book a free slot (patients). 409 when the slot was taken first."""
    user = api_user()
    appointment = services.book_appointment(user, **json.model_dump())
    return appointment_of(appointment, user, clinic_today()), 201


@bp.get("/appointments/")
@token_required()
@spec.validate(
    query=AppointmentQuery,
    resp=Response(HTTP_200=AppointmentPage, **ERRORS),
    tags=["appointments"],
    security=BEARER,
)
def list_appointments(query: AppointmentQuery):
    """The caller's appointments (all of them for admins), soonest first."""
    user = api_user()
    filters = queries.AppointmentFilters(
        status=AppointmentStatus(query.status) if query.status else None,
        date_from=query.date_from,
        date_to=query.date_to,
        skip=query.skip,
        limit=query.limit,
    )
    rows, total = queries.appointments_for(user, filters)
    today = clinic_today()
    items = [appointment_of(a, user, today) for a in rows]
    return {"items": items, "total": total, "skip": query.skip, "limit": query.limit}


@bp.get("/appointments/<int:appointment_id>")
@token_required()
@spec.validate(
    resp=Response(HTTP_200=AppointmentOut, **ERRORS), tags=["appointments"], security=BEARER
)
def get_appointment(appointment_id: int):
    """One appointment of the caller's."""
    user = api_user()
    return appointment_of(queries.appointment_for(user, appointment_id), user, clinic_today())


@bp.put("/appointments/<int:appointment_id>/status")
@token_required()
@spec.validate(
    json=StatusChange,
    resp=Response(HTTP_200=AppointmentOut, **ERRORS),
    tags=["appointments"],
    security=BEARER,
)
def change_status(appointment_id: int, json: StatusChange):
    """Confirm, complete or cancel; the doctor may add notes, prescription and diagnosis."""
    user = api_user()
    body = json.model_dump()
    to = AppointmentStatus(body.pop("status"))
    appointment = services.change_status(user, appointment_id, to, **body)
    return appointment_of(appointment, user, clinic_today())


@bp.put("/appointments/<int:appointment_id>/notes")
@token_required()
@spec.validate(
    json=ClinicalNotes,
    resp=Response(HTTP_200=AppointmentOut, **ERRORS),
    tags=["appointments"],
    security=BEARER,
)
def write_notes(appointment_id: int, json: ClinicalNotes):
    """The doctor's notes, prescription and diagnosis (e.g. after completing)."""
    user = api_user()
    appointment = services.write_clinical_notes(
        user, appointment_id, **json.model_dump(exclude_unset=True)
    )
    return appointment_of(appointment, user, clinic_today())
