"""Users of every role, and the revoked API tokens."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.db_types import TimestampMixin, UTCDateTime, enum_type, utcnow
from clinic.extensions import db

if TYPE_CHECKING:
    from clinic.doctors.models import Doctor
    from clinic.locations.models import District, Division, Thana


class UserType(enum.StrEnum):
    PATIENT = "patient"
    DOCTOR = "doctor"
    ADMIN = "admin"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.Index("idx_users_email", "email", unique=True),
        sa.Index("idx_users_mobile", "mobile_number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(255))
    email: Mapped[str] = mapped_column(sa.String(255))
    mobile_number: Mapped[str] = mapped_column(sa.String(20))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    user_type: Mapped[UserType] = mapped_column(enum_type(UserType, "user_type_enum"))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    is_verified: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    profile_image: Mapped[str | None] = mapped_column(sa.String(255))
    division_id: Mapped[int | None] = mapped_column(sa.ForeignKey("divisions.id"))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id"))
    thana_id: Mapped[int | None] = mapped_column(sa.ForeignKey("thanas.id"))
    address: Mapped[str | None] = mapped_column(sa.Text)
    # Flask-Login's alternative id: the session cookie holds this, not the user id,
    # so changing it (logout, password change, deactivation) ends every session.
    session_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )
    # API tokens issued before this instant are refused (password change, deactivation).
    tokens_valid_after: Mapped[datetime | None] = mapped_column(UTCDateTime)

    division: Mapped[Division | None] = relationship()
    district: Mapped[District | None] = relationship()
    thana: Mapped[Thana | None] = relationship()
    doctor: Mapped[Doctor | None] = relationship(back_populates="user", uselist=False)

    def get_id(self) -> str:
        return self.session_token

    def rotate_session_token(self) -> None:
        self.session_token = new_session_token()

    @property
    def is_admin(self) -> bool:
        return self.user_type == UserType.ADMIN

    @property
    def is_doctor(self) -> bool:
        return self.user_type == UserType.DOCTOR

    @property
    def is_patient(self) -> bool:
        return self.user_type == UserType.PATIENT

    def __repr__(self) -> str:
        return f"<User {self.id} {self.user_type.value}>"


class RevokedToken(db.Model):
    """A JWT revoked before it expired (logout, password change, deactivation)."""

    __tablename__ = "revoked_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    jti: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_type: Mapped[str] = mapped_column(sa.String(10))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
