"""The heart of the product in a real browser: find, pick, book; confirm, complete,
prescribe; the patient reads the prescription. And booking with JavaScript off."""

from decimal import Decimal

import sqlalchemy as sa

from clinic.accounts.models import UserType
from clinic.scheduling.models import Appointment, AppointmentStatus
from clinic.timeutils import clinic_today
from tests.browser.conftest import PageWatch
from tests.factories import PASSWORD, make_doctor, make_specialization, make_user, upcoming


def _sign_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You are signed out.").wait_for()


def _cast(db):
    doctor = make_doctor(
        user=make_user(UserType.DOCTOR, full_name="Dr. Farhana Rahman"),
        specialization=make_specialization("Cardiology"),
        consultation_fee=Decimal("1500.00"),
        available_timeslots={"sunday": ["10:00-10:30", "10:30-11:00"]},
    )
    make_doctor(
        user=make_user(UserType.DOCTOR, full_name="Dr. Someone Else"),
        specialization=make_specialization("Dermatology"),
    )
    patient = make_user(full_name="Rokeya Begum")
    db.session.commit()
    return doctor, patient


def test_find_book_confirm_complete_and_read_the_prescription(page, db):
    doctor, patient = _cast(db)
    day = upcoming("sunday")
    _sign_in(page, patient.email)

    page.get_by_role("link", name="Find a doctor").first.click()
    page.wait_for_url("**/doctors/")
    page.get_by_label("Doctor's name").fill("farhana")
    page.wait_for_url("**name=farhana**")  # active search pushed the URL
    results = page.locator("#doctor-results")
    results.get_by_text("1 doctor found").wait_for()
    results.get_by_role("link", name="Dr. Farhana Rahman").click()

    page.locator(".quick-day", has_text=day.strftime("%a %d %b")).click()
    page.wait_for_url(f"**date={day.isoformat()}")
    page.get_by_role("link", name="10:30-11:00").click()
    page.get_by_label("Symptoms").fill("Chest pain when climbing stairs")
    page.get_by_role("button", name="Confirm booking").click()
    page.get_by_text("Your appointment is booked.").wait_for()
    assert "10:30-11:00" in page.content() and "Pending" in page.content()
    _sign_out(page)

    _sign_in(page, doctor.user.email)
    page.goto(f"/doctor/day?date={day.isoformat()}")
    row = page.locator("article.appointment")
    row.get_by_role("button", name="Confirm").click()
    row.locator(".status-badge", has_text="Confirmed").wait_for()
    assert row.get_by_role("button", name="Confirm").count() == 0

    # The appointment's day arrives.
    db.session.execute(sa.update(Appointment).values(appointment_date=clinic_today()))
    db.session.commit()
    page.goto("/doctor/day")
    row = page.locator("article.appointment")
    row.locator("summary").click()
    row.get_by_label("Diagnosis").fill("Stable angina")
    row.get_by_label("Prescription").fill("Aspirin 75 mg once daily")
    row.get_by_role("button", name="Save notes").click()
    row.locator(".prescription", has_text="Aspirin 75 mg").wait_for()
    row.get_by_role("button", name="Mark completed").click()
    row.locator(".status-badge", has_text="Completed").wait_for()
    assert row.get_by_role("button").filter(has_text="Cancel").count() == 0
    _sign_out(page)

    _sign_in(page, patient.email)
    page.goto("/appointments?when=upcoming")
    page.get_by_text("Aspirin 75 mg once daily").wait_for()
    assert "Stable angina" in page.content()
    page.watch.assert_clean()
    appointment = db.session.scalars(sa.select(Appointment)).one()
    assert appointment.status == AppointmentStatus.COMPLETED


def test_patient_cancels_in_place(page, db):
    doctor, patient = _cast(db)
    from tests.factories import make_appointment

    make_appointment(doctor=doctor, patient=patient, day=upcoming("sunday"))
    db.session.commit()
    _sign_in(page, patient.email)
    page.goto("/appointments")
    row = page.locator("article.appointment")
    row.get_by_role("button", name="Cancel").click()
    row.locator(".status-badge", has_text="Cancelled").wait_for()
    assert page.url.endswith("/appointments")  # swapped in place, no navigation
    page.watch.assert_clean()


def test_booking_works_with_javascript_off(browser, server_url, db):
    _, patient = _cast(db)
    day = upcoming("sunday")
    context = browser.new_context(base_url=server_url, java_script_enabled=False)
    page = context.new_page()
    watch = PageWatch(server_url)
    page.on("request", watch.on_request)
    try:
        _sign_in(page, patient.email)
        page.goto("/doctors/")
        page.get_by_label("Specialization").select_option("Cardiology")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**specialization=Cardiology**")
        page.get_by_role("link", name="Dr. Farhana Rahman").click()
        page.locator(".quick-day", has_text=day.strftime("%a %d %b")).click()
        page.get_by_role("link", name="10:00-10:30").click()
        page.get_by_role("button", name="Confirm booking").click()
        page.get_by_text("Your appointment is booked.").wait_for()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Appointment)) == 1
        assert watch.foreign_requests == []
    finally:
        context.close()
