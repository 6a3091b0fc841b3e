"""Request and response shapes of /api/v1. They check shape only; the domain checks rules."""

from __future__ import annotations

from datetime import date as date_type
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

# Money travels as a JSON number (the spec's `"consultation_fee": 1500.00`).
Money = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
Id = Annotated[int, Field(ge=1)]


class Strict(BaseModel):
    """Unknown fields are an error, so nobody can slip in ``user_type`` or ``is_active``."""

    model_config = ConfigDict(extra="forbid")


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem object."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


# --- auth --------------------------------------------------------------------------


class DoctorData(Strict):
    license_number: str = Field(max_length=50)
    specialization: str = Field(max_length=100, examples=["Cardiology"])
    experience_years: int
    consultation_fee: Decimal = Field(examples=[1500.0])
    qualification: str | None = Field(default=None, max_length=2000)
    bio: str | None = Field(default=None, max_length=2000)


class RegisterRequest(Strict):
    full_name: str = Field(max_length=255, examples=["John Doe"])
    email: str = Field(max_length=255, examples=["john@example.com"])
    mobile_number: str = Field(max_length=20, examples=["+8801712345678"])
    password: str = Field(max_length=128, examples=["SecurePass123!"])
    user_type: Literal["patient", "doctor"]
    division_id: Id
    district_id: Id
    thana_id: Id
    address: str | None = Field(default=None, max_length=500)
    doctor_data: DoctorData | None = Field(
        default=None, description="Required when user_type is doctor."
    )


class LoginRequest(Strict):
    email: str = Field(max_length=255)
    password: str = Field(max_length=128)


class LogoutRequest(Strict):
    refresh_token: str | None = Field(
        default=None, description="Also revoke this refresh token (of the same user)."
    )


class TokenUser(BaseModel):
    id: int
    full_name: str
    email: str
    user_type: str


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_expires_in: int
    user: TokenUser


class AccessTokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


# --- locations ---------------------------------------------------------------------


class Place(BaseModel):
    id: int
    name: str
    bn_name: str


class PageQuery(Strict):
    skip: int = Field(default=0, ge=0)
    limit: int = Field(default=20, ge=1, le=100)


class PlacePage(BaseModel):
    items: list[Place]
    total: int
    skip: int
    limit: int


# --- users -------------------------------------------------------------------------


class DoctorProfile(BaseModel):
    id: int = Field(description="The doctor id that bookings use as doctor_id.")
    user_id: int
    license_number: str
    specialization: str
    experience_years: int
    consultation_fee: Money
    qualification: str | None
    bio: str | None
    is_approved: bool


class UserProfile(BaseModel):
    id: int
    full_name: str
    email: str
    mobile_number: str
    user_type: str
    is_active: bool
    is_verified: bool
    profile_image_url: str | None
    division: Place | None
    district: Place | None
    thana: Place | None
    address: str | None
    created_at: datetime
    doctor: DoctorProfile | None = None


class ProfileUpdate(Strict):
    """Only these fields can change; email, role and account flags cannot."""

    full_name: str | None = Field(default=None, max_length=255)
    mobile_number: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=500)
    division_id: Id | None = None
    district_id: Id | None = None
    thana_id: Id | None = None


class PasswordChange(Strict):
    current_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128)


class ImageUpload(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    image: Annotated[
        Any,
        WithJsonSchema({"type": "string", "format": "binary"}),
        Field(description="A JPEG or PNG photo, at most 5 MiB."),
    ]


# --- doctors -----------------------------------------------------------------------

Timetable = dict[str, list[str]]


class DoctorSummary(BaseModel):
    id: int = Field(description="The doctor id that bookings use as doctor_id.")
    user_id: int
    full_name: str
    specialization: str
    experience_years: int
    consultation_fee: Money
    qualification: str | None
    bio: str | None
    district: Place | None
    thana: Place | None
    profile_image_url: str | None
    available_timeslots: Timetable


class DoctorPage(BaseModel):
    items: list[DoctorSummary]
    total: int
    skip: int
    limit: int


class DoctorQuery(PageQuery):
    specialization: str | None = Field(default=None, examples=["Cardiology"])
    division_id: Id | None = None
    district_id: Id | None = None
    thana_id: Id | None = None
    fee_min: Decimal | None = Field(default=None, ge=0)
    fee_max: Decimal | None = Field(default=None, ge=0)
    name: str | None = Field(default=None, max_length=100)
    sort: Literal["name", "fee", "-fee", "experience"] = "name"


class SlotsQuery(Strict):
    date: date_type


class FreeSlots(BaseModel):
    doctor_id: int
    date: date_type
    slots: list[str]


class DoctorProfileUpdate(Strict):
    """The licence number cannot change here; approval is an admin's decision."""

    specialization: str | None = Field(default=None, max_length=100)
    experience_years: int | None = None
    consultation_fee: Decimal | None = None
    qualification: str | None = Field(default=None, max_length=2000)
    bio: str | None = Field(default=None, max_length=2000)
    available_timeslots: Timetable | None = Field(
        default=None, examples=[{"sunday": ["10:00-10:30", "10:30-11:00"]}]
    )


class DoctorOwnProfile(DoctorProfile):
    available_timeslots: Timetable


class SpecializationOut(BaseModel):
    id: int
    name: str
    is_active: bool


class SpecializationList(BaseModel):
    items: list[SpecializationOut]
    total: int


# --- appointments --------------------------------------------------------------------

Status = Literal["pending", "confirmed", "completed", "cancelled"]


class BookingRequest(Strict):
    doctor_id: Id
    appointment_date: date_type = Field(examples=["2026-12-06"])
    appointment_time: str = Field(max_length=20, examples=["10:00-10:30"])
    symptoms: str | None = Field(default=None, max_length=2000)
    notes: str | None = Field(default=None, max_length=2000)


class Person(BaseModel):
    id: int
    full_name: str


class AppointmentDoctor(BaseModel):
    id: int
    full_name: str
    specialization: str


class AppointmentOut(BaseModel):
    id: int
    doctor: AppointmentDoctor
    patient: Person
    appointment_date: date_type
    appointment_time: str
    status: Status
    fee: Money
    symptoms: str | None
    notes: str | None
    doctor_notes: str | None
    prescription: str | None
    diagnosis: str | None
    allowed_transitions: list[Status] = Field(
        description="The status changes the caller may make now."
    )
    created_at: datetime
    updated_at: datetime


class AppointmentPage(BaseModel):
    items: list[AppointmentOut]
    total: int
    skip: int
    limit: int


class AppointmentQuery(PageQuery):
    status: Status | None = None
    date_from: date_type | None = None
    date_to: date_type | None = None


class StatusChange(Strict):
    status: Status
    doctor_notes: str | None = Field(default=None, max_length=5000)
    prescription: str | None = Field(default=None, max_length=5000)
    diagnosis: str | None = Field(default=None, max_length=5000)


class ClinicalNotes(Strict):
    doctor_notes: str | None = Field(default=None, max_length=5000)
    prescription: str | None = Field(default=None, max_length=5000)
    diagnosis: str | None = Field(default=None, max_length=5000)
