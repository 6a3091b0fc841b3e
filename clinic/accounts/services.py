"""Commands on accounts. They validate, write, and leave the commit to the caller
unless their name says otherwise."""

from __future__ import annotations

import sqlalchemy as sa

from clinic.accounts import validation
from clinic.accounts.models import User, UserType
from clinic.accounts.passwords import dummy_verify, hash_password, needs_rehash, verify_password
from clinic.errors import Conflict, RuleViolation, ValidationFailed
from clinic.extensions import db
from clinic.locations.queries import check_location


def _collect(*checks):
    """Run each (callable, args) check; raise every failure together."""
    values, violations = [], []
    for check, *args in checks:
        try:
            values.append(check(*args))
        except RuleViolation as violation:
            values.append(None)
            violations.append(violation)
    if violations:
        raise ValidationFailed(violations)
    return values


def ensure_unique_contact(email: str, mobile: str, *, exclude_user_id: int | None = None) -> None:
    """Conflict when another account already uses this email or mobile number."""
    query = sa.select(User.email, User.mobile_number).where(
        sa.or_(User.email == email, User.mobile_number == mobile)
    )
    if exclude_user_id is not None:
        query = query.where(User.id != exclude_user_id)
    for taken_email, taken_mobile in db.session.execute(query):
        if taken_email == email:
            raise Conflict("An account with this email already exists.")
        if taken_mobile == mobile:
            raise Conflict("An account with this mobile number already exists.")


def create_user(
    *,
    full_name: str,
    email: str,
    mobile_number: str,
    password: str,
    user_type: UserType,
    division_id: int | None = None,
    district_id: int | None = None,
    thana_id: int | None = None,
    address: str | None = None,
    require_location: bool = True,
) -> User:
    """Validate and add a user (not committed). Admins are created only by trusted callers."""
    full_name, email, mobile_number, _ = _collect(
        (validation.check_full_name, full_name),
        (validation.normalise_email, email),
        (validation.normalise_mobile, mobile_number),
        (validation.check_password_strength, password),
    )
    if require_location or any((division_id, district_id, thana_id)):
        check_location(division_id, district_id, thana_id)
    ensure_unique_contact(email, mobile_number)
    user = User(
        full_name=full_name,
        email=email,
        mobile_number=mobile_number,
        password_hash=hash_password(password),
        user_type=UserType(user_type),
        division_id=division_id,
        district_id=district_id,
        thana_id=thana_id,
        address=(address or "").strip() or None,
    )
    db.session.add(user)
    db.session.flush()
    return user


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


def sign_out_everywhere(user: User) -> None:
    """End every web session of ``user``: their cookies name a token that no longer exists."""
    user.rotate_session_token()
    db.session.commit()
