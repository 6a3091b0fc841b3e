"""Appointments: a patient holding one of a doctor's slots on a date."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.db_types import TimestampMixin, UTCDateTime, enum_type
from clinic.extensions import db

if TYPE_CHECKING:
    from clinic.accounts.models import User
    from clinic.doctors.models import Doctor


class AppointmentStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


ACTIVE_STATUSES = (AppointmentStatus.PENDING, AppointmentStatus.CONFIRMED)
# Written out once for both partial indexes; PostgreSQL and SQLite read it alike.
_ACTIVE = sa.text("status IN ('pending', 'confirmed')")


class Appointment(TimestampMixin, db.Model):
    __tablename__ = "appointments"
    __table_args__ = (
        sa.Index("idx_appointments_doctor_date", "doctor_id", "appointment_date"),
        sa.Index("idx_appointments_patient", "patient_id"),
        sa.Index("idx_appointments_status", "status"),
        # Double booking is impossible by construction: one active booking per slot.
        sa.Index(
            "uq_appointments_active_slot",
            "doctor_id",
            "appointment_date",
            "appointment_time",
            unique=True,
            postgresql_where=_ACTIVE,
            sqlite_where=_ACTIVE,
        ),
        # A patient cannot hold two active appointments at the same date and time.
        sa.Index(
            "uq_appointments_patient_active_time",
            "patient_id",
            "appointment_date",
            "appointment_time",
            unique=True,
            postgresql_where=_ACTIVE,
            sqlite_where=_ACTIVE,
        ),
        sa.CheckConstraint("fee >= 0", name="fee_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    doctor_id: Mapped[int] = mapped_column(sa.ForeignKey("doctors.id", ondelete="CASCADE"))
    appointment_date: Mapped[date]
    # The slot as listed in the doctor's timetable, "HH:MM-HH:MM" in clinic time.
    appointment_time: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[AppointmentStatus] = mapped_column(
        enum_type(AppointmentStatus, "appointment_status_enum"),
        default=AppointmentStatus.PENDING,
        server_default=AppointmentStatus.PENDING.value,
    )
    # The consultation fee charged at booking; later fee changes do not rewrite it.
    fee: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    symptoms: Mapped[str | None] = mapped_column(sa.Text)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    doctor_notes: Mapped[str | None] = mapped_column(sa.Text)
    prescription: Mapped[str | None] = mapped_column(sa.Text)
    diagnosis: Mapped[str | None] = mapped_column(sa.Text)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    patient: Mapped[User] = relationship(foreign_keys=[patient_id])
    doctor: Mapped[Doctor] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def __repr__(self) -> str:
        return f"<Appointment {self.id} {self.appointment_date} {self.appointment_time}>"
