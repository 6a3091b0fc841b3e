"""Clinic time: appointment dates and slots are wall times in CLINIC_TIMEZONE;
timestamps are stored in UTC and shown in clinic time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from clinic.db_types import utcnow


def clinic_tz() -> ZoneInfo:
    return ZoneInfo(current_app.config["CLINIC_TIMEZONE"])


def clinic_now() -> datetime:
    return utcnow().astimezone(clinic_tz())


def clinic_today() -> date:
    return clinic_now().date()


def to_clinic_time(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(clinic_tz())
