"""No N+1 queries: each list page and endpoint runs the same number of SQL statements for
a page of 2 rows as for a full page of 10 to 15, on both sides and for every role.

Statements are counted with an engine event (the client's requests share the engine);
those run by authentication (session user, token user, revocation check) are counted
apart, and must not vary either."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import cycle

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from clinic.accounts.models import User, UserType
from clinic.doctors.models import Doctor, weekday_name
from clinic.locations.models import District, Thana
from clinic.scheduling.models import AppointmentStatus
from clinic.timeutils import clinic_today
from tests.factories import PASSWORD, make_appointment, make_doctor, make_specialization, make_user

HTMX = {"HX-Request": "true"}
# The functions whose statements are authentication, not the page's own work.
AUTH_FUNCTIONS = {"load_session_user", "load_token_user", "is_revoked"}
PLACES = [("Dhaka", "Dhanmondi"), ("Dhaka", "Gulshan"), ("Chattogram", "Panchlaish")]
SPECIALIZATIONS = ["Cardiology", "Neurology", "Dermatology", "Paediatrics"]
STATUSES = [
    AppointmentStatus.PENDING,
    AppointmentStatus.CONFIRMED,
    AppointmentStatus.CANCELLED,
    AppointmentStatus.COMPLETED,
]
SMALL, LARGE = 2, 15


# --- counting ------------------------------------------------------------------------


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)
    auth: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.statements) + len(self.auth)

    def describe(self) -> str:
        lines = [f"{len(self.statements)} statements + {len(self.auth)} for authentication:"]
        lines += [f"  {' '.join(s.split())[:160]}" for s in self.statements]
        lines += [f"  [auth] {' '.join(s.split())[:160]}" for s in self.auth]
        return "\n".join(lines)


def _for_authentication() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if frame.f_code.co_name in AUTH_FUNCTIONS and module.startswith("clinic."):
            return True
        frame = frame.f_back
    return False


@contextmanager
def counting(engine) -> Iterator[Counted]:
    counted = Counted()

    def before_cursor_execute(_conn, _cursor, statement, _params, _context, _many):
        (counted.auth if _for_authentication() else counted.statements).append(statement)

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


def measure(db, client, url: str, rows: int, count_rows: Callable, headers=None) -> Counted:
    """Warm up with one request, then count the statements of a second one; check that
    the response shows ``rows`` rows (so the page measured is the one intended)."""
    warm = client.get(url, headers=headers)
    assert warm.status_code == 200, warm.get_data(as_text=True)[:500]
    with counting(db.engine) as counted:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert count_rows(response) == rows
    return counted


def assert_same(name: str, small: Counted, large: Counted) -> None:
    # Shown with -s: the counts measured, for the record.
    print(
        f"\n{name}: {small.total} / {large.total} statements (small / large), of which "
        f"{len(small.auth)} / {len(large.auth)} authentication"
    )
    assert len(large.auth) == len(small.auth), (
        f"authentication ran a different number of statements:\n"
        f"small: {small.describe()}\nlarge: {large.describe()}"
    )
    assert len(large.statements) == len(small.statements), (
        f"{name}: the statements grow with the rows (N+1?):\n"
        f"small: {small.describe()}\nlarge: {large.describe()}"
    )
    assert small.statements, "nothing was counted: is the listener on the right engine?"


def items(response) -> int:
    return len(response.get_json()["items"])


def html_count(marker: str) -> Callable:
    return lambda response: response.get_data(as_text=True).count(marker)


# --- data ----------------------------------------------------------------------------

_places_cache: list[dict[str, int]] = []


def places(db) -> list[dict[str, int]]:
    if not _places_cache:
        for district, thana in PLACES:
            found = db.session.scalars(
                sa.select(Thana)
                .join(District)
                .where(District.name == district, Thana.name == thana)
            ).one()
            _places_cache.append(
                {
                    "division_id": found.district.division_id,
                    "district_id": found.district_id,
                    "thana_id": found.id,
                }
            )
    return _places_cache


class Data:
    """Doctors and appointments varied in every joined row: specialization, place,
    patient, status, so that nothing is shared that could hide a lazy load."""

    def __init__(self, db) -> None:
        self.db = db
        self.places = cycle(places(db))
        self.specializations = cycle(SPECIALIZATIONS)
        self.statuses = cycle(STATUSES)
        self.serial = 0

    def doctor(self, timetable=None) -> Doctor:
        self.serial += 1
        user = make_user(
            UserType.DOCTOR, full_name=f"Dr. Doctor {self.serial:03d}", **next(self.places)
        )
        return make_doctor(
            user=user,
            specialization=make_specialization(next(self.specializations)),
            consultation_fee=Decimal(500 + 50 * self.serial),
            experience_years=self.serial % 30,
            available_timeslots=timetable or {"sunday": ["10:00-10:30"]},
        )

    def patient(self) -> User:
        return make_user(UserType.PATIENT, **next(self.places))

    def appointments(self, count, *, doctor=None, patient=None, day=None, first=0):
        """``count`` appointments, each with a new doctor unless ``doctor`` is given and
        a new patient unless ``patient`` is; on successive days from two days ahead, or
        all on ``day`` in successive half-hour slots."""
        base = clinic_today() + timedelta(days=2)
        for n in range(first, first + count):
            on = day or base + timedelta(days=n)
            make_appointment(
                doctor=doctor or self.doctor(),
                patient=patient or self.patient(),
                day=on,
                slot=slot_text(8 * 60 + 30 * n if day else 10 * 60),
                status=next(self.statuses),
                symptoms=f"Symptoms {n}",
            )

    def commit(self) -> None:
        self.db.session.commit()


@pytest.fixture
def data(db) -> Data:
    return Data(db)


def slot_text(start: int) -> str:
    """The half-hour slot starting ``start`` minutes after midnight, as "HH:MM-HH:MM"."""
    end = start + 30
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def next_sunday() -> date:
    day = clinic_today() + timedelta(days=2)
    while weekday_name(day) != "sunday":
        day += timedelta(days=1)
    return day


# --- the doctor directory -------------------------------------------------------------


def test_api_doctor_list(client, db, data):
    for _ in range(SMALL):
        data.doctor()
    data.commit()
    url = "/api/v1/doctors/?limit=50"
    small = measure(db, client, url, SMALL, items)

    for _ in range(12 - SMALL):
        data.doctor()
    data.commit()
    large = measure(db, client, url, 12, items)
    assert_same("API GET /api/v1/doctors/", small, large)


@pytest.mark.parametrize("headers", [None, HTMX], ids=["page", "htmx"])
def test_web_directory(client, db, data, headers):
    for _ in range(SMALL):
        data.doctor()
    data.commit()
    cards = html_count('class="card mb-3 doctor-card"')
    small = measure(db, client, "/doctors/", SMALL, cards, headers)

    for _ in range(12 - SMALL):
        data.doctor()
    data.commit()
    large = measure(db, client, "/doctors/", 10, cards, headers)  # one full page of 10
    name = "web GET /doctors/" + (" (htmx)" if headers else "")
    assert_same(name, small, large)


def _timetable(slots: int) -> dict[str, list[str]]:
    return {"sunday": [slot_text(9 * 60 + 30 * n) for n in range(slots)]}


@pytest.mark.parametrize("where", ["slot-picker", "doctor-page"])
def test_slot_picker_and_doctor_page(client, db, data, where):
    """A doctor with 3 slots, 1 held, against 15 slots, 10 held (pending, confirmed) or
    released (cancelled) by different patients."""
    day = next_sunday()
    doctor = data.doctor(timetable=_timetable(3))
    data.doctor()
    make_appointment(doctor=doctor, patient=data.patient(), day=day, slot="09:00-09:30")
    data.commit()
    doctor_id = doctor.id
    if where == "slot-picker":
        url, headers = f"/doctors/{doctor_id}/slot-picker?date={day.isoformat()}", HTMX
    else:
        url, headers = f"/doctors/{doctor_id}?date={day.isoformat()}", None
    slots = html_count('class="btn btn-outline-success free-slot"')
    small = measure(db, client, url, 2, slots, headers)

    doctor = db.session.get(Doctor, doctor_id)
    doctor.available_timeslots = _timetable(15)
    statuses = cycle([AppointmentStatus.PENDING, AppointmentStatus.CONFIRMED])
    for slot in doctor.available_timeslots["sunday"][1:10]:
        make_appointment(
            doctor=doctor, patient=data.patient(), day=day, slot=slot, status=next(statuses)
        )
    for slot in doctor.available_timeslots["sunday"][10:12]:
        make_appointment(
            doctor=doctor,
            patient=data.patient(),
            day=day,
            slot=slot,
            status=AppointmentStatus.CANCELLED,
        )
    data.commit()
    large = measure(db, client, url, 5, slots, headers)
    assert_same(f"web GET /doctors/<id>{'/slot-picker (htmx)' if headers else ''}", small, large)


# --- appointment lists ----------------------------------------------------------------


def _focus(data: Data, role: str):
    """The signed-in user and the keyword that pins their part in new appointments."""
    if role == "patient":
        user = data.patient()
        return user, {"patient": user}
    if role == "doctor":
        doctor = data.doctor()
        return doctor.user, {"doctor": doctor}
    return make_user(UserType.ADMIN), {}


@pytest.mark.parametrize("role", ["patient", "doctor", "admin"])
def test_api_appointment_list(client, db, data, bearer, role):
    user, pinned = _focus(data, role)
    data.appointments(SMALL, **pinned)
    data.commit()
    headers = bearer(user.email, PASSWORD)
    url = "/api/v1/appointments/?limit=50"
    small = measure(db, client, url, SMALL, items, headers)

    data.appointments(LARGE - SMALL, first=SMALL, **pinned)
    data.commit()
    large = measure(db, client, url, LARGE, items, headers)
    assert_same(f"API GET /api/v1/appointments/ ({role})", small, large)


@pytest.mark.parametrize("role", ["patient", "doctor", "admin"])
def test_web_appointment_list(client, db, data, login, role):
    user, pinned = _focus(data, role)
    data.appointments(SMALL, **pinned)
    data.commit()
    assert login(user.email, PASSWORD).status_code == 303
    rows = html_count('class="card mb-3 appointment"')
    small = measure(db, client, "/appointments", SMALL, rows)

    data.appointments(LARGE - SMALL, first=SMALL, **pinned)
    data.commit()
    large = measure(db, client, "/appointments", LARGE, rows)
    assert_same(f"web GET /appointments ({role})", small, large)


def test_web_doctor_day(client, db, data, login):
    day = next_sunday()
    doctor = data.doctor()
    other = data.doctor()
    data.appointments(SMALL, doctor=doctor, day=day)
    data.appointments(3, doctor=other, day=day)  # another doctor's day is not shown
    data.commit()
    assert login(doctor.user.email, PASSWORD).status_code == 303
    url = f"/doctor/day?date={day.isoformat()}"
    rows = html_count('class="card mb-3 appointment"')
    small = measure(db, client, url, SMALL, rows)

    data.appointments(LARGE - SMALL, doctor=doctor, day=day, first=SMALL)
    data.commit()
    large = measure(db, client, url, LARGE, rows)
    assert_same("web GET /doctor/day (doctor)", small, large)
