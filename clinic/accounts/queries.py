"""Reads about accounts."""

from __future__ import annotations

import sqlalchemy as sa

from clinic.accounts.models import User
from clinic.doctors.models import Doctor
from clinic.extensions import db


def user_counts() -> dict[str, int]:
    """Users by type, and doctors awaiting approval (admins only)."""
    rows = db.session.execute(sa.select(User.user_type, sa.func.count()).group_by(User.user_type))
    counts = {user_type.value: n for user_type, n in rows}
    counts["awaiting_approval"] = db.session.scalar(
        sa.select(sa.func.count()).select_from(Doctor).where(Doctor.is_approved.is_(False))
    )
    return counts
