"""Booking: every refusal in DESIGN.md, on the domain and through the API."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from clinic.accounts.models import User, UserType
from clinic.errors import Conflict, Forbidden, RuleViolation
from clinic.scheduling.models import Appointment, AppointmentStatus
from clinic.scheduling.services import book_appointment
from tests.factories import PASSWORD, make_appointment, make_doctor, make_user, upcoming

DHAKA = ZoneInfo("Asia/Dhaka")
WEEK = {"sunday": ["10:00-10:30", "10:30-11:00"], "monday": ["17:00-17:30"]}


@pytest.fixture
def doctor(db):
    d = make_doctor(available_timeslots=WEEK, consultation_fee=Decimal("1200.00"))
    db.session.commit()
    return d


@pytest.fixture
def patient(db):
    p = make_user()
    db.session.commit()
    return p


def _count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Appointment))


def _book(patient, doctor, day, slot="10:00-10:30", **kwargs):
    return book_appointment(
        patient, doctor_id=doctor.id, appointment_date=day, appointment_time=slot, **kwargs
    )


def test_booking_stores_a_pending_appointment_with_the_fee_of_the_day(db, doctor, patient):
    day = upcoming("sunday")
    appointment = _book(patient, doctor, day, symptoms=" Chest pain ", notes="Urgent")
    assert appointment.status == AppointmentStatus.PENDING
    assert appointment.fee == Decimal("1200.00")
    assert (appointment.symptoms, appointment.notes) == ("Chest pain", "Urgent")
    doctor.consultation_fee = Decimal("2000.00")
    db.session.commit()
    db.session.refresh(appointment)
    assert appointment.fee == Decimal("1200.00")


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("past-date", "appointment_date"),
        ("not-in-timetable", "appointment_time"),
        ("wrong-weekday", "appointment_time"),
        ("bad-format", "appointment_time"),
        ("too-far-ahead", "appointment_date"),
    ],
)
def test_refusals_name_their_field(db, doctor, patient, case, field):
    sunday = upcoming("sunday")
    day, slot = {
        "past-date": (sunday - timedelta(days=14), "10:00-10:30"),
        "not-in-timetable": (sunday, "12:00-12:30"),
        "wrong-weekday": (upcoming("tuesday"), "10:00-10:30"),
        "bad-format": (sunday, "10am"),
        "too-far-ahead": (sunday + timedelta(days=140), "10:00-10:30"),
    }[case]
    with pytest.raises(RuleViolation) as refused:
        _book(patient, doctor, day, slot)
    assert refused.value.field == field
    assert _count(db) == 0


def test_a_slot_that_has_started_cannot_be_booked(db, doctor, patient):
    day = upcoming("sunday")
    just_after_ten = datetime(day.year, day.month, day.day, 10, 1, tzinfo=DHAKA)
    with pytest.raises(RuleViolation, match="already started"):
        _book(patient, doctor, day, "10:00-10:30", now=just_after_ten.astimezone(UTC))
    later_slot = _book(patient, doctor, day, "10:30-11:00", now=just_after_ten)
    assert later_slot.id


@pytest.mark.parametrize("problem", ["unapproved", "inactive"])
def test_unapproved_or_inactive_doctors_cannot_be_booked(db, patient, problem):
    doctor = make_doctor(approved=problem != "unapproved", available_timeslots=WEEK)
    if problem == "inactive":
        doctor.user.is_active = False
    db.session.commit()
    with pytest.raises(RuleViolation) as refused:
        _book(patient, doctor, upcoming("sunday"))
    assert refused.value.field == "doctor_id"


def test_a_held_slot_is_a_conflict_and_a_cancelled_one_is_free_again(db, doctor, patient):
    day = upcoming("sunday")
    first = _book(patient, doctor, day)
    with pytest.raises(Conflict):
        _book(make_user(), doctor, day)
    first.status = AppointmentStatus.CANCELLED
    db.session.commit()
    assert _book(make_user(), doctor, day).status == AppointmentStatus.PENDING
    assert _count(db) == 2


def test_the_same_patient_cannot_be_in_two_places_at_once(db, doctor, patient):
    other = make_doctor(available_timeslots={"sunday": ["10:15-10:45"]})
    db.session.commit()
    day = upcoming("sunday")
    _book(patient, doctor, day, "10:00-10:30")
    with pytest.raises(Conflict, match="already have an appointment"):
        _book(patient, other, day, "10:15-10:45")
    assert _count(db) == 1


@pytest.mark.parametrize("user_type", [UserType.DOCTOR, UserType.ADMIN])
def test_only_patients_book(db, doctor, user_type):
    with pytest.raises(Forbidden):
        _book(make_user(user_type), doctor, upcoming("sunday"))


# --- through the API ------------------------------------------------------------


def _post(client, headers, doctor, day, slot="10:00-10:30", **extra):
    body = {
        "doctor_id": doctor.id,
        "appointment_date": day.isoformat(),
        "appointment_time": slot,
        **extra,
    }
    return client.post("/api/v1/appointments/", headers=headers, json=body)


def test_api_booking_returns_201_with_the_appointment(client, db, bearer, doctor, patient):
    day = upcoming("sunday")
    response = _post(client, bearer(patient.email, PASSWORD), doctor, day, symptoms="Cough")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "pending" and body["fee"] == 1200.0
    assert body["doctor"]["id"] == doctor.id and body["patient"]["id"] == patient.id
    assert body["appointment_date"] == day.isoformat()
    assert body["allowed_transitions"] == ["cancelled"]


def test_api_booking_errors(client, db, bearer, doctor, patient):
    headers = bearer(patient.email, PASSWORD)
    day = upcoming("sunday")
    past = _post(client, headers, doctor, date(2020, 1, 5))
    assert past.status_code == 422 and past.get_json()["errors"][0]["field"] == "appointment_date"
    assert _post(client, headers, doctor, day).status_code == 201
    rival = make_user()
    db.session.commit()
    taken = _post(client, bearer(rival.email, PASSWORD), doctor, day)
    assert taken.status_code == 409 and taken.mimetype == "application/problem+json"
    unknown = _post(client, headers, doctor, day, doctor_id=99999)
    assert unknown.status_code == 422
    bad_date = client.post(
        "/api/v1/appointments/",
        headers=headers,
        json={
            "doctor_id": doctor.id,
            "appointment_date": "31-12-2030",
            "appointment_time": "10:00-10:30",
        },
    )
    assert bad_date.status_code == 422
    sneaky = _post(client, headers, doctor, day, "10:30-11:00", status="confirmed")
    assert sneaky.status_code == 422 and sneaky.get_json()["errors"][0]["field"] == "status"
    assert _count(db) == 1


def test_api_booking_is_for_patients_only(client, db, bearer, doctor):
    admin = make_user(UserType.ADMIN)
    db.session.commit()
    response = _post(client, bearer(admin.email, PASSWORD), doctor, upcoming("sunday"))
    assert response.status_code == 403
    assert _post(client, {}, doctor, upcoming("sunday")).status_code == 401


def test_free_slots_through_the_api(client, db, doctor, patient):
    day = upcoming("sunday")
    make_appointment(doctor=doctor, patient=patient, day=day, slot="10:00-10:30")
    make_appointment(doctor=doctor, day=day, slot="10:30-11:00", status=AppointmentStatus.CANCELLED)
    db.session.commit()
    body = client.get(f"/api/v1/doctors/{doctor.id}/slots?date={day.isoformat()}").get_json()
    assert body == {"doctor_id": doctor.id, "date": day.isoformat(), "slots": ["10:30-11:00"]}
    monday = client.get(f"/api/v1/doctors/{doctor.id}/slots?date={upcoming('monday')}").get_json()
    assert monday["slots"] == ["17:00-17:30"]
    assert client.get(f"/api/v1/doctors/{doctor.id}/slots?date=nope").status_code == 422
    assert client.get(f"/api/v1/doctors/{doctor.id}/slots").status_code == 422


def test_listing_is_scoped_to_the_caller(client, db, bearer, doctor, patient):
    mine = make_appointment(doctor=doctor, patient=patient, day=upcoming("sunday"))
    theirs = make_appointment(doctor=make_doctor(), day=upcoming("sunday"), slot="10:30-11:00")
    admin = make_user(UserType.ADMIN)
    db.session.commit()

    def ids(user, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        response = client.get(
            f"/api/v1/appointments/?{query}", headers=bearer(user.email, PASSWORD)
        )
        return {a["id"] for a in response.get_json()["items"]}

    assert ids(patient) == {mine.id}
    assert ids(doctor.user) == {mine.id}
    assert ids(theirs.doctor.user) == {theirs.id}
    assert ids(admin) == {mine.id, theirs.id}
    assert ids(admin, status="confirmed") == set()
    assert ids(admin, date_from="2099-01-01") == set()
    patient_headers = bearer(patient.email, PASSWORD)
    assert (
        client.get(f"/api/v1/appointments/{theirs.id}", headers=patient_headers).status_code == 404
    )
    assert client.get(f"/api/v1/appointments/{mine.id}", headers=patient_headers).status_code == 200
    assert (
        client.get("/api/v1/appointments/?status=lost", headers=patient_headers).status_code == 422
    )


def test_removing_a_slot_keeps_appointments_booked_in_it(client, db, bearer, doctor, patient):
    booked = make_appointment(doctor=doctor, patient=patient, day=upcoming("sunday"))
    db.session.commit()
    response = client.put(
        "/api/v1/doctors/me/profile",
        headers=bearer(doctor.user.email, PASSWORD),
        json={"available_timeslots": {"monday": ["17:00-17:30"]}},
    )
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    kept = db.session.get(Appointment, booked.id)
    assert (kept.appointment_time, kept.status) == ("10:00-10:30", AppointmentStatus.PENDING)
    assert db.session.get(User, patient.id) is not None
