"""Commands on doctors: profile, weekly timetable, approval, specializations. Each commits."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clinic.accounts.models import User
from clinic.db_types import utcnow
from clinic.doctors import validation as doctor_rules
from clinic.doctors.models import Doctor, Specialization
from clinic.doctors.queries import get_doctor, get_specialization
from clinic.errors import Conflict, Forbidden, RuleViolation, ValidationFailed
from clinic.extensions import db
from clinic.scheduling import rules as timetable_rules

PROFILE_FIELDS = (
    "specialization",
    "experience_years",
    "consultation_fee",
    "qualification",
    "bio",
    "available_timeslots",
)


def own_doctor(user: User) -> Doctor:
    """The doctor profile of a doctor user."""
    if not user.is_doctor or user.doctor is None:
        raise Forbidden("Only doctors have a doctor profile.")
    return user.doctor


def update_profile(user: User, changes: Mapping[str, object]) -> Doctor:
    """Change the caller's own professional details and timetable. The licence number,
    approval and owner cannot change here. Removing a slot never touches appointments
    already booked in it: they keep their date and time."""
    doctor = own_doctor(user)
    refused = sorted(set(changes) - set(PROFILE_FIELDS))
    violations = [RuleViolation(name, "This field cannot be changed here.") for name in refused]
    values: dict[str, object] = {}
    checks = {
        "specialization": lambda v: doctor_rules.resolve_specialization(
            v, current=doctor.specialization
        ),
        "experience_years": doctor_rules.check_experience_years,
        "consultation_fee": doctor_rules.check_consultation_fee,
        "qualification": lambda v: doctor_rules.check_optional_text("qualification", v),
        "bio": lambda v: doctor_rules.check_optional_text("bio", v),
        "available_timeslots": timetable_rules.normalise_timetable,
    }
    for name, check in checks.items():
        if name not in changes:
            continue
        try:
            values[name] = check(changes[name])
        except ValidationFailed as failed:
            violations.extend(failed.violations)
        except RuleViolation as violation:
            violations.append(violation)
    if violations:
        raise ValidationFailed(violations)
    for name, value in values.items():
        setattr(doctor, name, value)
    db.session.commit()
    return doctor


def _edit_timetable(user: User, edit, weekday: str, slot: str) -> Doctor:
    # The rules return a new dict, so the JSON column sees the assignment as a change.
    doctor = own_doctor(user)
    doctor.available_timeslots = edit(doctor.available_timeslots or {}, weekday, slot)
    db.session.commit()
    return doctor


def add_timeslot(user: User, weekday: str, slot: str) -> Doctor:
    return _edit_timetable(user, timetable_rules.add_slot, weekday, slot)


def remove_timeslot(user: User, weekday: str, slot: str) -> Doctor:
    """Only the timetable changes; appointments booked in the slot stay as they are."""
    return _edit_timetable(user, timetable_rules.remove_slot, weekday, slot)


def set_approval(doctor_id: int, approved: bool) -> Doctor:
    """Approve a doctor (bookable from now on) or take the approval back (admins)."""
    doctor = get_doctor(doctor_id)
    doctor.is_approved = approved
    doctor.approved_at = utcnow() if approved else None
    db.session.commit()
    return doctor


def _check_name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise RuleViolation("name", "Enter a name.")
    if len(name) > 100:
        raise RuleViolation("name", "Keep the name under 100 characters.")
    return name


def _save_specialization(spec: Specialization) -> Specialization:
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict("A specialization with this name already exists.", "name") from exc
    return spec


def _name_taken(name: str, exclude_id: int | None = None) -> bool:
    query = sa.select(Specialization.id).where(sa.func.lower(Specialization.name) == name.lower())
    if exclude_id:
        query = query.where(Specialization.id != exclude_id)
    return db.session.scalar(query) is not None


def add_specialization(name: str) -> Specialization:
    name = _check_name(name)
    if _name_taken(name):
        raise Conflict("A specialization with this name already exists.", "name")
    spec = Specialization(name=name)
    db.session.add(spec)
    return _save_specialization(spec)


def rename_specialization(specialization_id: int, name: str) -> Specialization:
    spec = get_specialization(specialization_id)
    name = _check_name(name)
    if _name_taken(name, exclude_id=spec.id):
        raise Conflict("A specialization with this name already exists.", "name")
    spec.name = name
    return _save_specialization(spec)


def set_specialization_active(specialization_id: int, active: bool) -> Specialization:
    """Retire a specialization (doctors keep it; new profiles cannot choose it) or restore it."""
    spec = get_specialization(specialization_id)
    spec.is_active = active
    return _save_specialization(spec)
