"""Booking and following appointments on the website (without a browser)."""

from datetime import timedelta

import sqlalchemy as sa

from clinic.scheduling.models import Appointment, AppointmentStatus
from clinic.timeutils import clinic_today
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_appointment, make_doctor, make_user, upcoming

WEEK = {"sunday": ["10:00-10:30", "10:30-11:00"]}


def _setup(db):
    doctor = make_doctor(available_timeslots=WEEK)
    patient = make_user(full_name="Jahangir Alam")
    db.session.commit()
    return doctor, patient


def _book(client, doctor, day, slot="10:00-10:30", **extra):
    form = client.get(f"/doctors/{doctor.id}/book?date={day.isoformat()}&slot={slot}")
    assert form.status_code == 200
    data = {
        "csrf_token": csrf_token_from(form.get_data(as_text=True)),
        "appointment_date": day.isoformat(),
        "appointment_time": slot,
        **extra,
    }
    return client.post(f"/doctors/{doctor.id}/book", data=data)


def test_booking_needs_a_signed_in_patient(client, db, login):
    doctor, _ = _setup(db)
    day = upcoming("sunday")
    anonymous = client.get(f"/doctors/{doctor.id}/book?date={day}&slot=10:00-10:30")
    assert anonymous.status_code == 303
    assert anonymous.headers["Location"].startswith("/login?next=")
    login(doctor.user.email, PASSWORD)
    assert client.get(f"/doctors/{doctor.id}/book?date={day}&slot=10:00-10:30").status_code == 403


def test_book_and_see_the_confirmation(client, db, login):
    doctor, patient = _setup(db)
    login(patient.email, PASSWORD)
    day = upcoming("sunday")
    response = _book(client, doctor, day, symptoms="Fever for three days")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your appointment is booked." in page
    assert day.strftime("%a %d %b %Y") in page and "10:00-10:30" in page
    assert "Fever for three days" in page and "status-pending" in page
    appointment = db.session.scalars(sa.select(Appointment)).one()
    assert appointment.patient_id == patient.id and appointment.fee == doctor.consultation_fee


def test_a_taken_slot_shows_a_clear_message_and_books_nothing(client, db, login):
    doctor, patient = _setup(db)
    day = upcoming("sunday")
    make_appointment(doctor=doctor, day=day, slot="10:00-10:30")
    db.session.commit()
    login(patient.email, PASSWORD)
    response = _book(client, doctor, day, symptoms="Typed text stays")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "just been taken" in html and "Typed text stays" in html
    assert "Choose another time" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Appointment)) == 1


def test_a_past_date_or_forged_slot_is_refused(client, db, login):
    doctor, patient = _setup(db)
    login(patient.email, PASSWORD)
    past = _book(client, doctor, upcoming("sunday") - timedelta(days=14))
    assert past.status_code == 422 and "in the past" in past.get_data(as_text=True)
    forged = _book(client, doctor, upcoming("sunday"), "03:00-03:30")
    assert forged.status_code == 422
    garbage = _book(client, doctor, upcoming("sunday"), "soon")
    assert garbage.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Appointment)) == 0


def test_my_appointments_upcoming_past_and_status(client, db, login):
    doctor, patient = _setup(db)
    soon = make_appointment(doctor=doctor, patient=patient, day=upcoming("sunday"))
    old = make_appointment(
        doctor=doctor,
        patient=patient,
        day=clinic_today() - timedelta(days=7),
        status=AppointmentStatus.COMPLETED,
        prescription="Rest",
    )
    other = make_appointment(doctor=doctor, day=upcoming("sunday"), slot="10:30-11:00")
    db.session.commit()
    login(patient.email, PASSWORD)
    upcoming_html = client.get("/appointments").get_data(as_text=True)
    assert f'id="appointment-{soon.id}"' in upcoming_html
    assert f'id="appointment-{old.id}"' not in upcoming_html
    assert f'id="appointment-{other.id}"' not in upcoming_html
    past_html = client.get("/appointments?when=past").get_data(as_text=True)
    assert f'id="appointment-{old.id}"' in past_html and "Rest" in past_html
    none = client.get("/appointments?when=upcoming&status=cancelled").get_data(as_text=True)
    assert "No appointments here." in none
    assert client.get(f"/appointments/{other.id}").status_code == 404


def test_doctor_day_shows_only_their_patients_of_that_day(client, db, login):
    doctor, patient = _setup(db)
    day = upcoming("sunday")
    mine = make_appointment(doctor=doctor, patient=patient, day=day)
    make_appointment(doctor=make_doctor(), day=day)
    db.session.commit()
    login(doctor.user.email, PASSWORD)
    html = client.get(f"/doctor/day?date={day.isoformat()}").get_data(as_text=True)
    assert html.count('class="card mb-3 appointment"') == 1
    assert f'id="appointment-{mine.id}"' in html and "Jahangir Alam" in html
    assert "No appointments on this day." in client.get("/doctor/day").get_data(as_text=True)


def test_doctor_writes_notes_in_place(client, db, login):
    doctor, patient = _setup(db)
    appointment = make_appointment(
        doctor=doctor, patient=patient, day=clinic_today(), status=AppointmentStatus.CONFIRMED
    )
    db.session.commit()
    login(doctor.user.email, PASSWORD)
    token = csrf_token_from(client.get("/doctor/day").get_data(as_text=True))
    response = client.post(
        f"/appointments/{appointment.id}/notes",
        headers={"HX-Request": "true"},
        data={
            "csrf_token": token,
            "diagnosis": "Migraine",
            "prescription": "Rest",
            "doctor_notes": "",
        },
    )
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith(f'<article id="appointment-{appointment.id}"')
    assert "Vary" in response.headers and "HX-Request" in response.headers["Vary"]
    db.session.expire_all()
    saved = db.session.get(Appointment, appointment.id)
    assert (saved.diagnosis, saved.prescription, saved.doctor_notes) == ("Migraine", "Rest", None)


def test_doctor_page_opens_on_the_first_day_with_a_free_slot(client, db):
    doctor = make_doctor(available_timeslots={"sunday": ["10:00-10:30"], "monday": ["10:00-10:30"]})
    sunday, monday = upcoming("sunday", 1), upcoming("monday", 1)
    first, second = sorted([sunday, monday])
    make_appointment(doctor=doctor, day=first, slot="10:00-10:30")  # the first one is taken
    db.session.commit()
    html = client.get(f"/doctors/{doctor.id}").get_data(as_text=True)
    assert second.strftime("%A, %d %B %Y") in html
    assert f"date={second.isoformat()}&amp;slot=10:00-10:30" in html
