"""Commands on appointments: book, change status, write clinical notes. Each commits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clinic.accounts.models import User, UserType
from clinic.doctors.models import Doctor
from clinic.doctors.queries import bookable
from clinic.doctors.validation import check_optional_text
from clinic.errors import Conflict, Forbidden, RuleViolation
from clinic.extensions import db
from clinic.scheduling import rules
from clinic.scheduling.models import ACTIVE_STATUSES, Appointment, AppointmentStatus
from clinic.scheduling.queries import appointment_for
from clinic.timeutils import clinic_now, clinic_tz

# How far ahead a patient may book.
BOOKING_HORIZON = timedelta(days=90)
CLINICAL_FIELDS = ("doctor_notes", "prescription", "diagnosis")


def _bookable_doctor(doctor_id: int) -> Doctor:
    doctor = db.session.scalars(
        sa.select(Doctor).join(Doctor.user).where(Doctor.id == doctor_id, bookable())
    ).one_or_none()
    if doctor is None:
        raise RuleViolation("doctor_id", "There is no doctor taking appointments with this id.")
    return doctor


def _check_patient_is_free(patient_id: int, day: date, slot: rules.Slot) -> None:
    """The same patient cannot hold two active appointments at overlapping times."""
    taken = db.session.scalars(
        sa.select(Appointment.appointment_time).where(
            Appointment.patient_id == patient_id,
            Appointment.appointment_date == day,
            Appointment.status.in_(ACTIVE_STATUSES),
        )
    )
    for text in taken:
        other = rules.parse_slot(text)
        if other.start < slot.end and slot.start < other.end:
            raise Conflict(
                f"You already have an appointment at {text} on this date.", "appointment_time"
            )


def book_appointment(
    patient: User,
    *,
    doctor_id: int,
    appointment_date: date,
    appointment_time: str,
    symptoms: str | None = None,
    notes: str | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Book a free slot for ``patient``. Double booking is refused by the partial unique
    index even under concurrency; the loser gets a Conflict."""
    if patient.user_type != UserType.PATIENT:
        raise Forbidden("Only patients can book appointments.")
    now = now or clinic_now()
    tz = clinic_tz()
    today = now.astimezone(tz).date()
    doctor = _bookable_doctor(doctor_id)
    slot = rules.parse_slot(appointment_time)
    if appointment_date < today:
        raise RuleViolation("appointment_date", "That date is in the past.")
    if appointment_date > today + BOOKING_HORIZON:
        raise RuleViolation(
            "appointment_date",
            f"Appointments can be booked up to {BOOKING_HORIZON.days} days ahead.",
        )
    if str(slot) not in rules.slots_on(doctor.available_timeslots or {}, appointment_date):
        raise RuleViolation(
            "appointment_time",
            f"The doctor does not see patients at {slot} on {appointment_date:%A}s.",
        )
    if rules.has_started(appointment_date, slot, now, tz):
        raise RuleViolation("appointment_time", "That slot has already started.")
    symptoms = check_optional_text("symptoms", symptoms)
    notes = check_optional_text("notes", notes)
    _check_patient_is_free(patient.id, appointment_date, slot)

    appointment = Appointment(
        patient_id=patient.id,
        doctor_id=doctor.id,
        appointment_date=appointment_date,
        appointment_time=str(slot),
        status=AppointmentStatus.PENDING,
        fee=doctor.consultation_fee,
        symptoms=symptoms,
        notes=notes,
    )
    db.session.add(appointment)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict(
            "Sorry, this slot has just been taken. Please choose another.", "appointment_time"
        ) from exc
    return appointment


def _clinical_changes(appointment: Appointment, user: User, values: dict) -> dict:
    changes = {name: values[name] for name in CLINICAL_FIELDS if values.get(name) is not None}
    if changes and not rules.can_write_notes(appointment, user):
        raise Forbidden(
            "Only the appointment's doctor can write notes, prescription and diagnosis."
        )
    return {name: check_optional_text(name, value, 5000) for name, value in changes.items()}


def change_status(
    user: User, appointment_id: int, to: AppointmentStatus, today: date | None = None, **notes
) -> Appointment:
    """Move an appointment along the workflow (rules.TRANSITIONS); the doctor may write
    notes, prescription and diagnosis in the same step."""
    appointment = appointment_for(user, appointment_id, for_update=True)
    rules.check_transition(appointment, user, AppointmentStatus(to), today or clinic_now().date())
    changes = _clinical_changes(appointment, user, notes)
    appointment.status = AppointmentStatus(to)
    for name, value in changes.items():
        setattr(appointment, name, value)
    db.session.commit()
    return appointment


def write_clinical_notes(user: User, appointment_id: int, **notes) -> Appointment:
    """The doctor's notes, prescription and diagnosis, without a status change."""
    appointment = appointment_for(user, appointment_id, for_update=True)
    if not rules.can_write_notes(appointment, user):
        raise Forbidden(
            "Only the appointment's doctor can write notes, prescription and diagnosis."
        )
    for name in CLINICAL_FIELDS:
        if name in notes:
            setattr(appointment, name, check_optional_text(name, notes[name], 5000))
    db.session.commit()
    return appointment
