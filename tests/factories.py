"""Test data builders. Each adds and flushes; the test commits when it needs to."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from clinic.accounts.models import User, UserType
from clinic.accounts.passwords import hash_password
from clinic.doctors.models import Doctor, Specialization
from clinic.extensions import db
from clinic.locations.models import Thana
from clinic.scheduling.models import Appointment, AppointmentStatus

PASSWORD = "Secret123!"
_serial = itertools.count(1)


def a_thana() -> Thana:
    return db.session.scalars(sa.select(Thana).order_by(Thana.id).limit(1)).one()


def make_user(user_type: UserType = UserType.PATIENT, **fields) -> User:
    n = next(_serial)
    thana = a_thana()
    values = {
        "full_name": f"Test User {n}",
        "email": f"user{n}@example.com",
        "mobile_number": f"+88017{n:08d}",
        "password_hash": hash_password(fields.pop("password", PASSWORD)),
        "user_type": user_type,
        "division_id": thana.district.division_id,
        "district_id": thana.district_id,
        "thana_id": thana.id,
    }
    values.update(fields)
    user = User(**values)
    db.session.add(user)
    db.session.flush()
    return user


def make_specialization(name: str | None = None) -> Specialization:
    name = name or f"Specialty {next(_serial)}"
    existing = db.session.scalars(
        sa.select(Specialization).where(Specialization.name == name)
    ).one_or_none()
    if existing:
        return existing
    spec = Specialization(name=name)
    db.session.add(spec)
    db.session.flush()
    return spec


def make_doctor(approved: bool = True, **fields) -> Doctor:
    n = next(_serial)
    user = fields.pop("user", None) or make_user(UserType.DOCTOR)
    values = {
        "user": user,
        "license_number": f"LIC-{n:06d}",
        "specialization": fields.pop("specialization", None) or make_specialization("Cardiology"),
        "experience_years": 5,
        "consultation_fee": Decimal("800.00"),
        "available_timeslots": {"sunday": ["10:00-10:30", "10:30-11:00"]},
        "is_approved": approved,
    }
    values.update(fields)
    doctor = Doctor(**values)
    db.session.add(doctor)
    db.session.flush()
    return doctor


def make_appointment(
    doctor: Doctor | None = None,
    patient: User | None = None,
    day: date = date(2030, 1, 6),
    slot: str = "10:00-10:30",
    status: AppointmentStatus = AppointmentStatus.PENDING,
    **fields,
) -> Appointment:
    doctor = doctor or make_doctor()
    appointment = Appointment(
        doctor=doctor,
        patient=patient or make_user(),
        appointment_date=day,
        appointment_time=slot,
        status=status,
        fee=fields.pop("fee", doctor.consultation_fee),
        **fields,
    )
    db.session.add(appointment)
    db.session.flush()
    return appointment


def upcoming(weekday: str, min_days: int = 2) -> date:
    """The first date at least ``min_days`` ahead (clinic time) falling on ``weekday``."""
    from datetime import timedelta

    from clinic.doctors.models import weekday_name
    from clinic.timeutils import clinic_today

    day = clinic_today() + timedelta(days=min_days)
    while weekday_name(day) != weekday:
        day += timedelta(days=1)
    return day
