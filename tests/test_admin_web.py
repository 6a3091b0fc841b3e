"""Admin pages: approving doctors and keeping the specializations, with and without htmx."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from clinic.accounts.models import UserType
from clinic.doctors.models import Doctor, Specialization
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_doctor, make_specialization, make_user

HTMX = {"HX-Request": "true"}


@pytest.fixture
def admin(client, db, login):
    """A signed-in admin."""
    user = make_user(UserType.ADMIN)
    db.session.commit()
    assert login(user.email, PASSWORD).status_code == 303
    return user


def _token(client, page: str = "/admin/doctors") -> str:
    return csrf_token_from(client.get(page).get_data(as_text=True))


def _doctor(db, doctor_id: int) -> Doctor:
    db.session.expire_all()
    return db.session.get(Doctor, doctor_id)


def _spec(db, spec_id: int) -> Specialization:
    db.session.expire_all()
    return db.session.get(Specialization, spec_id)


def _spec_names(db) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Specialization.name).order_by(Specialization.name)))


def _error_for(html: str, element_id: str) -> str | None:
    match = re.search(rf'id="{element_id}-error">([^<]+)<', html)
    return match.group(1) if match else None


# --- doctors -----------------------------------------------------------------------


def test_admin_sees_doctors_awaiting_approval_and_approved(client, db, admin):
    waiting = make_doctor(approved=False, license_number="BMDC-A-11")
    waiting.user.full_name = "Dr Waiting Rahman"
    approved = make_doctor(approved=True, specialization=make_specialization("Neurology"))
    approved.user.full_name = "Dr Approved Akter"
    db.session.commit()
    response = client.get("/admin/doctors")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    awaiting_part, approved_part = html.split('id="approved-doctors"')
    assert f'<tr id="doctor-row-{waiting.id}">' in awaiting_part
    assert "Dr Waiting Rahman" in awaiting_part and "BMDC-A-11" in awaiting_part
    assert waiting.user.email in awaiting_part and "Cardiology" in awaiting_part
    assert f'action="/admin/doctors/{waiting.id}/approve"' in awaiting_part
    assert "Dr Approved Akter" not in awaiting_part
    assert f'<tr id="doctor-row-{approved.id}">' in approved_part
    assert "Dr Approved Akter" in approved_part and "Neurology" in approved_part
    assert f'hx-post="/admin/doctors/{approved.id}/revoke"' in approved_part
    assert "Dr Waiting Rahman" not in approved_part


@pytest.mark.parametrize("role", [UserType.PATIENT, UserType.DOCTOR])
def test_other_roles_are_refused(client, db, login, role):
    user = make_user(role)
    waiting = make_doctor(approved=False)
    spec = make_specialization("Dermatology")
    db.session.commit()
    assert login(user.email, PASSWORD).status_code == 303
    token = _token(client, "/profile")
    assert client.get("/admin/doctors").status_code == 403
    assert client.get("/admin/specializations").status_code == 403
    response = client.post(f"/admin/doctors/{waiting.id}/approve", data={"csrf_token": token})
    assert response.status_code == 403
    response = client.post(f"/admin/specializations/{spec.id}/retire", data={"csrf_token": token})
    assert response.status_code == 403
    response = client.post("/admin/specializations", data={"csrf_token": token, "name": "Hack"})
    assert response.status_code == 403
    assert not _doctor(db, waiting.id).is_approved
    assert _spec(db, spec.id).is_active
    assert _spec_names(db) == ["Cardiology", "Dermatology"]


@pytest.mark.parametrize("path", ["/admin/doctors", "/admin/specializations"])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/login?next={path}")


def test_approve_without_javascript_redirects_back_with_a_message(client, db, admin):
    doctor = make_doctor(approved=False)
    db.session.commit()
    response = client.post(
        f"/admin/doctors/{doctor.id}/approve", data={"csrf_token": _token(client)}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/doctors"
    saved = _doctor(db, doctor.id)
    assert saved.is_approved and saved.approved_at is not None
    html = client.get("/admin/doctors").get_data(as_text=True)
    assert f"{doctor.user.full_name} is approved" in html
    assert f'<tr id="doctor-row-{doctor.id}">' in html.split('id="approved-doctors"')[1]


def test_approve_with_htmx_returns_the_row(client, db, admin):
    doctor = make_doctor(approved=False)
    db.session.commit()
    response = client.post(
        f"/admin/doctors/{doctor.id}/approve", data={"csrf_token": _token(client)}, headers=HTMX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith(f'<tr id="doctor-row-{doctor.id}"')
    assert "HX-Request" in response.headers["Vary"]
    assert "Revoke approval" in html and ">Approve<" not in html
    assert "<html" not in html
    assert _doctor(db, doctor.id).is_approved


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_revoke_approval(client, db, admin, headers):
    doctor = make_doctor(approved=True)
    db.session.commit()
    response = client.post(
        f"/admin/doctors/{doctor.id}/revoke", data={"csrf_token": _token(client)}, headers=headers
    )
    assert response.status_code == (200 if headers else 303)
    if headers:
        assert ">Approve<" in response.get_data(as_text=True)
    saved = _doctor(db, doctor.id)
    assert not saved.is_approved and saved.approved_at is None


def test_approval_needs_the_csrf_token(client, db, admin):
    doctor = make_doctor(approved=False)
    db.session.commit()
    assert client.post(f"/admin/doctors/{doctor.id}/approve").status_code == 400
    assert client.post(f"/admin/doctors/{doctor.id}/approve", headers=HTMX).status_code == 400
    assert not _doctor(db, doctor.id).is_approved


# --- specializations ---------------------------------------------------------------


def _spec_token(client) -> str:
    return _token(client, "/admin/specializations")


def test_admin_sees_every_specialization_with_its_state(client, db, admin):
    active = make_specialization("Cardiology")
    retired = make_specialization("Homeopathy")
    retired.is_active = False
    db.session.commit()
    html = client.get("/admin/specializations").get_data(as_text=True)
    active_row = re.search(rf'<tr id="specialization-row-{active.id}">.*?</tr>', html, re.S)
    retired_row = re.search(rf'<tr id="specialization-row-{retired.id}">.*?</tr>', html, re.S)
    assert "Active" in active_row.group(0) and ">Retire<" in active_row.group(0)
    assert "Retired" in retired_row.group(0) and ">Restore<" in retired_row.group(0)
    assert 'value="Homeopathy"' in retired_row.group(0)


def test_add_specialization(client, db, admin):
    response = client.post(
        "/admin/specializations",
        data={"csrf_token": _spec_token(client), "name": "  Child   Psychiatry "},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/specializations"
    assert _spec_names(db) == ["Child Psychiatry"]
    html = client.get("/admin/specializations").get_data(as_text=True)
    assert "Child Psychiatry is added." in html


def test_blank_specialization_is_refused(client, db, admin):
    response = client.post(
        "/admin/specializations", data={"csrf_token": _spec_token(client), "name": "   "}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _error_for(html, "name") == "Enter a name."
    assert 'id="specializations"' in html  # the whole page, list included
    assert _spec_names(db) == []


def test_duplicate_specialization_is_refused_whatever_the_case(client, db, admin):
    make_specialization("Cardiology")
    db.session.commit()
    response = client.post(
        "/admin/specializations", data={"csrf_token": _spec_token(client), "name": "CARDIOLOGY"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already exists" in _error_for(html, "name")
    assert 'value="CARDIOLOGY"' in html
    assert _spec_names(db) == ["Cardiology"]


def test_adding_needs_the_csrf_token(client, db, admin):
    assert client.post("/admin/specializations", data={"name": "Oncology"}).status_code == 400
    assert _spec_names(db) == []


def test_rename_without_javascript(client, db, admin):
    spec = make_specialization("Cardiolgy")
    db.session.commit()
    response = client.post(
        f"/admin/specializations/{spec.id}/rename",
        data={"csrf_token": _spec_token(client), "name": "Cardiology"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/specializations"
    assert _spec(db, spec.id).name == "Cardiology"
    assert "Renamed to Cardiology." in client.get("/admin/specializations").get_data(as_text=True)


def test_rename_with_htmx_returns_the_row(client, db, admin):
    spec = make_specialization("ENT")
    db.session.commit()
    response = client.post(
        f"/admin/specializations/{spec.id}/rename",
        data={"csrf_token": _spec_token(client), "name": "Ear, Nose and Throat"},
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith(f'<tr id="specialization-row-{spec.id}"')
    assert "HX-Request" in response.headers["Vary"]
    assert 'value="Ear, Nose and Throat"' in html
    assert _spec(db, spec.id).name == "Ear, Nose and Throat"


def test_rename_to_a_taken_name_with_htmx_shows_the_error_in_the_row(client, db, admin):
    make_specialization("Cardiology")
    spec = make_specialization("Neurology")
    db.session.commit()
    response = client.post(
        f"/admin/specializations/{spec.id}/rename",
        data={"csrf_token": _spec_token(client), "name": "cardiology"},
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.startswith(f'<tr id="specialization-row-{spec.id}"')
    assert "HX-Request" in response.headers["Vary"]
    assert "already exists" in _error_for(html, f"rename-{spec.id}")
    assert 'value="cardiology"' in html
    assert _spec(db, spec.id).name == "Neurology"


def test_rename_to_a_taken_name_without_javascript_shows_the_page(client, db, admin):
    other = make_specialization("Cardiology")
    spec = make_specialization("Neurology")
    db.session.commit()
    response = client.post(
        f"/admin/specializations/{spec.id}/rename",
        data={"csrf_token": _spec_token(client), "name": "Cardiology"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" in html
    assert "already exists" in _error_for(html, f"rename-{spec.id}")
    assert _error_for(html, f"rename-{other.id}") is None
    assert _spec_names(db) == ["Cardiology", "Neurology"]


def test_blank_rename_is_refused(client, db, admin):
    spec = make_specialization("Neurology")
    db.session.commit()
    response = client.post(
        f"/admin/specializations/{spec.id}/rename",
        data={"csrf_token": _spec_token(client), "name": " "},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert _error_for(response.get_data(as_text=True), f"rename-{spec.id}") == "Enter a name."
    assert _spec(db, spec.id).name == "Neurology"


def test_retire_then_restore(client, db, admin):
    spec = make_specialization("Homeopathy")
    db.session.commit()
    token = _spec_token(client)
    response = client.post(
        f"/admin/specializations/{spec.id}/retire", data={"csrf_token": token}, headers=HTMX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith(f'<tr id="specialization-row-{spec.id}"')
    assert "Retired" in html and ">Restore<" in html
    assert not _spec(db, spec.id).is_active
    response = client.post(f"/admin/specializations/{spec.id}/restore", data={"csrf_token": token})
    assert response.status_code == 303
    assert _spec(db, spec.id).is_active
    assert "Homeopathy is restored." in client.get("/admin/specializations").get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/doctors/999999/approve",
        "/admin/doctors/999999/revoke",
        "/admin/specializations/999999/rename",
        "/admin/specializations/999999/retire",
        "/admin/specializations/999999/restore",
    ],
)
def test_unknown_ids_are_not_found(client, db, admin, path):
    spec = make_specialization("Cardiology")
    db.session.commit()
    response = client.post(path, data={"csrf_token": _token(client), "name": "Anything"})
    assert response.status_code == 404
    assert "not found" in response.get_data(as_text=True).lower()
    assert _spec_names(db) == ["Cardiology"] and _spec(db, spec.id).is_active
