"""API tokens: issue, refresh, revoke, and decide whether a presented token still counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from jwt import PyJWTError
from sqlalchemy.exc import IntegrityError

from clinic.accounts.models import RevokedToken, User
from clinic.extensions import db


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str | None
    expires_in: int
    refresh_expires_in: int | None


def _seconds(key: str) -> int:
    return int(current_app.config[key].total_seconds())


def issue_tokens(user: User) -> IssuedTokens:
    """A fresh access and refresh token pair; the identity is the user id as a string."""
    claims = {"user_type": user.user_type.value}
    return IssuedTokens(
        access_token=create_access_token(identity=str(user.id), additional_claims=claims),
        refresh_token=create_refresh_token(identity=str(user.id), additional_claims=claims),
        expires_in=_seconds("JWT_ACCESS_TOKEN_EXPIRES"),
        refresh_expires_in=_seconds("JWT_REFRESH_TOKEN_EXPIRES"),
    )


def refresh_access_token(user: User) -> IssuedTokens:
    claims = {"user_type": user.user_type.value}
    return IssuedTokens(
        access_token=create_access_token(identity=str(user.id), additional_claims=claims),
        refresh_token=None,
        expires_in=_seconds("JWT_ACCESS_TOKEN_EXPIRES"),
        refresh_expires_in=None,
    )


def _record_revocation(payload: dict) -> None:
    if db.session.scalar(sa.select(RevokedToken.id).where(RevokedToken.jti == payload["jti"])):
        return
    db.session.add(
        RevokedToken(
            jti=payload["jti"],
            token_type=payload.get("type", "access"),
            user_id=int(payload["sub"]),
            expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        )
    )


def revoke(payload: dict, *, also: str | None = None, user: User) -> None:
    """Revoke the presented token and, if given, another token of the same user. Commits.

    A second token that does not decode, or belongs to someone else, is ignored: logout
    always succeeds for the token that authenticated the request.
    """
    _record_revocation(payload)
    if also:
        try:
            other = decode_token(also, allow_expired=True)
        except PyJWTError:
            other = None
        if other and other.get("sub") == str(user.id) and other.get("jti") != payload["jti"]:
            _record_revocation(other)
    try:
        db.session.commit()
    except IntegrityError:  # the same token revoked by a concurrent request
        db.session.rollback()


def is_revoked(payload: dict) -> bool:
    """True for a revoked token, or one issued before the user's last password change or
    deactivation (``tokens_valid_after``)."""
    if db.session.scalar(sa.select(RevokedToken.id).where(RevokedToken.jti == payload["jti"])):
        return True
    valid_after = db.session.scalar(
        sa.select(User.tokens_valid_after).where(User.id == int(payload["sub"]))
    )
    # iat has whole seconds: a token from the same second as the cut-off is refused too.
    return valid_after is not None and payload["iat"] <= int(valid_after.timestamp())
