"""A doctor's own profile and timetable, specializations, and admin approval, via the API."""

import pytest
import sqlalchemy as sa

from clinic.accounts.models import UserType
from clinic.doctors.models import Doctor, Specialization
from tests.factories import PASSWORD, make_doctor, make_specialization, make_user


@pytest.fixture
def doctor(db):
    d = make_doctor(available_timeslots={"sunday": ["10:00-10:30"]})
    make_specialization("Neurology")
    db.session.commit()
    return d


def _fields(response) -> set[str]:
    return {e["field"] for e in response.get_json().get("errors", [])}


def test_get_own_profile(client, db, bearer, doctor):
    body = client.get("/api/v1/doctors/me/profile", headers=bearer(doctor.user.email, PASSWORD))
    assert body.status_code == 200
    data = body.get_json()
    assert data["id"] == doctor.id and data["license_number"] == doctor.license_number
    assert data["available_timeslots"] == {"sunday": ["10:00-10:30"]}


def test_patients_and_admins_have_no_doctor_profile(client, db, bearer):
    for user_type in (UserType.PATIENT, UserType.ADMIN):
        user = make_user(user_type)
        db.session.commit()
        response = client.get("/api/v1/doctors/me/profile", headers=bearer(user.email, PASSWORD))
        assert response.status_code == 403


def test_update_profile_and_timetable(client, db, bearer, doctor):
    response = client.put(
        "/api/v1/doctors/me/profile",
        headers=bearer(doctor.user.email, PASSWORD),
        json={
            "specialization": "neurology",
            "experience_years": 20,
            "consultation_fee": 999.5,
            "bio": "New bio",
            "available_timeslots": {"Monday ": ["18:00-18:30", "17:00-17:30"], "friday": []},
        },
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["specialization"] == "Neurology" and body["consultation_fee"] == 999.5
    assert body["available_timeslots"] == {"monday": ["17:00-17:30", "18:00-18:30"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"license_number": "NEW-1"}, "license_number"),
        ({"is_approved": True}, "is_approved"),
        ({"experience_years": 61}, "experience_years"),
        ({"consultation_fee": 0}, "consultation_fee"),
        ({"specialization": "Astrology"}, "specialization"),
        (
            {"available_timeslots": {"sunday": ["10:00-11:00", "10:30-11:30"]}},
            "available_timeslots.sunday",
        ),
        ({"available_timeslots": {"sunday": ["05:00-05:30"]}}, "available_timeslots.sunday"),
        ({"available_timeslots": {"someday": ["10:00-10:30"]}}, "available_timeslots.someday"),
        ({"available_timeslots": {"sunday": ["10-11"]}}, "available_timeslots.sunday"),
    ],
)
def test_invalid_changes_are_refused(client, db, bearer, doctor, change, field):
    response = client.put(
        "/api/v1/doctors/me/profile", headers=bearer(doctor.user.email, PASSWORD), json=change
    )
    assert response.status_code == 422
    assert field in _fields(response), response.get_json()
    db.session.expire_all()
    unchanged = db.session.get(Doctor, doctor.id)
    assert unchanged.available_timeslots == {"sunday": ["10:00-10:30"]}
    assert (unchanged.experience_years, unchanged.is_approved) == (5, True)


def test_specializations_list_leaves_retired_ones_out(client, db):
    make_specialization("Cardiology")
    retired = make_specialization("Phrenology")
    retired.is_active = False
    db.session.commit()
    names = [s["name"] for s in client.get("/api/v1/specializations").get_json()["items"]]
    assert "Cardiology" in names and "Phrenology" not in names


def test_admin_approves_and_revokes(client, db, bearer):
    pending = make_doctor(approved=False)
    admin = make_user(UserType.ADMIN)
    db.session.commit()
    headers = bearer(admin.email, PASSWORD)
    assert client.get(f"/api/v1/doctors/{pending.id}").status_code == 404
    approved = client.put(f"/api/v1/admin/doctors/{pending.id}/approve", headers=headers)
    assert approved.status_code == 200 and approved.get_json()["is_approved"] is True
    assert client.get(f"/api/v1/doctors/{pending.id}").status_code == 200
    revoked = client.delete(f"/api/v1/admin/doctors/{pending.id}/approve", headers=headers)
    assert revoked.get_json()["is_approved"] is False
    assert client.get(f"/api/v1/doctors/{pending.id}").status_code == 404
    assert client.put("/api/v1/admin/doctors/99999/approve", headers=headers).status_code == 404


def test_only_admins_approve_or_manage_specializations(client, db, bearer, doctor):
    headers = bearer(doctor.user.email, PASSWORD)
    assert (
        client.put(f"/api/v1/admin/doctors/{doctor.id}/approve", headers=headers).status_code == 403
    )
    assert (
        client.post(
            "/api/v1/admin/specializations", headers=headers, json={"name": "X"}
        ).status_code
        == 403
    )


def test_admin_manages_specializations(client, db, bearer):
    admin = make_user(UserType.ADMIN)
    db.session.commit()
    headers = bearer(admin.email, PASSWORD)
    created = client.post(
        "/api/v1/admin/specializations", headers=headers, json={"name": "  Geriatrics "}
    )
    assert created.status_code == 201 and created.get_json()["name"] == "Geriatrics"
    spec_id = created.get_json()["id"]
    duplicate = client.post(
        "/api/v1/admin/specializations", headers=headers, json={"name": "geriatrics"}
    )
    assert duplicate.status_code == 409
    renamed = client.put(
        f"/api/v1/admin/specializations/{spec_id}",
        headers=headers,
        json={"name": "Geriatric Medicine", "is_active": False},
    )
    assert renamed.get_json() == {"id": spec_id, "name": "Geriatric Medicine", "is_active": False}
    db.session.expire_all()
    assert db.session.get(Specialization, spec_id).is_active is False
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Specialization)) == 1
