"""Registering on the website: cascading location selects, field errors, nothing lost."""

import re

import pytest
import sqlalchemy as sa

from clinic.accounts.models import User
from clinic.doctors.models import Doctor
from tests.conftest import csrf_token_from
from tests.factories import make_specialization, make_user
from tests.validation_cases import DOCTOR_CASES, USER_CASES, VALID_DOCTOR, VALID_PATIENT


def _form(client, place, as_doctor=False, **overrides):
    page = client.get("/register" + ("?as=doctor" if as_doctor else ""))
    data = {**VALID_PATIENT, "confirm_password": VALID_PATIENT["password"], **place}
    if as_doctor:
        data |= VALID_DOCTOR
    data |= overrides
    if "password" in overrides and "confirm_password" not in overrides:
        data["confirm_password"] = overrides["password"]
    data["csrf_token"] = csrf_token_from(page.get_data(as_text=True))
    return data


def _post(client, place, as_doctor=False, **overrides):
    url = "/register" + ("?as=doctor" if as_doctor else "")
    return client.post(url, data=_form(client, place, as_doctor, **overrides))


def _error_for(html: str, field: str) -> str | None:
    match = re.search(rf'id="{field}-error">([^<]+)<', html)
    return match.group(1) if match else None


def test_page_lists_divisions_and_offers_both_account_kinds(client):
    html = client.get("/register").get_data(as_text=True)
    assert html.count("<option") >= 9  # placeholder + 8 divisions
    assert "Dhaka</option>" in html
    assert 'hx-get="/locations/district-select"' in html
    assert "?as=doctor" in html
    doctor_html = client.get("/register?as=doctor").get_data(as_text=True)
    assert "BMDC licence number" in doctor_html


def test_cascading_select_partials(client, place):
    districts = client.get(
        f"/locations/district-select?division_id={place['division_id']}",
        headers={"HX-Request": "true"},
    )
    html = districts.get_data(as_text=True)
    assert html.startswith('<div id="district-select">')
    assert "Gazipur" in html and "গাজীপুর" in html
    assert 'id="thana-select" hx-swap-oob=true' in html  # the thana list is emptied
    thanas = client.get(f"/locations/thana-select?district_id={place['district_id']}").get_data(
        as_text=True
    )
    assert thanas.startswith('<div id="thana-select"')
    assert "Dhanmondi" in thanas and "Savar" in thanas
    assert "<option" in client.get("/locations/thana-select?district_id=abc").get_data(as_text=True)


def test_register_a_patient_and_land_signed_in(client, db, place):
    response = _post(client, place)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == "/dashboard"
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Nasrin Akter" in dashboard and "Your account is ready." in dashboard
    user = db.session.scalars(sa.select(User)).one()
    assert (user.email, user.mobile_number, user.user_type.value) == (
        "nasrin@example.com",
        "+8801712345678",
        "patient",
    )


def test_register_a_doctor_who_awaits_approval(client, db, place):
    make_specialization("Cardiology")
    db.session.commit()
    response = _post(client, place, as_doctor=True)
    assert response.status_code == 303, response.get_data(as_text=True)
    doctor = db.session.scalars(sa.select(Doctor)).one()
    assert doctor.is_approved is False and doctor.license_number == "BMDC-A-777"
    assert "awaiting approval" in client.get("/dashboard").get_data(as_text=True)


@pytest.mark.parametrize(
    ("case", "field", "value", "error_field"),
    USER_CASES,
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_rule_shows_next_to_its_field_and_keeps_the_input(
    client, db, place, case, field, value, error_field
):
    response = _post(client, place, **{field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _error_for(html, error_field), f"no error shown for {error_field}"
    if field != "email":
        assert 'value="Nasrin@Example.com"' in html  # what was typed stays
    assert f'<option value="{place["thana_id"]}" selected>' in html  # the location too
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    ("case", "field", "value", "error_field"),
    DOCTOR_CASES,
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_doctor_rule_on_the_web(client, db, place, case, field, value, error_field):
    make_specialization("Cardiology")
    db.session.commit()
    response = _post(client, place, as_doctor=True, **{field: value})
    assert response.status_code == 422
    assert _error_for(response.get_data(as_text=True), error_field), error_field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_wrong_location_nesting_is_shown_on_the_thana(client, db, place):
    from clinic.locations.models import District, Thana

    elsewhere = db.session.scalars(
        sa.select(Thana).join(District).where(District.name == "Sylhet")
    ).first()
    response = _post(client, place, thana_id=elsewhere.id)
    assert response.status_code == 422
    assert "is not in Dhaka district" in _error_for(response.get_data(as_text=True), "thana_id")


def test_taken_email_is_shown_on_the_email_field(client, db, place):
    make_user(email="nasrin@example.com")
    db.session.commit()
    response = _post(client, place)
    assert response.status_code == 422
    assert "already exists" in _error_for(response.get_data(as_text=True), "email")


def test_passwords_must_match(client, db, place):
    response = _post(client, place, confirm_password="Other#Pass1")
    assert _error_for(response.get_data(as_text=True), "confirm_password") == "Passwords differ."


def test_without_javascript_the_form_refreshes_its_location_choices(client, db, place):
    data = _form(client, place, district_id="", thana_id="")
    data["action"] = "refresh-locations"
    response = client.post("/register", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Gazipur (গাজীপুর)</option>" in html  # districts of the chosen division
    assert 'value="Nasrin Akter"' in html
    assert "<noscript>" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_registration_needs_csrf(client, db, place):
    data = _form(client, place)
    del data["csrf_token"]
    assert client.post("/register", data=data).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
