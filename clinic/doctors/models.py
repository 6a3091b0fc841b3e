"""Doctors and the specializations they practise."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.db_types import TimestampMixin, UTCDateTime
from clinic.extensions import db

if TYPE_CHECKING:
    from clinic.accounts.models import User

# JSONB on PostgreSQL (as in the spec), plain JSON text elsewhere.
Timetable = sa.JSON().with_variant(JSONB(), "postgresql")

# Indexed by date.weekday(): Monday is 0.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The Bangladeshi week starts on Saturday; pages list days in this order.
WEEK_DISPLAY_ORDER = ("saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday")


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]


class Specialization(TimestampMixin, db.Model):
    __tablename__ = "specializations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    # Retired specializations stay for existing doctors but are not offered anew.
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    def __repr__(self) -> str:
        return f"<Specialization {self.name}>"


class Doctor(TimestampMixin, db.Model):
    __tablename__ = "doctors"
    __table_args__ = (
        sa.CheckConstraint(
            "experience_years >= 0 AND experience_years <= 60", name="experience_years_range"
        ),
        sa.CheckConstraint("consultation_fee > 0", name="consultation_fee_positive"),
        sa.Index("idx_doctors_specialization", "specialization_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    license_number: Mapped[str] = mapped_column(sa.String(50), unique=True)
    specialization_id: Mapped[int] = mapped_column(sa.ForeignKey("specializations.id"))
    experience_years: Mapped[int]
    consultation_fee: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    qualification: Mapped[str | None] = mapped_column(sa.Text)
    bio: Mapped[str | None] = mapped_column(sa.Text)
    # {"sunday": ["10:00-11:00", ...], ...}: lower-case weekday → "HH:MM-HH:MM" slots.
    available_timeslots: Mapped[dict[str, list[str]]] = mapped_column(
        Timetable, default=dict, server_default=sa.text("'{}'")
    )
    is_approved: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="doctor")
    specialization: Mapped[Specialization] = relationship()

    @property
    def is_bookable(self) -> bool:
        return self.is_approved and self.user.is_active

    def __repr__(self) -> str:
        return f"<Doctor {self.id} {self.license_number}>"
