"""The caller's own profile: never anyone else's."""

from __future__ import annotations

from flask import request, url_for

from clinic.accounts import services
from clinic.accounts.models import User
from clinic.api import bp
from clinic.api.schemas import ImageUpload, PasswordChange, Problem, ProfileUpdate, UserProfile
from clinic.api.spec import BEARER, Response, spec
from clinic.auth import api_user, token_required
from clinic.errors import RuleViolation


def place_of(place) -> dict | None:
    return None if place is None else {"id": place.id, "name": place.name, "bn_name": place.bn_name}


def doctor_of(doctor) -> dict:
    return {
        "id": doctor.id,
        "user_id": doctor.user_id,
        "license_number": doctor.license_number,
        "specialization": doctor.specialization.name,
        "experience_years": doctor.experience_years,
        "consultation_fee": doctor.consultation_fee,
        "qualification": doctor.qualification,
        "bio": doctor.bio,
        "is_approved": doctor.is_approved,
    }


def profile_of(user: User) -> dict:
    image = user.profile_image
    return {
        "id": user.id,
        "full_name": user.full_name,
        "email": user.email,
        "mobile_number": user.mobile_number,
        "user_type": user.user_type.value,
        "is_active": user.is_active,
        "is_verified": user.is_verified,
        "profile_image_url": url_for("accounts.media", name=image) if image else None,
        "division": place_of(user.division),
        "district": place_of(user.district),
        "thana": place_of(user.thana),
        "address": user.address,
        "created_at": user.created_at,
        "doctor": doctor_of(user.doctor) if user.doctor else None,
    }


PROFILE_ERRORS = {"HTTP_401": Problem, "HTTP_409": Problem}


@bp.get("/users/profile")
@token_required()
@spec.validate(
    resp=Response(HTTP_200=UserProfile, HTTP_401=Problem), tags=["users"], security=BEARER
)
def get_profile():
    """The caller's own profile."""
    return profile_of(api_user())


@bp.put("/users/profile")
@token_required()
@spec.validate(
    json=ProfileUpdate,
    resp=Response(HTTP_200=UserProfile, **PROFILE_ERRORS),
    tags=["users"],
    security=BEARER,
)
def update_profile(json: ProfileUpdate):
    """Change name, mobile number, address or location. Email, role and status cannot change."""
    changes = json.model_dump(exclude_unset=True)
    return profile_of(services.update_profile(api_user(), changes))


@bp.put("/users/profile/password")
@token_required()
@spec.validate(
    json=PasswordChange,
    resp=Response("HTTP_204", HTTP_401=Problem),
    tags=["users"],
    security=BEARER,
)
def change_password(json: PasswordChange):
    """Change the password; every token issued before now stops working."""
    services.change_password(api_user(), json.current_password, json.new_password)
    return "", 204


@bp.put("/users/profile/image")
@token_required()
@spec.validate(
    form=ImageUpload,
    resp=Response(HTTP_200=UserProfile, HTTP_401=Problem, HTTP_413=Problem),
    tags=["users"],
    security=BEARER,
)
def upload_image(form: ImageUpload):
    """Upload or replace the profile photo (multipart field `image`; JPEG or PNG, ≤ 5 MiB)."""
    upload = request.files.get("image")
    if upload is None:
        raise RuleViolation("image", "Attach the photo as the multipart field 'image'.")
    user = api_user()
    services.set_profile_image(user, upload.stream)
    return profile_of(user)
