"""The schema's own guarantees, on whichever database the suite runs against."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clinic.accounts.models import User, UserType
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests.factories import make_appointment, make_doctor, make_user


def test_partial_unique_index_prevents_double_booking(db):
    doctor = make_doctor()
    make_appointment(doctor=doctor, status=AppointmentStatus.PENDING)
    db.session.commit()
    with pytest.raises(IntegrityError):
        make_appointment(doctor=doctor, status=AppointmentStatus.CONFIRMED)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Appointment)) == 1


def test_a_cancelled_or_completed_booking_frees_the_slot(db):
    doctor = make_doctor()
    first = make_appointment(doctor=doctor)
    first.status = AppointmentStatus.CANCELLED
    db.session.commit()
    second = make_appointment(doctor=doctor)  # same doctor, date and slot
    db.session.commit()
    second.status = AppointmentStatus.COMPLETED
    make_appointment(doctor=doctor, status=AppointmentStatus.CANCELLED)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Appointment)) == 3


def test_patient_cannot_hold_two_active_appointments_at_the_same_time(db):
    patient = make_user()
    make_appointment(patient=patient)
    db.session.commit()
    with pytest.raises(IntegrityError):
        make_appointment(patient=patient, doctor=make_doctor())
    db.session.rollback()


def test_other_dates_and_slots_do_not_clash(db):
    doctor = make_doctor()
    make_appointment(doctor=doctor, day=date(2030, 1, 6), slot="10:00-10:30")
    make_appointment(doctor=doctor, day=date(2030, 1, 6), slot="10:30-11:00")
    make_appointment(doctor=doctor, day=date(2030, 1, 13), slot="10:00-10:30")
    db.session.commit()


@pytest.mark.parametrize(
    ("field", "value"),
    [("experience_years", -1), ("experience_years", 61), ("consultation_fee", Decimal("0"))],
)
def test_doctor_check_constraints(db, field, value):
    with pytest.raises(IntegrityError):
        make_doctor(**{field: value})
    db.session.rollback()


def test_unique_email_mobile_and_licence(db):
    user = make_user()
    db.session.commit()
    with pytest.raises(IntegrityError):
        make_user(email=user.email)
    db.session.rollback()
    with pytest.raises(IntegrityError):
        make_user(mobile_number=user.mobile_number)
    db.session.rollback()
    doctor = make_doctor()
    db.session.commit()
    with pytest.raises(IntegrityError):
        make_doctor(license_number=doctor.license_number)
    db.session.rollback()


def test_enums_are_stored_by_value(db):
    make_appointment(status=AppointmentStatus.CONFIRMED)
    db.session.commit()
    raw_status = db.session.execute(sa.text("SELECT status FROM appointments")).scalar()
    raw_types = set(db.session.execute(sa.text("SELECT user_type FROM users")).scalars())
    assert raw_status == "confirmed"
    assert raw_types == {"patient", "doctor"}


def test_timestamps_are_timezone_aware_utc(db):
    before = datetime.now(UTC)
    user = make_user()
    db.session.commit()
    user_id = user.id
    db.session.expunge_all()
    loaded = db.session.get(User, user_id)
    assert loaded.created_at.tzinfo is not None
    assert loaded.created_at.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=5) <= loaded.created_at <= datetime.now(UTC)


def test_updated_at_moves_on_update(db):
    user = make_user()
    db.session.commit()
    created = user.updated_at
    user.full_name = "Renamed"
    db.session.commit()
    assert user.updated_at >= created


def test_naive_timestamps_are_refused(db):
    user = make_user()
    user.tokens_valid_after = datetime(2030, 1, 1)  # naive on purpose
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_fee_is_stored_on_the_appointment_and_survives_fee_changes(db):
    doctor = make_doctor(consultation_fee=Decimal("1000.00"))
    appointment = make_appointment(doctor=doctor)
    db.session.commit()
    doctor.consultation_fee = Decimal("1500.00")
    db.session.commit()
    db.session.refresh(appointment)
    assert appointment.fee == Decimal("1000.00")


def test_timetable_round_trips_as_json(db):
    slots = {"sunday": ["10:00-10:30"], "tuesday": ["17:00-17:30", "17:30-18:00"]}
    doctor = make_doctor(available_timeslots=slots)
    db.session.commit()
    doctor_id = doctor.id
    db.session.expunge_all()
    from clinic.doctors.models import Doctor

    assert db.session.get(Doctor, doctor_id).available_timeslots == slots


def test_deleting_a_user_cascades_to_their_doctor_and_appointments(db):
    doctor = make_doctor()
    make_appointment(doctor=doctor)
    db.session.commit()
    db.session.execute(sa.delete(User).where(User.id == doctor.user_id))
    db.session.commit()
    remaining = db.session.scalar(sa.select(sa.func.count()).select_from(Appointment))
    if db.engine.dialect.name == "sqlite":
        # SQLite enforces ON DELETE CASCADE only with foreign keys switched on.
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
    assert remaining == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1  # the patient


def test_user_type_enum_rejects_unknown_values(db):
    with pytest.raises((sa.exc.StatementError, LookupError)):
        make_user(user_type="superuser")
    db.session.rollback()
    assert UserType("admin") is UserType.ADMIN
