"""Reads about doctors and specializations."""

from __future__ import annotations

import sqlalchemy as sa

from clinic.accounts.models import User
from clinic.doctors.models import Doctor, Specialization
from clinic.extensions import db


def bookable():
    """The condition that makes a doctor visible to patients: approved and active."""
    return sa.and_(Doctor.is_approved.is_(True), User.is_active.is_(True))


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


def doctor_for_user(user_id: int) -> Doctor | None:
    return db.session.scalars(sa.select(Doctor).where(Doctor.user_id == user_id)).one_or_none()
