"""Every model, imported once so metadata (and Alembic) sees the whole schema."""

from clinic.accounts.models import RevokedToken, User, UserType
from clinic.doctors.models import Doctor, Specialization
from clinic.locations.models import District, Division, Thana
from clinic.scheduling.models import Appointment, AppointmentStatus

__all__ = [
    "Appointment",
    "AppointmentStatus",
    "District",
    "Division",
    "Doctor",
    "RevokedToken",
    "Specialization",
    "Thana",
    "User",
    "UserType",
]
