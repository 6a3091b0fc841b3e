"""Rules for a doctor's professional fields, shared by registration and profile editing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from clinic.doctors.models import Doctor, Specialization
from clinic.errors import Conflict, RuleViolation
from clinic.extensions import db

MAX_FEE = Decimal("99999999.99")  # NUMERIC(10, 2)
MAX_TEXT = 2000


def check_license_number(value: str | None, *, exclude_doctor_id: int | None = None) -> str:
    value = " ".join((value or "").split()).upper()
    if not value:
        raise RuleViolation("license_number", "Enter your BMDC registration (licence) number.")
    if len(value) > 50:
        raise RuleViolation("license_number", "Licence number must be at most 50 characters.")
    query = sa.select(Doctor.id).where(Doctor.license_number == value)
    if exclude_doctor_id is not None:
        query = query.where(Doctor.id != exclude_doctor_id)
    if db.session.scalar(query) is not None:
        raise Conflict("A doctor with this licence number is already registered.", "license_number")
    return value


def resolve_specialization(name: str | None, *, current: Specialization | None = None):
    """The active specialization called ``name`` (a retired one only if it is ``current``)."""
    name = (name or "").strip()
    if not name:
        raise RuleViolation("specialization", "Choose a specialization.")
    spec = db.session.scalars(
        sa.select(Specialization).where(sa.func.lower(Specialization.name) == name.lower())
    ).one_or_none()
    if spec is None or (not spec.is_active and spec is not current):
        raise RuleViolation("specialization", f"Unknown specialization: {name}.")
    return spec


def check_experience_years(value) -> int:
    try:
        years = int(value)
    except (TypeError, ValueError):
        raise RuleViolation("experience_years", "Enter your years of experience.") from None
    if isinstance(value, float) and not value.is_integer():
        raise RuleViolation("experience_years", "Years of experience must be a whole number.")
    if not 0 <= years <= 60:
        raise RuleViolation("experience_years", "Years of experience must be between 0 and 60.")
    return years


def check_consultation_fee(value) -> Decimal:
    try:
        fee = Decimal(str(value)) if value is not None and value != "" else None
    except InvalidOperation:
        fee = None
    if fee is None or not fee.is_finite():
        raise RuleViolation("consultation_fee", "Enter the consultation fee in taka.")
    if fee <= 0:
        raise RuleViolation("consultation_fee", "The consultation fee must be more than 0.")
    if fee > MAX_FEE or fee != fee.quantize(Decimal("0.01")):
        raise RuleViolation(
            "consultation_fee", "Enter the fee in taka with at most two decimal places."
        )
    return fee.quantize(Decimal("0.01"))


def check_optional_text(field: str, value: str | None, limit: int = MAX_TEXT) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise RuleViolation(field, f"Keep this under {limit} characters.")
    return value or None
