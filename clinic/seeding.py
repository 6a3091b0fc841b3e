"""Reference data every install needs, and demo data for development. Idempotent:
each row is found by its natural key before it is added."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from clinic.accounts.models import User, UserType
from clinic.accounts.passwords import hash_password
from clinic.doctors.models import Doctor, Specialization, weekday_name
from clinic.extensions import db
from clinic.locations.loader import LoadResult, load_locations
from clinic.locations.models import District, Division, Thana
from clinic.scheduling.models import Appointment, AppointmentStatus
from clinic.timeutils import clinic_today

SPECIALIZATIONS = (
    "Cardiology",
    "Dermatology",
    "Endocrinology",
    "ENT (Ear, Nose & Throat)",
    "Gastroenterology",
    "General Medicine",
    "Gynaecology & Obstetrics",
    "Nephrology",
    "Neurology",
    "Oncology",
    "Ophthalmology",
    "Orthopaedics",
    "Paediatrics",
    "Psychiatry",
    "Pulmonology",
    "Urology",
    "Dentistry",
)

DEMO_ADMIN = ("admin@hospital.com", "Admin123!")
DEMO_DOCTOR_PASSWORD = "Doctor123!"  # noqa: S105 - published demo login, never seeded in production
DEMO_PATIENT_PASSWORD = "Patient123!"  # noqa: S105 - same

# (name, specialization, district, thana, fee, years, qualification, sessions)
# fmt: off
DEMO_DOCTORS = (
    ("Dr. Farhana Rahman", "Cardiology", "Dhaka", "Dhanmondi", 1500, 14, "MBBS, MD (Cardiology)", "morning"),
    ("Dr. Tanvir Hasan", "Paediatrics", "Dhaka", "Mirpur Model", 800, 9, "MBBS, FCPS (Paediatrics)", "evening"),
    ("Dr. Nusrat Jahan", "Gynaecology & Obstetrics", "Dhaka", "Gulshan", 1200, 11, "MBBS, FCPS (Gynae & Obs)", "both"),
    ("Dr. Mahbub Alam", "Orthopaedics", "Chattogram", "Panchlaish", 1000, 16, "MBBS, MS (Ortho)", "morning"),
    ("Dr. Sharmin Akter", "Dermatology", "Chattogram", "Kotwali", 900, 7, "MBBS, DDV", "evening"),
    ("Dr. Kamrul Islam", "General Medicine", "Rajshahi", "Paba", 500, 5, "MBBS, FCPS (Medicine)", "both"),
    ("Dr. Ayesha Siddiqua", "Ophthalmology", "Sylhet", "Sylhet Sadar", 700, 12, "MBBS, DO, FCPS (Eye)", "morning"),
    ("Dr. Rezaul Karim", "Neurology", "Khulna", "Digholia", 1400, 18, "MBBS, MD (Neurology)", "evening"),
    ("Dr. Shirin Sultana", "ENT (Ear, Nose & Throat)", "Barisal", "Barisal Sadar", 600, 6, "MBBS, DLO", "morning"),
    ("Dr. Habibur Rahman", "Gastroenterology", "Mymensingh", "Mymensingh Sadar", 1100, 10, "MBBS, MD (Gastro)", "both"),
)
# Registered but not yet approved: shows the admin's approval queue.
DEMO_PENDING_DOCTOR = ("Dr. Imran Chowdhury", "Urology", "Rangpur", "Rangpur Sadar", 900, 4, "MBBS, MS (Urology)", "morning")

DEMO_PATIENTS = (
    "Abdul Karim", "Rokeya Begum", "Shafiqul Islam", "Nasrin Akter", "Jahangir Alam",
    "Taslima Khatun", "Mizanur Rahman", "Fatema Tuz Zohra", "Arif Hossain", "Sumaiya Islam",
    "Rafiqul Hasan", "Moushumi Das", "Sajib Ahmed", "Nazma Parvin", "Ashraful Haque",
    "Farzana Yasmin", "Biplob Saha", "Lutfun Nahar", "Tariqul Islam", "Shahnaz Parveen",
)
# fmt: on

SESSIONS = {
    "morning": [
        "09:00-09:30",
        "09:30-10:00",
        "10:00-10:30",
        "10:30-11:00",
        "11:00-11:30",
        "11:30-12:00",
    ],
    "evening": [
        "17:00-17:30",
        "17:30-18:00",
        "18:00-18:30",
        "18:30-19:00",
        "19:00-19:30",
        "19:30-20:00",
    ],
}
WORKDAYS = ("saturday", "sunday", "monday", "tuesday", "wednesday", "thursday")  # Friday off


@dataclass(frozen=True)
class ReferenceSummary:
    locations: LoadResult
    specializations: int
    added: int


@dataclass(frozen=True)
class DemoSummary:
    doctors: int
    patients: int
    appointments: int
    added: int


def seed_reference_data() -> ReferenceSummary:
    """Locations and the starter specializations; commits."""
    locations = load_locations()
    existing = set(db.session.scalars(sa.select(Specialization.name)))
    missing = [name for name in SPECIALIZATIONS if name not in existing]
    db.session.add_all(Specialization(name=name) for name in missing)
    db.session.commit()
    return ReferenceSummary(locations, len(existing) + len(missing), locations.added + len(missing))


def _place(district_name: str, thana_name: str) -> dict[str, int]:
    row = db.session.execute(
        sa.select(Division.id, District.id, Thana.id)
        .join(District, District.division_id == Division.id)
        .join(Thana, Thana.district_id == District.id)
        .where(District.name == district_name, Thana.name == thana_name)
    ).one()
    return {"division_id": row[0], "district_id": row[1], "thana_id": row[2]}


class _Demo:
    """Builds the demo set; ``added`` counts the rows it had to create."""

    def __init__(self) -> None:
        self.added = 0
        self.hashes: dict[str, str] = {}

    def user(self, email, full_name, mobile, password, user_type, place=None) -> User:
        user = db.session.scalars(sa.select(User).where(User.email == email)).one_or_none()
        if user is not None:
            return user
        if password not in self.hashes:
            self.hashes[password] = hash_password(password)
        user = User(
            email=email,
            full_name=full_name,
            mobile_number=mobile,
            password_hash=self.hashes[password],
            user_type=user_type,
            is_verified=True,
            address=f"House {len(full_name)}, Road {len(email) % 12 + 1}" if place else None,
            **(place or {}),
        )
        db.session.add(user)
        db.session.flush()
        self.added += 1
        return user

    def doctor(self, index: int, spec: tuple, specializations, approved: bool) -> Doctor:
        name, specialization, district, thana, fee, years, qualification, sessions = spec
        licence = f"BMDC-A-{40100 + index}"
        doctor = db.session.scalars(
            sa.select(Doctor).where(Doctor.license_number == licence)
        ).one_or_none()
        if doctor is not None:
            return doctor
        slug = name.removeprefix("Dr. ").split()[0].lower()
        user = self.user(
            f"dr.{slug}@hospital.com",
            name,
            f"+88017110{index:05d}",
            DEMO_DOCTOR_PASSWORD,
            UserType.DOCTOR,
            _place(district, thana),
        )
        slots = SESSIONS["morning"] * (sessions != "evening") + SESSIONS["evening"] * (
            sessions != "morning"
        )
        doctor = Doctor(
            user=user,
            license_number=licence,
            specialization=specializations[specialization],
            experience_years=years,
            consultation_fee=Decimal(fee),
            qualification=qualification,
            bio=f"{name} has {years} years of practice in {specialization.lower()}.",
            available_timeslots={day: list(slots) for day in WORKDAYS},
            is_approved=approved,
            approved_at=datetime.now(UTC) if approved else None,
        )
        db.session.add(doctor)
        db.session.flush()
        self.added += 1
        return doctor


def seed_demo_data() -> DemoSummary:
    """Admin, doctors, patients and appointments in every state; commits."""
    demo = _Demo()
    specializations = {s.name: s for s in db.session.scalars(sa.select(Specialization))}
    demo.user(
        DEMO_ADMIN[0], "Clinic Administrator", "+8801700000000", DEMO_ADMIN[1], UserType.ADMIN
    )
    doctors = [
        demo.doctor(i, spec, specializations, True) for i, spec in enumerate(DEMO_DOCTORS, 1)
    ]
    demo.doctor(len(DEMO_DOCTORS) + 1, DEMO_PENDING_DOCTOR, specializations, False)

    places = [_place(d, t) for _, _, d, t, *_ in DEMO_DOCTORS]
    patients = [
        demo.user(
            f"patient{i}@example.com",
            name,
            f"+88018120{i:05d}",
            DEMO_PATIENT_PASSWORD,
            UserType.PATIENT,
            places[i % len(places)],
        )
        for i, name in enumerate(DEMO_PATIENTS, 1)
    ]
    doctor_ids = [d.id for d in doctors]
    has_appointments = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Appointment)
        .where(Appointment.doctor_id.in_(doctor_ids))
    )
    if not has_appointments:
        demo.added += _demo_appointments(doctors, patients)
    db.session.commit()
    total = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Appointment)
        .where(Appointment.doctor_id.in_(doctor_ids))
    )
    return DemoSummary(len(doctors) + 1, len(patients), total, demo.added)


def _demo_appointments(doctors: list[Doctor], patients: list[User]) -> int:
    """Past completed and cancelled visits, and upcoming pending and confirmed ones."""
    rng = random.Random(20261124)  # noqa: S311 - demo data, not security
    today = clinic_today()
    taken: set[tuple[int, object, str]] = set()
    plan = [
        (-21, AppointmentStatus.COMPLETED),
        (-9, AppointmentStatus.CANCELLED),
        (1, AppointmentStatus.CONFIRMED),
        (3, AppointmentStatus.PENDING),
    ]
    count = 0
    for index, patient in enumerate(patients):
        for offset, status in plan[: 2 + index % 3]:
            doctor = doctors[(index + offset) % len(doctors)]
            day = today + timedelta(days=offset)
            while weekday_name(day) not in doctor.available_timeslots:
                day += timedelta(days=1)
            slots = doctor.available_timeslots[weekday_name(day)]
            free = [s for s in slots if (doctor.id, day, s) not in taken]
            slot = rng.choice(free)
            taken.add((doctor.id, day, slot))
            completed = status == AppointmentStatus.COMPLETED
            db.session.add(
                Appointment(
                    patient=patient,
                    doctor=doctor,
                    appointment_date=day,
                    appointment_time=slot,
                    status=status,
                    fee=doctor.consultation_fee,
                    symptoms=rng.choice(
                        [
                            "Fever for three days",
                            "Chest pain on exertion",
                            "Persistent cough",
                            "Skin rash",
                            "Back pain",
                            "Headache",
                        ]
                    ),
                    doctor_notes="Patient seen; follow up in four weeks." if completed else None,
                    diagnosis="Viral fever" if completed else None,
                    prescription="Paracetamol 500 mg, 1+1+1 after meals, 5 days"
                    if completed
                    else None,
                )
            )
            count += 1
    db.session.flush()
    return count
