"""Commands on accounts. Each validates with the rules in ``validation`` (and the doctor
rules for doctors), writes, and commits, so web and API behave the same."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from clinic.accounts import validation
from clinic.accounts.images import delete_stored_image, store_profile_image
from clinic.accounts.models import User, UserType
from clinic.accounts.passwords import dummy_verify, hash_password, needs_rehash, verify_password
from clinic.db_types import utcnow
from clinic.doctors import validation as doctor_rules
from clinic.doctors.models import Doctor
from clinic.errors import Conflict, RuleViolation, ValidationFailed
from clinic.extensions import db
from clinic.locations.queries import check_location

SELF_REGISTERED_TYPES = (UserType.PATIENT, UserType.DOCTOR)


class _Checks:
    """Runs several field checks and raises every failure together."""

    def __init__(self) -> None:
        self.violations: list[RuleViolation] = []

    def run(self, check: Callable, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except RuleViolation as violation:
            self.violations.append(violation)
            return None

    def raise_if_any(self) -> None:
        if self.violations:
            raise ValidationFailed(self.violations)


def _check_user_type(value) -> UserType:
    try:
        user_type = UserType(value)
    except ValueError:
        user_type = None
    if user_type not in SELF_REGISTERED_TYPES:
        raise RuleViolation("user_type", "Register as a patient or as a doctor.")
    return user_type


def ensure_unique_contact(email: str, mobile: str, *, exclude_user_id: int | None = None) -> None:
    """Conflict when another account already uses this email or mobile number."""
    query = sa.select(User.email, User.mobile_number).where(
        sa.or_(User.email == email, User.mobile_number == mobile)
    )
    if exclude_user_id is not None:
        query = query.where(User.id != exclude_user_id)
    for taken_email, taken_mobile in db.session.execute(query):
        if taken_email == email:
            raise Conflict("An account with this email already exists.", "email")
        if taken_mobile == mobile:
            raise Conflict("An account with this mobile number already exists.", "mobile_number")


@dataclass(frozen=True)
class DoctorFields:
    """A doctor's professional details as plain values (from a form or a JSON body)."""

    license_number: str | None = None
    specialization: str | None = None
    experience_years: object = None
    consultation_fee: object = None
    qualification: str | None = None
    bio: str | None = None


def _checked_doctor_fields(checks: _Checks, fields: DoctorFields) -> dict:
    return {
        "specialization": checks.run(doctor_rules.resolve_specialization, fields.specialization),
        "experience_years": checks.run(
            doctor_rules.check_experience_years, fields.experience_years
        ),
        "consultation_fee": checks.run(
            doctor_rules.check_consultation_fee, fields.consultation_fee
        ),
        "qualification": checks.run(
            doctor_rules.check_optional_text, "qualification", fields.qualification
        ),
        "bio": checks.run(doctor_rules.check_optional_text, "bio", fields.bio),
    }


def _flush_or_conflict() -> None:
    """Flush; a unique index that fires here (a concurrent duplicate) becomes a Conflict."""
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict("That email, mobile number or licence is already registered.") from exc


def register_user(
    *,
    full_name: str,
    email: str,
    mobile_number: str,
    password: str,
    user_type: str,
    division_id: int | None,
    district_id: int | None,
    thana_id: int | None,
    address: str | None = None,
    doctor: DoctorFields | None = None,
) -> User:
    """Sign-up for patients and doctors (never admins). Doctors start unapproved. Commits."""
    checks = _Checks()
    user_type = checks.run(_check_user_type, user_type)
    values = {
        "full_name": checks.run(validation.check_full_name, full_name),
        "email": checks.run(validation.normalise_email, email),
        "mobile_number": checks.run(validation.normalise_mobile, mobile_number),
        "address": checks.run(doctor_rules.check_optional_text, "address", address, 500),
    }
    checks.run(validation.check_password_strength, password)
    checks.run(check_location, division_id, district_id, thana_id)
    doctor_values = None
    if user_type == UserType.DOCTOR:
        doctor = doctor or DoctorFields()
        doctor_values = _checked_doctor_fields(checks, doctor)
        doctor_values["license_number"] = checks.run(
            doctor_rules.check_license_number, doctor.license_number
        )
    checks.raise_if_any()
    ensure_unique_contact(values["email"], values["mobile_number"])

    user = User(
        **values,
        password_hash=hash_password(password),
        user_type=user_type,
        division_id=division_id,
        district_id=district_id,
        thana_id=thana_id,
    )
    db.session.add(user)
    if doctor_values is not None:
        db.session.add(Doctor(user=user, available_timeslots={}, **doctor_values))
    _flush_or_conflict()
    db.session.commit()
    return user


def create_admin(*, full_name: str, email: str, mobile_number: str, password: str) -> User:
    """An administrator (CLI or another admin only). Commits."""
    checks = _Checks()
    values = {
        "full_name": checks.run(validation.check_full_name, full_name),
        "email": checks.run(validation.normalise_email, email),
        "mobile_number": checks.run(validation.normalise_mobile, mobile_number),
    }
    checks.run(validation.check_password_strength, password)
    checks.raise_if_any()
    ensure_unique_contact(values["email"], values["mobile_number"])
    user = User(**values, password_hash=hash_password(password), user_type=UserType.ADMIN)
    db.session.add(user)
    _flush_or_conflict()
    db.session.commit()
    return user


PROFILE_FIELDS = ("full_name", "mobile_number", "address", "division_id", "district_id", "thana_id")


def update_profile(user: User, changes: Mapping[str, object]) -> User:
    """Change the caller's own name, mobile, address and location. Anything else in
    ``changes`` (role, status, email) is refused, never applied. Commits."""
    unknown = sorted(set(changes) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationFailed(
            [RuleViolation(name, "This field cannot be changed here.") for name in unknown]
        )
    checks = _Checks()
    values: dict[str, object] = {}
    if "full_name" in changes:
        values["full_name"] = checks.run(validation.check_full_name, changes["full_name"])
    if "mobile_number" in changes:
        values["mobile_number"] = checks.run(validation.normalise_mobile, changes["mobile_number"])
    if "address" in changes:
        values["address"] = checks.run(
            doctor_rules.check_optional_text, "address", changes["address"], 500
        )
    location = ("division_id", "district_id", "thana_id")
    if any(name in changes for name in location):
        triple = [changes.get(name, getattr(user, name)) for name in location]
        checks.run(check_location, *triple)
        values.update(zip(location, triple, strict=True))
    checks.raise_if_any()
    if "mobile_number" in values:
        ensure_unique_contact(user.email, values["mobile_number"], exclude_user_id=user.id)
    for name, value in values.items():
        setattr(user, name, value)
    _flush_or_conflict()
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Needs the current password. Ends every other session and revokes API tokens. Commits."""
    if not verify_password(user.password_hash, current_password or ""):
        raise RuleViolation("current_password", "Your current password is not correct.")
    validation.check_password_strength(new_password, field="new_password")
    user.password_hash = hash_password(new_password)
    user.rotate_session_token()
    user.tokens_valid_after = utcnow()
    db.session.commit()


def set_profile_image(user: User, stream: BinaryIO) -> str:
    """Validate, re-encode and store a new photo; remove the previous one. Commits."""
    cfg = current_app.config
    upload_dir = Path(cfg["UPLOAD_DIR"])
    name = store_profile_image(
        stream,
        upload_dir=upload_dir,
        max_bytes=cfg["MAX_FILE_SIZE"],
        allowed_types=cfg["ALLOWED_IMAGE_TYPES"],
    )
    previous = user.profile_image
    user.profile_image = name
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        delete_stored_image(upload_dir, name)  # no orphan file for a row that never changed
        raise
    delete_stored_image(upload_dir, previous)
    return name


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; one answer for every failure."""
    try:
        email = validation.normalise_email(email)
    except RuleViolation:
        dummy_verify(password or "")
        return None
    user = db.session.scalars(sa.select(User).where(User.email == email)).one_or_none()
    if user is None:
        dummy_verify(password or "")
        return None
    if not verify_password(user.password_hash, password or "") or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def load_session_user(session_token: str) -> User | None:
    """The user a session cookie names, if the account is still active."""
    if not session_token:
        return None
    user = db.session.scalars(
        sa.select(User).where(User.session_token == session_token)
    ).one_or_none()
    return user if user is not None and user.is_active else None


def load_token_user(user_id: str) -> User | None:
    """The user an API token names, if the account is still active."""
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    return user if user is not None and user.is_active else None


def sign_out_everywhere(user: User) -> None:
    """End every web session of ``user``: their cookies name a token that no longer exists."""
    user.rotate_session_token()
    db.session.commit()
