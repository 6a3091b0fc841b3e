"""Reads about doctors and specializations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from clinic.accounts.models import User
from clinic.db_types import get_or_not_found
from clinic.doctors.models import Doctor, Specialization
from clinic.errors import NotFound, RuleViolation
from clinic.extensions import db

SORTS = {
    "name": (User.full_name, Doctor.id),
    "fee": (Doctor.consultation_fee, User.full_name, Doctor.id),
    "-fee": (Doctor.consultation_fee.desc(), User.full_name, Doctor.id),
    "experience": (Doctor.experience_years.desc(), User.full_name, Doctor.id),
}


def bookable():
    """The condition that makes a doctor visible to patients: approved and active."""
    return sa.and_(Doctor.is_approved.is_(True), User.is_active.is_(True))


@dataclass(frozen=True)
class DirectoryFilters:
    specialization: str | None = None
    division_id: int | None = None
    district_id: int | None = None
    thana_id: int | None = None
    fee_min: Decimal | None = None
    fee_max: Decimal | None = None
    name: str | None = None
    sort: str = "name"
    skip: int = 0
    limit: int = 20


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _directory_query(f: DirectoryFilters):
    query = sa.select(Doctor).join(Doctor.user).join(Doctor.specialization).where(bookable())
    if f.specialization:
        spec = specialization_named(f.specialization)
        query = query.where(Doctor.specialization_id == spec.id)
    for column, value in (
        (User.division_id, f.division_id),
        (User.district_id, f.district_id),
        (User.thana_id, f.thana_id),
    ):
        if value:
            query = query.where(column == value)
    if f.fee_min is not None:
        query = query.where(Doctor.consultation_fee >= f.fee_min)
    if f.fee_max is not None:
        query = query.where(Doctor.consultation_fee <= f.fee_max)
    if f.name and f.name.strip():
        query = query.where(User.full_name.ilike(_like(f.name.strip()), escape="\\"))
    return query


def directory(filters: DirectoryFilters) -> tuple[list[Doctor], int]:
    """Bookable doctors matching ``filters``, one page of them, and how many match in all.

    Two queries whatever the page size: the count, and the page with each doctor's user,
    specialization and place loaded alongside.
    """
    if filters.sort not in SORTS:
        raise RuleViolation("sort", f"Sort by one of: {', '.join(SORTS)}.")
    low, high = filters.fee_min, filters.fee_max
    if low is not None and high is not None and low > high:
        raise RuleViolation("fee_max", "The highest fee must not be below the lowest.")
    query = _directory_query(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    page = (
        query.options(
            contains_eager(Doctor.user).joinedload(User.district),
            contains_eager(Doctor.user).joinedload(User.thana),
            contains_eager(Doctor.specialization),
        )
        .order_by(*SORTS[filters.sort])
        .offset(filters.skip)
        .limit(filters.limit)
    )
    return list(db.session.scalars(page).unique()), total


def listed_doctor(doctor_id: int) -> Doctor:
    """A doctor patients may see and book; NotFound for unapproved or inactive ones."""
    doctor = db.session.scalars(
        sa.select(Doctor)
        .join(Doctor.user)
        .where(Doctor.id == doctor_id, bookable())
        .options(
            contains_eager(Doctor.user).joinedload(User.district),
            contains_eager(Doctor.user).joinedload(User.thana),
            joinedload(Doctor.specialization),
        )
    ).one_or_none()
    if doctor is None:
        raise NotFound("Doctor not found.")
    return doctor


def get_doctor(doctor_id: int) -> Doctor:
    """Any doctor, approved or not (admins)."""
    return get_or_not_found(Doctor, doctor_id, "Doctor not found.")


def doctor_for_user(user_id: int) -> Doctor | None:
    return db.session.scalars(sa.select(Doctor).where(Doctor.user_id == user_id)).one_or_none()


def doctors_by_approval(approved: bool) -> list[Doctor]:
    """Approved doctors by name, or those awaiting approval oldest first (admins)."""
    order = (User.full_name,) if approved else (Doctor.created_at, Doctor.id)
    return list(
        db.session.scalars(
            sa.select(Doctor)
            .join(Doctor.user)
            .where(Doctor.is_approved.is_(approved))
            .options(contains_eager(Doctor.user), joinedload(Doctor.specialization))
            .order_by(*order)
        )
    )


def specialization_named(name: str, field: str = "specialization") -> Specialization:
    spec = db.session.scalars(
        sa.select(Specialization).where(sa.func.lower(Specialization.name) == name.strip().lower())
    ).one_or_none()
    if spec is None:
        raise RuleViolation(field, f"Unknown specialization: {name}.")
    return spec


def specialization_overview() -> list[tuple[str, int]]:
    """Active specializations with the number of bookable doctors in each, busiest first."""
    count = sa.func.count(User.id)
    query = (
        sa.select(Specialization.name, count)
        .outerjoin(Doctor, Doctor.specialization_id == Specialization.id)
        .outerjoin(User, sa.and_(User.id == Doctor.user_id, bookable()))
        .where(Specialization.is_active.is_(True))
        .group_by(Specialization.id, Specialization.name)
        .order_by(count.desc(), Specialization.name)
    )
    return [(name, n) for name, n in db.session.execute(query)]


def active_specializations() -> list[Specialization]:
    return list(
        db.session.scalars(
            sa.select(Specialization)
            .where(Specialization.is_active.is_(True))
            .order_by(Specialization.name)
        )
    )


def all_specializations() -> list[Specialization]:
    return list(db.session.scalars(sa.select(Specialization).order_by(Specialization.name)))


def get_specialization(specialization_id: int) -> Specialization:
    return get_or_not_found(Specialization, specialization_id, "Specialization not found.")
