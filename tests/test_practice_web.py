"""A doctor's practice page: professional details and the weekly timetable, as a full
page (JavaScript off) and as the htmx fragment ``#timetable``."""

import re
from datetime import date
from decimal import Decimal

import pytest

from clinic.accounts.models import UserType
from clinic.doctors.models import Doctor
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_appointment, make_doctor, make_specialization, make_user

HTMX = {"HX-Request": "true", "HX-Target": "timetable"}
SUNDAY = {"sunday": ["10:00-10:30", "10:30-11:00"]}


def _signed_in_doctor(db, login, **fields) -> Doctor:
    doctor = make_doctor(**fields)
    db.session.commit()
    assert login(doctor.user.email, PASSWORD).status_code == 303
    return doctor


def _token(client) -> str:
    return csrf_token_from(client.get("/doctor/profile").get_data(as_text=True))


def _reloaded(db, doctor: Doctor) -> Doctor:
    db.session.expire_all()
    return db.session.get(Doctor, doctor.id)


def _error_for(html: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]+)<', html)
    return match.group(1).strip() if match else None


def _day_block(html: str, day: str) -> str:
    """The markup of one weekday's block of the timetable."""
    match = re.search(rf'id="timetable-{day}".*?(?=id="timetable-|</section>)', html, re.S)
    assert match, f"no block for {day}"
    return match.group(0)


def _typed(html: str, day: str) -> str:
    """The value in the add-slot input of ``day``."""
    match = re.search(rf'id="slot-{day}"[^>]*value="([^"]*)"', html)
    assert match, f"no slot input for {day}"
    return match.group(1)


def _profile_data(client, **overrides) -> dict:
    data = {
        "csrf_token": _token(client),
        "specialization": "Cardiology",
        "experience_years": "12",
        "consultation_fee": "1200.50",
        "qualification": "MBBS, FCPS",
        "bio": "Heart and blood pressure.",
    }
    data.update(overrides)
    return data


# --- the page and who may see it -------------------------------------------------


def test_page_shows_the_doctor_details_and_timetable(client, db, login):
    make_specialization("Neurology")
    doctor = _signed_in_doctor(
        db, login, approved=False, available_timeslots={"saturday": ["09:00-09:30"], **SUNDAY}
    )
    response = client.get("/doctor/profile")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'value="{doctor.license_number}" readonly' in html
    assert 'name="license_number"' not in html
    assert "Awaiting approval" in html
    assert '<option selected value="Cardiology">' in html
    assert '<option value="Neurology">' in html
    assert '<section id="timetable"' in html
    days = re.findall(r'<li[^>]*id="timetable-(\w+)"', html)
    assert days == ["saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday"]
    assert "09:00-09:30" in _day_block(html, "saturday")
    assert "10:30-11:00" in _day_block(html, "sunday")
    assert 'hx-post="/doctor/timetable/add"' in html
    assert 'action="/doctor/timetable/add"' in html
    assert 'action="/doctor/timetable/remove"' in html


def test_retired_specialization_stays_selected(client, db, login):
    retired = make_specialization("Leech therapy")
    retired.is_active = False
    make_specialization("Cardiology")
    _signed_in_doctor(db, login, specialization=retired)
    html = client.get("/doctor/profile").get_data(as_text=True)
    assert '<option selected value="Leech therapy">' in html
    assert '<option value="Cardiology">' in html


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get("/doctor/profile")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", [UserType.PATIENT, UserType.ADMIN])
def test_other_roles_are_refused(client, db, login, role):
    user = make_user(role)
    db.session.commit()
    login(user.email, PASSWORD)
    assert client.get("/doctor/profile").status_code == 403
    token = csrf_token_from(client.get("/profile").get_data(as_text=True))
    data = {"csrf_token": token, "weekday": "sunday", "slot": "12:00-12:30"}
    assert client.post("/doctor/timetable/add", data=data).status_code == 403


# --- professional details --------------------------------------------------------


def test_update_profile(client, db, login):
    neurology = make_specialization("Neurology")
    doctor = _signed_in_doctor(db, login)
    data = _profile_data(client, specialization="Neurology")
    response = client.post("/doctor/profile", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/doctor/profile"
    saved = _reloaded(db, doctor)
    assert (saved.specialization_id, saved.experience_years, saved.consultation_fee) == (
        neurology.id,
        12,
        Decimal("1200.50"),
    )
    assert (saved.qualification, saved.bio) == ("MBBS, FCPS", "Heart and blood pressure.")
    assert "Your profile is saved." in client.get("/doctor/profile").get_data(as_text=True)


def test_update_profile_from_htmx_redirects_with_a_header(client, db, login):
    _signed_in_doctor(db, login)
    response = client.post("/doctor/profile", data=_profile_data(client), headers=HTMX)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/doctor/profile"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("experience_years", "61", "between 0 and 60"),
        ("consultation_fee", "0", "more than 0"),
        ("specialization", "Astrology", "Unknown specialization"),
        ("experience_years", "many", "Not a valid integer"),
    ],
)
def test_bad_details_are_shown_next_to_the_field_and_nothing_is_saved(
    client, db, login, field, value, message
):
    make_specialization("Neurology")
    doctor = _signed_in_doctor(db, login)
    data = _profile_data(client, **{field: value}, qualification="Typed qualification")
    response = client.post("/doctor/profile", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in _error_for(html, field)
    assert 'value="Typed qualification"' in html  # what was typed stays
    if field != "specialization":
        assert f'value="{value}"' in html
    saved = _reloaded(db, doctor)
    assert (saved.experience_years, saved.consultation_fee, saved.qualification) == (
        5,
        Decimal("800.00"),
        None,
    )


def test_licence_number_cannot_be_changed_even_if_posted(client, db, login):
    doctor = _signed_in_doctor(db, login)
    licence = doctor.license_number
    data = _profile_data(client, license_number="HIJACK-1", is_approved="y")
    assert client.post("/doctor/profile", data=data).status_code == 303
    saved = _reloaded(db, doctor)
    assert (saved.license_number, saved.is_approved, saved.experience_years) == (licence, True, 12)


# --- the weekly timetable --------------------------------------------------------


def test_add_slot_without_javascript(client, db, login):
    doctor = _signed_in_doctor(db, login, available_timeslots=SUNDAY)
    data = {"csrf_token": _token(client), "weekday": "Monday", "slot": " 09:00-09:30 "}
    response = client.post("/doctor/timetable/add", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/doctor/profile"
    assert _reloaded(db, doctor).available_timeslots == {**SUNDAY, "monday": ["09:00-09:30"]}
    page = client.get("/doctor/profile").get_data(as_text=True)
    assert "The slot is added." in page
    assert "09:00-09:30" in _day_block(page, "monday")


def test_add_slot_with_htmx_returns_the_timetable(client, db, login):
    doctor = _signed_in_doctor(db, login, available_timeslots=SUNDAY)
    data = {"csrf_token": _token(client), "weekday": "sunday", "slot": "09:00-10:00"}
    response = client.post("/doctor/timetable/add", data=data, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith('<section id="timetable"')
    assert "<html" not in html
    assert "HX-Request" in response.headers["Vary"]
    assert "09:00-10:00" in _day_block(html, "sunday")
    assert _reloaded(db, doctor).available_timeslots == {
        "sunday": ["09:00-10:00", "10:00-10:30", "10:30-11:00"]
    }


@pytest.mark.parametrize(
    ("slot", "message"),
    [
        ("10am-11am", "Use the form HH:MM-HH:MM"),
        ("12:00-11:30", "must end after it starts"),
        ("10:15-10:45", "overlaps"),
        ("06:30-07:30", "outside opening hours (07:00-23:00)"),
        ("22:30-23:30", "outside opening hours"),
        ("10:00-10:30", "listed twice"),
    ],
)
def test_invalid_slot_is_shown_in_its_day_and_nothing_is_saved(client, db, login, slot, message):
    doctor = _signed_in_doctor(db, login, available_timeslots=SUNDAY)
    token = _token(client)
    data = {"csrf_token": token, "weekday": "sunday", "slot": slot}

    fragment = client.post("/doctor/timetable/add", data=data, headers=HTMX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 422
    assert html.startswith('<section id="timetable"')
    block = _day_block(html, "sunday")
    assert message in _error_for(block, "slot-sunday")
    assert _typed(block, "sunday") == slot  # the typed value stays
    assert _error_for(_day_block(html, "monday"), "slot-monday") is None

    page = client.post("/doctor/timetable/add", data=data)
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "<html" in html and 'name="experience_years"' in html
    assert message in _error_for(_day_block(html, "sunday"), "slot-sunday")

    assert _reloaded(db, doctor).available_timeslots == SUNDAY


def test_unknown_weekday_is_refused(client, db, login):
    doctor = _signed_in_doctor(db, login, available_timeslots=SUNDAY)
    data = {"csrf_token": _token(client), "weekday": "funday", "slot": "12:00-12:30"}
    response = client.post("/doctor/timetable/add", data=data, headers=HTMX)
    assert response.status_code == 422
    assert "Choose a day of the week." in response.get_data(as_text=True)
    assert _reloaded(db, doctor).available_timeslots == SUNDAY


def test_remove_slot_with_htmx(client, db, login):
    doctor = _signed_in_doctor(db, login, available_timeslots=SUNDAY)
    data = {"csrf_token": _token(client), "weekday": "sunday", "slot": "10:00-10:30"}
    response = client.post("/doctor/timetable/remove", data=data, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith('<section id="timetable"')
    block = _day_block(html, "sunday")
    assert 'name="slot" value="10:00-10:30"' not in block
    assert 'name="slot" value="10:30-11:00"' in block
    assert _reloaded(db, doctor).available_timeslots == {"sunday": ["10:30-11:00"]}


def test_remove_last_slot_without_javascript(client, db, login):
    doctor = _signed_in_doctor(db, login, available_timeslots={"friday": ["16:00-16:30"]})
    data = {"csrf_token": _token(client), "weekday": "friday", "slot": "16:00-16:30"}
    response = client.post("/doctor/timetable/remove", data=data)
    assert response.status_code == 303
    assert _reloaded(db, doctor).available_timeslots == {}
    assert "The slot is removed." in client.get("/doctor/profile").get_data(as_text=True)


def test_removing_a_slot_that_is_not_listed_is_refused(client, db, login):
    doctor = _signed_in_doctor(db, login, available_timeslots=SUNDAY)
    data = {"csrf_token": _token(client), "weekday": "monday", "slot": "10:00-10:30"}
    response = client.post("/doctor/timetable/remove", data=data, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not listed on monday" in _error_for(_day_block(html, "monday"), "slot-monday")
    assert _reloaded(db, doctor).available_timeslots == SUNDAY


def test_removing_a_slot_keeps_the_appointment_booked_in_it(client, db, login):
    doctor = _signed_in_doctor(db, login, available_timeslots=SUNDAY)
    day = date(2030, 1, 6)  # a Sunday
    booked = make_appointment(doctor=doctor, day=day, slot="10:00-10:30")
    confirmed = make_appointment(
        doctor=doctor, day=day, slot="10:30-11:00", status=AppointmentStatus.CONFIRMED
    )
    db.session.commit()
    ids = (booked.id, confirmed.id)
    token = _token(client)
    for slot in SUNDAY["sunday"]:
        data = {"csrf_token": token, "weekday": "sunday", "slot": slot}
        assert client.post("/doctor/timetable/remove", data=data).status_code == 303
    assert _reloaded(db, doctor).available_timeslots == {}
    kept = [db.session.get(Appointment, id_) for id_ in ids]
    assert [(a.appointment_date, a.appointment_time, a.status) for a in kept] == [
        (day, "10:00-10:30", AppointmentStatus.PENDING),
        (day, "10:30-11:00", AppointmentStatus.CONFIRMED),
    ]


@pytest.mark.parametrize(
    "url", ["/doctor/profile", "/doctor/timetable/add", "/doctor/timetable/remove"]
)
def test_posts_need_csrf(client, db, login, url):
    doctor = _signed_in_doctor(db, login, available_timeslots=SUNDAY)
    data = {"weekday": "sunday", "slot": "10:00-10:30", **_profile_data(client)}
    del data["csrf_token"]
    assert client.post(url, data=data).status_code == 400
    assert client.post(url, data=data, headers=HTMX).status_code == 400
    saved = _reloaded(db, doctor)
    assert (saved.available_timeslots, saved.experience_years) == (SUNDAY, 5)
