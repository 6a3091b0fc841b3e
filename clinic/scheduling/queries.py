"""Reads of appointments, each scoped to who is asking."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from clinic.doctors.models import Doctor
from clinic.extensions import db
from clinic.scheduling.models import ACTIVE_STATUSES, Appointment, AppointmentStatus


def _with_people(query):
    # One query for the list page: the doctor, their user and specialization, the patient.
    return query.options(
        joinedload(Appointment.doctor).joinedload(Doctor.user),
        joinedload(Appointment.doctor).joinedload(Doctor.specialization),
        joinedload(Appointment.patient),
    )


def upcoming_for_patient(patient_id: int, today: date, limit: int = 10) -> list[Appointment]:
    """The patient's own active appointments from ``today`` on, soonest first."""
    query = (
        sa.select(Appointment)
        .where(
            Appointment.patient_id == patient_id,
            Appointment.appointment_date >= today,
            Appointment.status.in_(ACTIVE_STATUSES),
        )
        .order_by(Appointment.appointment_date, Appointment.appointment_time)
        .limit(limit)
    )
    return list(db.session.scalars(_with_people(query)))


def day_for_doctor(doctor_id: int, day: date) -> list[Appointment]:
    """The doctor's own appointments on ``day``, in slot order."""
    query = (
        sa.select(Appointment)
        .where(Appointment.doctor_id == doctor_id, Appointment.appointment_date == day)
        .order_by(Appointment.appointment_time)
    )
    return list(db.session.scalars(_with_people(query)))


def status_counts() -> dict[AppointmentStatus, int]:
    """Every appointment by status (admins only)."""
    rows = db.session.execute(
        sa.select(Appointment.status, sa.func.count()).group_by(Appointment.status)
    )
    counts = dict.fromkeys(AppointmentStatus, 0)
    counts.update({status: n for status, n in rows})
    return counts
