"""Registration, sign-in and tokens."""

from __future__ import annotations

from dataclasses import asdict

from flask_jwt_extended import get_jwt

from clinic.accounts import services, tokens
from clinic.api import bp
from clinic.api.schemas import (
    AccessTokenResponse,
    LoginRequest,
    LogoutRequest,
    Problem,
    RegisterRequest,
    TokenResponse,
    UserProfile,
)
from clinic.api.spec import BEARER, Response, spec
from clinic.api.users import profile_of
from clinic.auth import api_user, login_rate_limit, token_required
from clinic.errors import DomainError


class InvalidCredentials(DomainError):
    status_code = 401
    title = "Unauthorized"


@bp.post("/auth/register")
@spec.validate(
    json=RegisterRequest,
    resp=Response(HTTP_201=UserProfile, HTTP_409=Problem),
    tags=["auth"],
)
def register(json: RegisterRequest):
    """Create a patient or doctor account (doctors then await an admin's approval)."""
    data = json.model_dump(exclude={"doctor_data"})
    doctor = services.DoctorFields(**json.doctor_data.model_dump()) if json.doctor_data else None
    user = services.register_user(**data, doctor=doctor)
    return profile_of(user), 201


@bp.post("/auth/login")
@login_rate_limit
@spec.validate(
    json=LoginRequest,
    resp=Response(HTTP_200=TokenResponse, HTTP_401=Problem, HTTP_429=Problem),
    tags=["auth"],
)
def login(json: LoginRequest):
    """Exchange email and password for an access token and a refresh token."""
    user = services.authenticate(json.email, json.password)
    if user is None:
        raise InvalidCredentials("Email or password is incorrect.")
    issued = tokens.issue_tokens(user)
    body = asdict(issued) | {
        "token_type": "bearer",
        "user": {
            "id": user.id,
            "full_name": user.full_name,
            "email": user.email,
            "user_type": user.user_type.value,
        },
    }
    return body


@bp.post("/auth/refresh")
@token_required(refresh=True)
@spec.validate(
    resp=Response(HTTP_200=AccessTokenResponse, HTTP_401=Problem), tags=["auth"], security=BEARER
)
def refresh():
    """Send the refresh token as the bearer token; get a new access token."""
    issued = tokens.refresh_access_token(api_user())
    return {
        "access_token": issued.access_token,
        "token_type": "bearer",
        "expires_in": issued.expires_in,
    }


@bp.post("/auth/logout")
@token_required(any_type=True)
@spec.validate(
    json=LogoutRequest,
    resp=Response("HTTP_204", HTTP_401=Problem),
    tags=["auth"],
    security=BEARER,
)
def logout(json: LogoutRequest):
    """Revoke the bearer token (access or refresh) and, if given, the refresh token too."""
    tokens.revoke(get_jwt(), also=json.refresh_token, user=api_user())
    return "", 204
