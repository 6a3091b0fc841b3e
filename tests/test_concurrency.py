"""Fifty patients try to book the same slot at the same moment, over real HTTP."""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from flask_jwt_extended import create_access_token

from clinic.scheduling.models import Appointment
from tests.factories import make_doctor, make_user, upcoming

RACERS = 50


def _book(url: str, token: str, body: bytes, start: threading.Barrier) -> int:
    request = urllib.request.Request(  # noqa: S310 - http to our own test server
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    start.wait(timeout=30)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own server
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        error.close()
        return error.code


def test_fifty_concurrent_bookings_of_one_slot(app, db, server_url):
    doctor = make_doctor(available_timeslots={"sunday": ["10:00-10:30"]})
    patients = [make_user() for _ in range(RACERS)]
    db.session.commit()
    with app.test_request_context():
        tokens = [create_access_token(identity=str(p.id)) for p in patients]
    body = json.dumps(
        {
            "doctor_id": doctor.id,
            "appointment_date": upcoming("sunday").isoformat(),
            "appointment_time": "10:00-10:30",
        }
    ).encode()
    start = threading.Barrier(RACERS)
    url = f"{server_url}/api/v1/appointments/"
    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        codes = list(pool.map(lambda t: _book(url, t, body, start), tokens))

    assert sorted(set(codes)) == [201, 409], codes
    assert codes.count(201) == 1
    assert codes.count(409) == RACERS - 1
    db.session.expire_all()
    rows = db.session.scalar(sa.select(sa.func.count()).select_from(Appointment))
    assert rows == 1
