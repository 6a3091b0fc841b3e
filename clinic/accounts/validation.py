"""Validation rules for account fields, written once for forms, API and CLI."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

from clinic.errors import RuleViolation

# +88 then 11 digits: 01, an operator digit 3–9, eight more digits.
_MOBILE = re.compile(r"^(?:\+?88)?(01[3-9]\d{8})$")
_SEPARATORS = re.compile(r"[\s\-().]")
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128


def normalise_email(value: str, field: str = "email") -> str:
    """A well-formed address, stored lower-case."""
    value = (value or "").strip()
    if not value:
        raise RuleViolation(field, "Enter an email address.")
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise RuleViolation(field, f"Enter a valid email address ({exc}).") from exc
    return result.normalized.lower()


def normalise_mobile(value: str, field: str = "mobile_number") -> str:
    """A Bangladeshi mobile number as ``+8801XXXXXXXXX``; accepts ``01…`` and ``8801…``."""
    compact = _SEPARATORS.sub("", value or "")
    match = _MOBILE.match(compact)
    if not match:
        raise RuleViolation(
            field,
            "Enter a Bangladeshi mobile number such as 01712345678 or +8801712345678.",
        )
    return "+88" + match.group(1)


def check_password_strength(password: str, field: str = "password") -> str:
    """≥ 8 characters with an upper-case letter, a digit and a special character."""
    password = password or ""
    missing = []
    if len(password) < PASSWORD_MIN_LENGTH:
        missing.append(f"at least {PASSWORD_MIN_LENGTH} characters")
    if not any(c.isupper() for c in password):
        missing.append("an upper-case letter")
    if not any(c.isdigit() for c in password):
        missing.append("a digit")
    if not any(not c.isalnum() and not c.isspace() for c in password):
        missing.append("a special character")
    if missing:
        raise RuleViolation(field, "Password needs " + ", ".join(missing) + ".")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise RuleViolation(field, f"Password must be at most {PASSWORD_MAX_LENGTH} characters.")
    return password


def check_full_name(value: str, field: str = "full_name") -> str:
    value = " ".join((value or "").split())
    if not value:
        raise RuleViolation(field, "Enter your full name.")
    if len(value) > 255:
        raise RuleViolation(field, "Name must be at most 255 characters.")
    return value
