"""The whole status workflow, every from × to × actor, through the API and the website."""

from datetime import timedelta

import pytest

from clinic.accounts.models import UserType
from clinic.scheduling.models import Appointment, AppointmentStatus
from clinic.timeutils import clinic_today
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_appointment, make_doctor, make_user

S = AppointmentStatus
ACTORS = ["admin", "own_doctor", "other_doctor", "own_patient", "other_patient"]
MOVES = {
    (S.PENDING, S.CONFIRMED): {"admin", "own_doctor"},
    (S.PENDING, S.CANCELLED): {"admin", "own_doctor", "own_patient"},
    (S.CONFIRMED, S.CANCELLED): {"admin", "own_doctor", "own_patient"},
    (S.CONFIRMED, S.COMPLETED): {"admin", "own_doctor"},
}


def expected(from_status, to_status, actor) -> int:
    if actor.startswith("other_"):
        return 404
    allowed = MOVES.get((from_status, to_status))
    if allowed is None:
        return 422
    return 200 if actor in allowed else 403


CASES = [(f, t, a) for f in S for t in S for a in ACTORS]


@pytest.fixture
def cast(db):
    """An appointment today, its doctor and patient, and three others."""
    doctor = make_doctor()
    people = {
        "admin": make_user(UserType.ADMIN),
        "own_doctor": doctor.user,
        "other_doctor": make_doctor().user,
        "own_patient": make_user(),
        "other_patient": make_user(),
    }
    db.session.commit()
    return doctor, people


def _appointment(db, doctor, patient, status, day=None):
    appointment = make_appointment(
        doctor=doctor, patient=patient, status=status, day=day or clinic_today()
    )
    db.session.commit()
    return appointment.id


def _status_of(db, appointment_id):
    db.session.expire_all()
    return db.session.get(Appointment, appointment_id).status


@pytest.mark.parametrize(
    ("from_status", "to_status", "actor"),
    CASES,
    ids=[f"{f.value}-{t.value}-{a}" for f, t, a in CASES],
)
def test_api_matrix(client, db, bearer, cast, from_status, to_status, actor):
    doctor, people = cast
    appointment_id = _appointment(db, doctor, people["own_patient"], from_status)
    headers = bearer(people[actor].email, PASSWORD)
    response = client.put(
        f"/api/v1/appointments/{appointment_id}/status",
        headers=headers,
        json={"status": to_status.value},
    )
    want = expected(from_status, to_status, actor)
    assert response.status_code == want, response.get_json()
    assert _status_of(db, appointment_id) == (to_status if want == 200 else from_status)
    if want != 200:
        assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    ("from_status", "to_status", "actor"),
    CASES,
    ids=[f"{f.value}-{t.value}-{a}" for f, t, a in CASES],
)
def test_web_matrix(client, db, login, cast, from_status, to_status, actor):
    doctor, people = cast
    appointment_id = _appointment(db, doctor, people["own_patient"], from_status)
    login(people[actor].email, PASSWORD)
    token = csrf_token_from(client.get("/profile").get_data(as_text=True))
    response = client.post(
        f"/appointments/{appointment_id}/status",
        data={"status": to_status.value, "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    want = expected(from_status, to_status, actor)
    if want == 404:
        assert response.status_code == 404
    elif want == 200:
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert html.startswith(f'<article id="appointment-{appointment_id}"')
        assert f"status-{to_status.value}" in html
    else:
        assert response.status_code == 422
        assert 'role="alert"' in response.get_data(as_text=True)
    assert _status_of(db, appointment_id) == (to_status if want == 200 else from_status)


def test_completion_waits_for_the_appointment_date_on_both_sides(client, db, bearer, login, cast):
    doctor, people = cast
    tomorrow = clinic_today() + timedelta(days=1)
    appointment_id = _appointment(db, doctor, people["own_patient"], S.CONFIRMED, tomorrow)
    api = client.put(
        f"/api/v1/appointments/{appointment_id}/status",
        headers=bearer(doctor.user.email, PASSWORD),
        json={"status": "completed"},
    )
    assert api.status_code == 422 and "on or after" in api.get_json()["detail"]
    login(doctor.user.email, PASSWORD)
    token = csrf_token_from(client.get("/profile").get_data(as_text=True))
    web = client.post(
        f"/appointments/{appointment_id}/status", data={"status": "completed", "csrf_token": token}
    )
    assert web.status_code == 303
    assert "on or after" in client.get(web.headers["Location"]).get_data(as_text=True)
    assert _status_of(db, appointment_id) == S.CONFIRMED


def test_buttons_shown_are_exactly_the_allowed_moves(client, db, login, cast):
    doctor, people = cast
    appointment_id = _appointment(db, doctor, people["own_patient"], S.PENDING)
    login(people["own_patient"].email, PASSWORD)
    html = client.get(f"/appointments/{appointment_id}").get_data(as_text=True)
    assert 'value="cancelled"' in html and 'value="confirmed"' not in html
    client.post("/logout", data={"csrf_token": csrf_token_from(html)})
    login(doctor.user.email, PASSWORD)
    html = client.get(f"/appointments/{appointment_id}").get_data(as_text=True)
    assert 'value="cancelled"' in html and 'value="confirmed"' in html
    assert 'value="completed"' not in html


def test_doctor_writes_prescription_while_completing_and_the_patient_sees_it(
    client, db, bearer, cast
):
    doctor, people = cast
    appointment_id = _appointment(db, doctor, people["own_patient"], S.CONFIRMED)
    done = client.put(
        f"/api/v1/appointments/{appointment_id}/status",
        headers=bearer(doctor.user.email, PASSWORD),
        json={
            "status": "completed",
            "prescription": "Napa 500 mg 1+1+1",
            "diagnosis": "Viral fever",
        },
    )
    assert done.status_code == 200
    seen = client.get(
        f"/api/v1/appointments/{appointment_id}",
        headers=bearer(people["own_patient"].email, PASSWORD),
    ).get_json()
    assert (seen["prescription"], seen["diagnosis"]) == ("Napa 500 mg 1+1+1", "Viral fever")


def test_patients_cannot_write_clinical_notes(client, db, bearer, cast):
    doctor, people = cast
    appointment_id = _appointment(db, doctor, people["own_patient"], S.PENDING)
    headers = bearer(people["own_patient"].email, PASSWORD)
    sneaky = client.put(
        f"/api/v1/appointments/{appointment_id}/status",
        headers=headers,
        json={"status": "cancelled", "prescription": "Anything I like"},
    )
    assert sneaky.status_code == 403
    notes = client.put(
        f"/api/v1/appointments/{appointment_id}/notes",
        headers=headers,
        json={"diagnosis": "Self-diagnosed"},
    )
    assert notes.status_code == 403
    db.session.expire_all()
    unchanged = db.session.get(Appointment, appointment_id)
    assert (unchanged.status, unchanged.prescription, unchanged.diagnosis) == (
        S.PENDING,
        None,
        None,
    )


def test_notes_after_completion_through_the_api(client, db, bearer, cast):
    doctor, people = cast
    appointment_id = _appointment(db, doctor, people["own_patient"], S.COMPLETED)
    response = client.put(
        f"/api/v1/appointments/{appointment_id}/notes",
        headers=bearer(doctor.user.email, PASSWORD),
        json={"doctor_notes": "Follow up in 2 weeks"},
    )
    assert response.status_code == 200
    assert response.get_json()["doctor_notes"] == "Follow up in 2 weeks"
