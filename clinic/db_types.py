"""Column types and mixins shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from clinic.errors import NotFound
from clinic.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator):
    """A timezone-aware UTC timestamp on every database.

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones and hands back naive
    values, which are UTC by construction here, so they get UTC attached again.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC timestamp column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.current_timestamp(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime,
        default=utcnow,
        onupdate=utcnow,
        server_default=sa.func.current_timestamp(),
        nullable=False,
    )


def enum_type(enum_class, name: str) -> sa.Enum:
    """A named enum stored by value (``'patient'``), native on PostgreSQL."""
    return sa.Enum(
        enum_class,
        name=name,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def get_or_not_found(model, ident, message: str):
    """The row of ``model`` with primary key ``ident``, or NotFound(message)."""
    row = db.session.get(model, ident)
    if row is None:
        raise NotFound(message)
    return row
