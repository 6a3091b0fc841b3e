"""Reads of appointments and free slots, each scoped to who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from clinic.accounts.models import User, UserType
from clinic.doctors.models import Doctor
from clinic.errors import NotFound
from clinic.extensions import db
from clinic.scheduling import rules
from clinic.scheduling.models import ACTIVE_STATUSES, Appointment, AppointmentStatus


def _with_people(query):
    # The list pages show the doctor (user, specialization) and the patient: load them
    # in the same query, so the number of queries does not grow with the rows.
    return query.options(
        joinedload(Appointment.doctor).joinedload(Doctor.user),
        joinedload(Appointment.doctor).joinedload(Doctor.specialization),
        joinedload(Appointment.patient),
    )


def visible_to(user: User):
    """The condition selecting the appointments ``user`` may see."""
    if user.user_type == UserType.ADMIN:
        return sa.true()
    if user.user_type == UserType.DOCTOR:
        doctor_id = user.doctor.id if user.doctor else None
        return Appointment.doctor_id == doctor_id if doctor_id else sa.false()
    return Appointment.patient_id == user.id


@dataclass(frozen=True)
class AppointmentFilters:
    status: AppointmentStatus | None = None
    date_from: date | None = None
    date_to: date | None = None
    skip: int = 0
    limit: int = 20
    newest_first: bool = False


def appointments_for(user: User, f: AppointmentFilters) -> tuple[list[Appointment], int]:
    """A page of the appointments ``user`` may see, and how many match in all."""
    query = sa.select(Appointment).where(visible_to(user))
    if f.status:
        query = query.where(Appointment.status == f.status)
    if f.date_from:
        query = query.where(Appointment.appointment_date >= f.date_from)
    if f.date_to:
        query = query.where(Appointment.appointment_date <= f.date_to)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    order = (
        (Appointment.appointment_date.desc(), Appointment.appointment_time.desc())
        if f.newest_first
        else (Appointment.appointment_date, Appointment.appointment_time)
    )
    page = _with_people(query).order_by(*order, Appointment.id).offset(f.skip).limit(f.limit)
    return list(db.session.scalars(page)), total


def appointment_for(user: User, appointment_id: int, *, for_update: bool = False) -> Appointment:
    """One appointment ``user`` may see; NotFound otherwise (never someone else's data)."""
    query = sa.select(Appointment).where(Appointment.id == appointment_id, visible_to(user))
    if for_update:
        query = query.with_for_update()
    appointment = db.session.scalars(_with_people(query) if not for_update else query).one_or_none()
    if appointment is None:
        raise NotFound("Appointment not found.")
    return appointment


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


def _held_slots(doctor_id: int, first: date, last: date) -> dict[date, set[str]]:
    """Slots of ``doctor_id`` held by a pending or confirmed appointment, per date."""
    rows = db.session.execute(
        sa.select(Appointment.appointment_date, Appointment.appointment_time).where(
            Appointment.doctor_id == doctor_id,
            Appointment.appointment_date.between(first, last),
            Appointment.status.in_(ACTIVE_STATUSES),
        )
    )
    held: dict[date, set[str]] = {}
    for day, text in rows:
        held.setdefault(day, set()).add(text)
    return held


def _free_on(timetable: dict, day: date, held: set[str], now: datetime, tz) -> list[str]:
    """The one definition of a free slot: listed for the weekday, not held, not started."""
    return [
        text
        for text in rules.slots_on(timetable, day)
        if text not in held and not rules.has_started(day, rules.parse_slot(text), now, tz)
    ]


def first_day_with_free_slots(doctor: Doctor, days: list[date], now: datetime, tz) -> date | None:
    """The first of ``days`` on which the doctor has a free slot. One query for all days."""
    if not days:
        return None
    held = _held_slots(doctor.id, days[0], days[-1])
    timetable = doctor.available_timeslots or {}
    return next(
        (day for day in days if _free_on(timetable, day, held.get(day, set()), now, tz)), None
    )


def free_slots(doctor: Doctor, day: date, now: datetime, tz) -> list[str]:
    """The doctor's free slots on ``day``. At most one query."""
    timetable = doctor.available_timeslots or {}
    if not rules.slots_on(timetable, day):
        return []
    return _free_on(timetable, day, _held_slots(doctor.id, day, day).get(day, set()), now, tz)


def status_counts() -> dict[AppointmentStatus, int]:
    """Every appointment by status (admins only)."""
    rows = db.session.execute(
        sa.select(Appointment.status, sa.func.count()).group_by(Appointment.status)
    )
    counts = dict.fromkeys(AppointmentStatus, 0)
    counts.update({status: n for status, n in rows})
    return counts
