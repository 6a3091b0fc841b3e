"""Reads of the location tree."""

from __future__ import annotations

import sqlalchemy as sa

from clinic.db_types import get_or_not_found
from clinic.errors import RuleViolation
from clinic.extensions import db
from clinic.locations.models import District, Division, Thana


def get_division(division_id: int) -> Division:
    return get_or_not_found(Division, division_id, "No such division.")


def get_district(district_id: int) -> District:
    return get_or_not_found(District, district_id, "No such district.")


def divisions() -> list[Division]:
    return list(db.session.scalars(sa.select(Division).order_by(Division.name)))


def districts_of(division_id: int) -> list[District]:
    return list(
        db.session.scalars(
            sa.select(District).where(District.division_id == division_id).order_by(District.name)
        )
    )


def thanas_of(district_id: int) -> list[Thana]:
    return list(
        db.session.scalars(
            sa.select(Thana).where(Thana.district_id == district_id).order_by(Thana.name)
        )
    )


def check_location(
    division_id: int | None, district_id: int | None, thana_id: int | None
) -> tuple[Division, District, Thana]:
    """The three exist and nest: the thana lies in the district, the district in the division."""
    division = db.session.get(Division, division_id) if division_id else None
    if division is None:
        raise RuleViolation("division_id", "Choose a division.")
    district = db.session.get(District, district_id) if district_id else None
    if district is None:
        raise RuleViolation("district_id", "Choose a district.")
    if district.division_id != division.id:
        raise RuleViolation("district_id", f"{district.name} is not in {division.name} division.")
    thana = db.session.get(Thana, thana_id) if thana_id else None
    if thana is None:
        raise RuleViolation("thana_id", "Choose a thana.")
    if thana.district_id != district.id:
        raise RuleViolation("thana_id", f"{thana.name} is not in {district.name} district.")
    return division, district, thana
