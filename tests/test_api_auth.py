"""POST /auth/register, /auth/login, /auth/refresh, /auth/logout and token checks."""

from datetime import UTC, datetime, timedelta

import jwt as pyjwt
import pytest
import sqlalchemy as sa
from flask_jwt_extended import create_access_token

from clinic.accounts.models import RevokedToken, User
from tests.conftest import make_test_app
from tests.factories import PASSWORD, make_doctor, make_specialization, make_user
from tests.validation_cases import DOCTOR_CASES, USER_CASES, VALID_DOCTOR, VALID_PATIENT


@pytest.fixture
def cardiology(db):
    spec = make_specialization("Cardiology")
    db.session.commit()
    return spec


def _register(client, place, **overrides):
    body = {**VALID_PATIENT, "user_type": "patient", **place, **overrides}
    return client.post("/api/v1/auth/register", json=body)


def _fields(response) -> set[str]:
    return {e["field"] for e in response.get_json().get("errors", [])}


def _assert_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_register_a_patient(client, db, place):
    response = _register(client, place)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["email"] == "nasrin@example.com"
    assert body["mobile_number"] == "+8801712345678"
    assert body["user_type"] == "patient"
    assert body["thana"]["name"] == "Dhanmondi" and body["thana"]["bn_name"]
    assert body["doctor"] is None
    assert "password" not in str(body).lower()
    created = datetime.fromisoformat(body["created_at"])
    assert created.utcoffset() == timedelta(0)
    user = db.session.scalars(sa.select(User).where(User.email == "nasrin@example.com")).one()
    assert user.password_hash.startswith("$argon2id$")


def test_register_a_doctor_who_then_awaits_approval(client, db, place, cardiology):
    response = _register(client, place, user_type="doctor", doctor_data=VALID_DOCTOR)
    assert response.status_code == 201, response.get_json()
    doctor = response.get_json()["doctor"]
    assert doctor["specialization"] == "Cardiology"
    assert doctor["license_number"] == "BMDC-A-777"
    assert doctor["consultation_fee"] == 1500.0
    assert doctor["is_approved"] is False
    assert doctor["id"] and doctor["user_id"] == response.get_json()["id"]


def test_a_doctor_must_give_the_doctor_fields(client, place, cardiology):
    response = _register(client, place, user_type="doctor")
    _assert_problem(response, 422)
    assert {"license_number", "specialization", "experience_years", "consultation_fee"} <= _fields(
        response
    )


@pytest.mark.parametrize("user_type", ["admin", "superuser", ""])
def test_nobody_registers_as_admin(client, db, place, user_type):
    response = _register(client, place, user_type=user_type)
    _assert_problem(response, 422)
    assert "user_type" in _fields(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize("field", ["is_active", "is_verified", "is_approved", "role"])
def test_unknown_fields_are_refused_not_ignored(client, db, place, field):
    response = _register(client, place, **{field: True})
    _assert_problem(response, 422)
    assert field in _fields(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    ("case", "field", "value", "error_field"),
    USER_CASES,
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_account_rule_is_enforced(client, db, place, case, field, value, error_field):
    response = _register(client, place, **{field: value})
    _assert_problem(response, 422)
    assert error_field in _fields(response), response.get_json()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    ("case", "field", "value", "error_field"),
    DOCTOR_CASES,
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_doctor_rule_is_enforced(
    client, db, place, cardiology, case, field, value, error_field
):
    doctor = {**VALID_DOCTOR, field: value}
    response = _register(client, place, user_type="doctor", doctor_data=doctor)
    _assert_problem(response, 422)
    assert error_field in _fields(response), response.get_json()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_location_must_exist_and_nest(client, place, db):
    from clinic.locations.models import District, Thana

    elsewhere = db.session.scalars(
        sa.select(Thana).join(District).where(District.name == "Chattogram")
    ).first()
    wrong_thana = _register(client, place, thana_id=elsewhere.id)
    _assert_problem(wrong_thana, 422)
    assert _fields(wrong_thana) == {"thana_id"}
    wrong_district = _register(client, place, district_id=elsewhere.district_id)
    assert "district_id" in _fields(wrong_district)
    missing = _register(client, place, division_id=99999)
    assert "division_id" in _fields(missing)


def test_several_mistakes_are_reported_together(client, place):
    response = _register(client, place, email="bad", mobile_number="123", password="weak")
    assert {"email", "mobile_number", "password"} <= _fields(response)


def test_email_mobile_and_licence_must_be_unique(client, db, place, cardiology):
    assert _register(client, place).status_code == 201
    same_email = _register(client, place, email="NASRIN@example.COM", mobile_number="01812345678")
    assert _assert_problem(same_email, 409)["errors"][0]["field"] == "email"
    same_mobile = _register(
        client, place, email="other@example.com", mobile_number="+8801712345678"
    )
    assert _assert_problem(same_mobile, 409)["errors"][0]["field"] == "mobile_number"

    first = _register(
        client,
        place,
        email="d1@example.com",
        mobile_number="01912345678",
        user_type="doctor",
        doctor_data=VALID_DOCTOR,
    )
    assert first.status_code == 201
    again = _register(
        client,
        place,
        email="d2@example.com",
        mobile_number="01912345679",
        user_type="doctor",
        doctor_data={**VALID_DOCTOR, "license_number": "BMDC-A-777 "},
    )
    assert _assert_problem(again, 409)["errors"][0]["field"] == "license_number"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("{not json", "application/json"), ("email=x", "text/plain"), ("[]", "application/json")],
)
def test_malformed_bodies_are_422_not_500(client, data, content_type):
    response = client.post("/api/v1/auth/register", data=data, content_type=content_type)
    _assert_problem(response, 422)


def test_login_returns_tokens_and_who_you_are(client, db):
    user = make_user(full_name="Rokeya Begum")
    db.session.commit()
    response = client.post(
        "/api/v1/auth/login", json={"email": user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 30 * 60
    assert body["refresh_expires_in"] == 7 * 24 * 3600
    assert body["user"] == {
        "id": user.id,
        "full_name": "Rokeya Begum",
        "email": user.email,
        "user_type": "patient",
    }
    claims = pyjwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == str(user.id) and claims["type"] == "access"


def test_wrong_password_and_unknown_email_look_the_same(client, db):
    user = make_user()
    db.session.commit()
    wrong = client.post("/api/v1/auth/login", json={"email": user.email, "password": "Wrong#Pass1"})
    unknown = client.post(
        "/api/v1/auth/login", json={"email": "x@example.com", "password": PASSWORD}
    )
    assert _assert_problem(wrong, 401)["detail"] == _assert_problem(unknown, 401)["detail"]


def test_access_and_refresh_tokens_are_not_interchangeable(client, db, bearer):
    user = make_user()
    db.session.commit()
    access = bearer(user.email, PASSWORD)
    refresh = {"Authorization": f"Bearer {bearer.last['refresh_token']}"}
    assert client.get("/api/v1/users/profile", headers=access).status_code == 200
    _assert_problem(client.get("/api/v1/users/profile", headers=refresh), 401)
    _assert_problem(client.post("/api/v1/auth/refresh", headers=access), 401)

    renewed = client.post("/api/v1/auth/refresh", headers=refresh)
    assert renewed.status_code == 200
    new_access = {"Authorization": f"Bearer {renewed.get_json()['access_token']}"}
    assert client.get("/api/v1/users/profile", headers=new_access).get_json()["id"] == user.id


def test_logout_revokes_the_tokens_and_the_revocation_is_stored(app, client, db, bearer, tmp_path):
    user = make_user()
    db.session.commit()
    access = bearer(user.email, PASSWORD)
    refresh_token = bearer.last["refresh_token"]
    response = client.post(
        "/api/v1/auth/logout", headers=access, json={"refresh_token": refresh_token}
    )
    assert response.status_code == 204
    _assert_problem(client.get("/api/v1/users/profile", headers=access), 401)
    _assert_problem(
        client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {refresh_token}"}),
        401,
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RevokedToken)) == 2
    # A restarted app (a new process would be the same) still refuses them.
    restarted = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    restarted.config["JWT_SECRET_KEY"] = app.config["JWT_SECRET_KEY"]
    detail = (
        restarted.test_client().get("/api/v1/users/profile", headers=access).get_json()["detail"]
    )
    assert "revoked" in detail
    with restarted.app_context():
        from clinic.extensions import db as restarted_db

        restarted_db.engine.dispose()


def test_logout_with_a_refresh_token_alone(client, db, bearer):
    user = make_user()
    db.session.commit()
    bearer(user.email, PASSWORD)
    refresh = {"Authorization": f"Bearer {bearer.last['refresh_token']}"}
    assert client.post("/api/v1/auth/logout", headers=refresh).status_code == 204
    _assert_problem(client.post("/api/v1/auth/refresh", headers=refresh), 401)


def _token(app, user, **kwargs):
    with app.test_request_context():
        return create_access_token(identity=str(user.id), **kwargs)


def test_expired_forged_and_malformed_tokens_are_401(app, client, db):
    user = make_user()
    db.session.commit()
    expired = _token(app, user, expires_delta=timedelta(seconds=-5))
    now = datetime.now(UTC)
    claims = {
        "sub": str(user.id),
        "type": "access",
        "jti": "x",
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
        "fresh": False,
    }
    wrong_key = pyjwt.encode(claims, "another-secret-key-that-is-long-enough!", algorithm="HS256")
    unsigned = pyjwt.encode(claims, None, algorithm="none")
    cases = {
        "expired": expired,
        "wrong key": wrong_key,
        "alg none": unsigned,
        "garbage": "abc.def.ghi",
    }
    for name, token in cases.items():
        response = client.get("/api/v1/users/profile", headers={"Authorization": f"Bearer {token}"})
        body = _assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"] == "Bearer", name
        assert body["detail"], name
    assert (
        "expired"
        in client.get(
            "/api/v1/users/profile", headers={"Authorization": f"Bearer {expired}"}
        ).get_json()["detail"]
    )


def test_no_token_is_401_with_a_problem(client):
    _assert_problem(client.get("/api/v1/users/profile"), 401)


def test_deactivation_locks_the_user_out_of_both_sides_at_once(client, db, bearer, login):
    user = make_user()
    db.session.commit()
    api = bearer(user.email, PASSWORD)
    assert login(user.email, PASSWORD).status_code == 303
    assert client.get("/dashboard").status_code == 200
    assert client.get("/api/v1/users/profile", headers=api).status_code == 200

    db.session.get(User, user.id).is_active = False
    db.session.commit()
    assert client.get("/dashboard").status_code == 303
    assert (
        "deactivated"
        in _assert_problem(client.get("/api/v1/users/profile", headers=api), 401)["detail"]
    )
    _assert_problem(
        client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}), 401
    )


def test_role_in_token_is_not_trusted_the_database_decides(app, client, db):
    doctor = make_doctor()
    db.session.commit()
    token = _token(app, doctor.user, additional_claims={"user_type": "admin"})
    body = client.get(
        "/api/v1/users/profile", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert body["user_type"] == "doctor"
