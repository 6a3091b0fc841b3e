"""flask seed and flask create-admin."""

import sqlalchemy as sa

from clinic.accounts.models import RevokedToken, User, UserType
from clinic.accounts.passwords import verify_password
from clinic.doctors.models import Doctor, Specialization, weekday_name
from clinic.locations.models import District, Division, Thana
from clinic.scheduling.models import Appointment, AppointmentStatus
from clinic.seeding import DEMO_ADMIN, SPECIALIZATIONS

COUNTED = (Division, District, Thana, Specialization, User, Doctor, Appointment, RevokedToken)


def _counts(db) -> dict[str, int]:
    return {
        m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in COUNTED
    }


def test_seed_twice_leaves_the_same_row_counts(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "--demo"])
    assert first.exit_code == 0, first.output
    after_first = _counts(db)
    second = runner.invoke(args=["seed", "--demo"])
    assert second.exit_code == 0, second.output
    assert "(0 rows added)" in second.output
    assert _counts(db) == after_first
    assert after_first["Specialization"] == len(SPECIALIZATIONS)
    assert after_first["Appointment"] > 0


def test_demo_data_is_what_the_readme_promises(app, db):
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    admin = db.session.scalars(sa.select(User).where(User.email == DEMO_ADMIN[0])).one()
    assert admin.user_type == UserType.ADMIN
    assert verify_password(admin.password_hash, DEMO_ADMIN[1])

    doctors = db.session.scalars(sa.select(Doctor)).all()
    approved = [d for d in doctors if d.is_approved]
    assert 8 <= len(approved) <= 12
    assert len({d.specialization_id for d in approved}) >= 8
    assert any(not d.is_approved for d in doctors)
    for doctor in doctors:
        assert doctor.available_timeslots, doctor
        assert doctor.user.thana.district_id == doctor.user.district_id

    patients = db.session.scalars(sa.select(User).where(User.user_type == UserType.PATIENT)).all()
    assert 15 <= len(patients) <= 25
    statuses = set(db.session.scalars(sa.select(Appointment.status)))
    assert statuses == set(AppointmentStatus)
    for appointment in db.session.scalars(sa.select(Appointment)):
        slots = appointment.doctor.available_timeslots[weekday_name(appointment.appointment_date)]
        assert appointment.appointment_time in slots
        assert appointment.fee == appointment.doctor.consultation_fee


def test_seed_without_demo_loads_only_reference_data(app, db):
    result = app.test_cli_runner().invoke(args=["seed", "--no-demo"])
    assert result.exit_code == 0, result.output
    counts = _counts(db)
    assert counts["Specialization"] == len(SPECIALIZATIONS)
    assert counts["User"] == counts["Appointment"] == 0


def test_seed_defaults_follow_the_environment(app, db):
    # The test config, like production, does not seed demo data unless asked.
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Demo data" not in result.output
    assert _counts(db)["User"] == 0


def test_seed_refuses_demo_data_in_production(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ENVIRONMENT", "production")
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code != 0
    assert "never seeded in production" in result.output
    assert _counts(db)["User"] == 0


def test_create_admin_with_options(app, db):
    result = app.test_cli_runner().invoke(
        args=[
            "create-admin",
            "--email",
            "Boss@Clinic.example",
            "--full-name",
            "Head Admin",
            "--mobile",
            "01812345678",
            "--password",
            "Str0ng!Pass",
        ]
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalars(sa.select(User).where(User.email == "boss@clinic.example")).one()
    assert admin.user_type == UserType.ADMIN
    assert admin.mobile_number == "+8801812345678"
    assert admin.password_hash.startswith("$argon2id$")
    assert verify_password(admin.password_hash, "Str0ng!Pass")


def test_create_admin_prompts_for_what_is_missing(app, db):
    result = app.test_cli_runner().invoke(
        args=["create-admin"],
        input="prompted@clinic.example\nPrompted Admin\n01912345678\nStr0ng!Pass\nStr0ng!Pass\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        db.session.scalars(sa.select(User).where(User.email == "prompted@clinic.example"))
        .one()
        .is_admin
    )


def test_create_admin_refuses_weak_password_bad_mobile_and_duplicates(app, db):
    runner = app.test_cli_runner()
    base = ["create-admin", "--full-name", "A", "--email", "a@clinic.example"]
    weak = runner.invoke(args=[*base, "--mobile", "01712345678", "--password", "password"])
    assert weak.exit_code != 0
    assert "upper-case" in weak.output
    bad_mobile = runner.invoke(args=[*base, "--mobile", "12345", "--password", "Str0ng!Pass"])
    assert bad_mobile.exit_code != 0
    assert "Bangladeshi mobile" in bad_mobile.output
    assert _counts(db)["User"] == 0

    ok = runner.invoke(args=[*base, "--mobile", "01712345678", "--password", "Str0ng!Pass"])
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(args=[*base, "--mobile", "01712345679", "--password", "Str0ng!Pass"])
    assert again.exit_code != 0
    assert "email already exists" in again.output
    assert _counts(db)["User"] == 1
