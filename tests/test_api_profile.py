"""GET/PUT /users/profile, the password and the photo: always the caller's own."""

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from clinic.accounts.models import User
from tests.factories import PASSWORD, make_doctor, make_user
from tests.test_images import blank_png, encode, gradient


@pytest.fixture
def patient(db):
    user = make_user(full_name="Abdul Karim")
    db.session.commit()
    return user


def _fields(response) -> set[str]:
    return {e["field"] for e in response.get_json().get("errors", [])}


def test_profile_is_the_callers_own(client, db, bearer, patient):
    other = make_user()
    db.session.commit()
    headers = bearer(patient.email, PASSWORD)
    body = client.get("/api/v1/users/profile", headers=headers).get_json()
    assert body["id"] == patient.id and body["email"] == patient.email
    assert body["doctor"] is None
    # There is no way to name another user: no id in the path, query strings ignored.
    assert client.get(f"/api/v1/users/{other.id}", headers=headers).status_code == 404
    assert (
        client.get(f"/api/v1/users/profile?id={other.id}", headers=headers).get_json()["id"]
        == patient.id
    )
    assert (
        client.put(f"/api/v1/users/{other.id}/profile", headers=headers, json={}).status_code == 404
    )


def test_doctor_profile_includes_the_doctor_id(client, db, bearer):
    doctor = make_doctor()
    db.session.commit()
    body = client.get(
        "/api/v1/users/profile", headers=bearer(doctor.user.email, PASSWORD)
    ).get_json()
    assert body["doctor"]["id"] == doctor.id
    assert body["doctor"]["specialization"] == "Cardiology"
    assert body["doctor"]["consultation_fee"] == 800.0


def test_update_name_mobile_address_and_location(client, db, bearer, patient):
    from clinic.locations.models import District, Thana

    gulshan = db.session.scalars(
        sa.select(Thana).join(District).where(District.name == "Dhaka", Thana.name == "Gulshan")
    ).one()
    headers = bearer(patient.email, PASSWORD)
    response = client.put(
        "/api/v1/users/profile",
        headers=headers,
        json={
            "full_name": "  Abdul   Karim Khan ",
            "mobile_number": "8801812345678",
            "address": "Road 11",
            "division_id": gulshan.district.division_id,
            "district_id": gulshan.district_id,
            "thana_id": gulshan.id,
        },
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["full_name"] == "Abdul Karim Khan"
    assert body["mobile_number"] == "+8801812345678"
    assert body["thana"]["name"] == "Gulshan"
    db.session.expire_all()
    assert db.session.get(User, patient.id).address == "Road 11"


@pytest.mark.parametrize(
    "body",
    [
        {"email": "new@example.com"},
        {"user_type": "admin"},
        {"is_active": False},
        {"is_verified": True},
        {"password_hash": "x"},
        {"id": 99},
    ],
)
def test_email_role_and_flags_can_never_be_set(client, db, bearer, patient, body):
    headers = bearer(patient.email, PASSWORD)
    response = client.put(
        "/api/v1/users/profile", headers=headers, json={"full_name": "X Y", **body}
    )
    assert response.status_code == 422
    assert set(body) <= _fields(response)
    db.session.expire_all()
    unchanged = db.session.get(User, patient.id)
    assert (
        unchanged.full_name,
        unchanged.email,
        unchanged.user_type.value,
        unchanged.is_active,
        unchanged.is_verified,
    ) == ("Abdul Karim", patient.email, "patient", True, False)


def test_invalid_changes_are_refused_whole(client, db, bearer, patient, place):
    headers = bearer(patient.email, PASSWORD)
    response = client.put(
        "/api/v1/users/profile",
        headers=headers,
        json={"full_name": "New Name", "mobile_number": "12345"},
    )
    assert response.status_code == 422
    assert _fields(response) == {"mobile_number"}
    db.session.expire_all()
    assert db.session.get(User, patient.id).full_name == "Abdul Karim"  # nothing half-written

    taken = make_user()
    db.session.commit()
    conflict = client.put(
        "/api/v1/users/profile", headers=headers, json={"mobile_number": taken.mobile_number}
    )
    assert conflict.status_code == 409
    wrong_place = client.put(
        "/api/v1/users/profile", headers=headers, json={"thana_id": place["thana_id"]}
    )  # not in the user's district
    assert wrong_place.status_code == 422 and "thana_id" in _fields(wrong_place)


def test_password_change_needs_the_current_one_and_revokes_old_tokens(client, db, bearer, patient):
    from datetime import UTC, datetime, timedelta

    headers = bearer(patient.email, PASSWORD)
    wrong = client.put(
        "/api/v1/users/profile/password",
        headers=headers,
        json={"current_password": "Nope#1234", "new_password": "Brand#New9"},
    )
    assert wrong.status_code == 422 and _fields(wrong) == {"current_password"}
    weak = client.put(
        "/api/v1/users/profile/password",
        headers=headers,
        json={"current_password": PASSWORD, "new_password": "weak"},
    )
    assert weak.status_code == 422 and _fields(weak) == {"new_password"}
    # Tokens issued in the same second as a change are refused too; step back in time.
    db.session.get(User, patient.id).tokens_valid_after = datetime.now(UTC) - timedelta(seconds=5)
    db.session.commit()
    headers = bearer(patient.email, PASSWORD)
    ok = client.put(
        "/api/v1/users/profile/password",
        headers=headers,
        json={"current_password": PASSWORD, "new_password": "Brand#New9"},
    )
    assert ok.status_code == 204
    assert client.get("/api/v1/users/profile", headers=headers).status_code == 401
    login = client.post(
        "/api/v1/auth/login", json={"email": patient.email, "password": "Brand#New9"}
    )
    assert login.status_code == 200


def _fetch(client, url):
    """GET a served file and close the response (it streams from disk)."""
    response = client.get(url)
    response.get_data()  # read it all, then release the file
    response.close()
    return response


def _upload(client, headers, data: bytes, name="photo.jpg", mimetype="image/jpeg"):
    # Encoded in memory: werkzeug's test client would spool a large body to a temporary
    # file that it never closes (a ResourceWarning in the test, not in the app).
    fields = {"image": FileStorage(io.BytesIO(data), name, content_type=mimetype)}
    boundary, body = encode_multipart(fields)
    return client.put(
        "/api/v1/users/profile/image",
        headers=headers,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_photo_upload_replaces_the_previous_file(app, client, db, bearer, patient):
    headers = bearer(patient.email, PASSWORD)
    first = _upload(client, headers, encode(gradient((1200, 900)), "JPEG"))
    assert first.status_code == 200, first.get_json()
    url = first.get_json()["profile_image_url"]
    assert url.startswith("/media/avatars/") and url.endswith(".jpg")
    served = _fetch(client, url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert max(Image.open(io.BytesIO(served.data)).size) == 512
    upload_dir = Path(app.config["UPLOAD_DIR"])
    first_file = upload_dir / url.removeprefix("/media/")
    assert first_file.exists()

    second = _upload(
        client, headers, encode(gradient((300, 300), "RGBA"), "PNG"), "me.png", "image/png"
    )
    assert second.status_code == 200
    assert second.get_json()["profile_image_url"].endswith(".png")
    assert not first_file.exists()


def test_exif_is_gone_from_the_stored_photo(client, db, bearer, patient):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"
    headers = bearer(patient.email, PASSWORD)
    response = _upload(client, headers, encode(gradient(), "JPEG", exif=exif.tobytes()))
    stored = _fetch(client, response.get_json()["profile_image_url"]).data
    assert b"SpyCam" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


@pytest.mark.parametrize(
    ("data", "name", "mimetype"),
    [
        (b"just text", "photo.jpg", "image/jpeg"),
        (b"<html><script>alert(1)</script></html>", "photo.png", "image/png"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "p.svg",
            "image/svg+xml",
        ),
    ],
    ids=["text-as-jpg", "html-as-png", "svg"],
)
def test_fake_images_are_refused(client, db, bearer, patient, data, name, mimetype):
    headers = bearer(patient.email, PASSWORD)
    response = _upload(client, headers, data, name, mimetype)
    assert response.status_code == 422
    assert "JPEG or PNG" in response.get_json()["detail"]
    db.session.expire_all()
    assert db.session.get(User, patient.id).profile_image is None


def test_decompression_bomb_is_refused(client, db, bearer, patient):
    bomb = blank_png(20000, 20000)
    assert len(bomb) < 200_000
    response = _upload(client, bearer(patient.email, PASSWORD), bomb, "bomb.png", "image/png")
    assert response.status_code == 422
    assert "too large" in response.get_json()["detail"]


def test_oversize_is_a_clear_error(app, client, db, bearer, patient):
    headers = bearer(patient.email, PASSWORD)
    limit = app.config["MAX_FILE_SIZE"]
    just_over = encode(gradient(), "JPEG") + b"\0" * limit
    response = _upload(client, headers, just_over[: limit + 1])
    assert response.status_code == 422
    assert "larger than 5 MB" in response.get_json()["detail"]
    far_over = _upload(client, headers, b"\0" * (limit + 200_000))
    assert far_over.status_code == 413
    assert far_over.mimetype == "application/problem+json"


def test_missing_file_field_is_422(client, db, bearer, patient):
    response = client.put(
        "/api/v1/users/profile/image",
        headers=bearer(patient.email, PASSWORD),
        data={"other": "x"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
