"""The profile page: details, password, photo — each form re-rendered with its errors."""

import io
import re

import sqlalchemy as sa

from clinic.accounts.models import User
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_user
from tests.test_images import encode, gradient


def _signed_in(client, login, db, **fields):
    user = make_user(**fields)
    db.session.commit()
    assert login(user.email, PASSWORD).status_code == 303
    return user


def _token(client) -> str:
    return csrf_token_from(client.get("/profile").get_data(as_text=True))


def _error_for(html: str, field: str) -> str | None:
    match = re.search(rf'id="{field}-error">([^<]+)<', html)
    return match.group(1) if match else None


def test_profile_page_shows_the_user_and_needs_sign_in(client, db, login):
    assert client.get("/profile").status_code == 303
    user = _signed_in(client, login, db, full_name="Taslima Khatun")
    html = client.get("/profile").get_data(as_text=True)
    assert 'value="Taslima Khatun"' in html and user.email in html
    assert f'<option value="{user.thana_id}" selected>' in html


def test_update_details(client, db, login, place):
    user = _signed_in(client, login, db)
    data = {
        "csrf_token": _token(client),
        "full_name": "New Name",
        "mobile_number": "01912345678",
        "address": "Flat 3",
        **place,
    }
    response = client.post("/profile", data=data)
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.full_name, saved.mobile_number, saved.thana_id) == (
        "New Name",
        "+8801912345678",
        place["thana_id"],
    )
    assert "Your profile is saved." in client.get("/profile").get_data(as_text=True)


def test_bad_details_are_shown_and_nothing_is_saved(client, db, login, place):
    user = _signed_in(client, login, db)
    data = {"csrf_token": _token(client), "full_name": "New Name", "mobile_number": "999", **place}
    response = client.post("/profile", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bangladeshi mobile number" in _error_for(html, "mobile_number")
    assert 'value="New Name"' in html
    db.session.expire_all()
    assert db.session.get(User, user.id).full_name != "New Name"


def test_email_and_role_are_not_on_the_form_and_ignored_if_sent(client, db, login, place):
    user = _signed_in(client, login, db)
    data = {
        "csrf_token": _token(client),
        "full_name": "Still Patient",
        "mobile_number": user.mobile_number,
        "user_type": "admin",
        "is_active": "n",
        "email": "hijack@example.com",
        **place,
    }
    assert client.post("/profile", data=data).status_code == 303
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.user_type.value, saved.is_active, saved.email) == ("patient", True, user.email)


def test_change_password_needs_the_current_one_and_ends_other_sessions(app, client, db, login):
    user = _signed_in(client, login, db)
    other_device = app.test_client()
    token = csrf_token_from(other_device.get("/login").get_data(as_text=True))
    other_device.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert other_device.get("/profile").status_code == 200

    wrong = client.post(
        "/profile/password",
        data={
            "csrf_token": _token(client),
            "current_password": "Wrong#123",
            "new_password": "Brand#New9",
            "confirm_password": "Brand#New9",
        },
    )
    assert wrong.status_code == 422
    assert _error_for(wrong.get_data(as_text=True), "current_password")

    ok = client.post(
        "/profile/password",
        data={
            "csrf_token": _token(client),
            "current_password": PASSWORD,
            "new_password": "Brand#New9",
            "confirm_password": "Brand#New9",
        },
    )
    assert ok.status_code == 303
    assert client.get("/profile").status_code == 200  # this device stays signed in
    assert other_device.get("/profile").status_code == 303  # the other one is signed out


def test_photo_upload_and_errors(client, db, login):
    user = _signed_in(client, login, db)
    fake = client.post(
        "/profile/photo",
        content_type="multipart/form-data",
        data={
            "csrf_token": _token(client),
            "image": (io.BytesIO(b"<svg/>"), "me.jpg", "image/jpeg"),
        },
    )
    assert fake.status_code == 422
    assert "JPEG or PNG" in _error_for(fake.get_data(as_text=True), "image")
    empty = client.post(
        "/profile/photo", content_type="multipart/form-data", data={"csrf_token": _token(client)}
    )
    assert empty.status_code == 422

    ok = client.post(
        "/profile/photo",
        content_type="multipart/form-data",
        data={
            "csrf_token": _token(client),
            "image": (io.BytesIO(encode(gradient(), "JPEG")), "me.jpg"),
        },
    )
    assert ok.status_code == 303
    db.session.expire_all()
    name = db.session.get(User, user.id).profile_image
    assert name and name.startswith("avatars/")
    assert f'src="/media/{name}"' in client.get("/profile").get_data(as_text=True)


def test_media_serves_only_avatars(client):
    assert client.get("/media/../config.py").status_code == 404
    assert client.get("/media/avatars/nothing.jpg").status_code == 404
    assert client.get("/media/clinic.db").status_code == 404


def test_count_of_users_is_unchanged_by_profile_edits(client, db, login, place):
    _signed_in(client, login, db)
    data = {
        "csrf_token": _token(client),
        "full_name": "A B",
        "mobile_number": "01512345678",
        **place,
    }
    client.post("/profile", data=data)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
