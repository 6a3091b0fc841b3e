"""The base site: home page, role navigation, error pages and JSON problems."""

import json
import re

import pytest

from clinic.accounts.models import UserType
from tests.factories import PASSWORD, make_appointment, make_doctor, make_specialization, make_user


def test_home_page_says_what_the_clinic_offers(client, db):
    make_doctor(specialization=make_specialization("Neurology"))
    make_doctor(approved=False, specialization=make_specialization("Urology"))
    db.session.commit()
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "For patients" in html and "For doctors" in html and "For clinic admins" in html
    # Only approved, active doctors count towards a specialization.
    assert re.search(r"Neurology</span>\s*<span[^>]*>1<", html)
    assert re.search(r"Urology</span>\s*<span[^>]*>0<", html)


def test_base_page_vendors_assets_and_configures_htmx_safely(client):
    html = client.get("/").get_data(as_text=True)
    assert "/static/vendor/htmx-2.0.11/htmx.min.js" in html
    assert "/static/vendor/bootstrap-5.3.8/bootstrap.min.css" in html
    assert not re.search(r"""(src|href)=["']https?://""", html), "external asset referenced"
    meta = re.search(r'<meta name="htmx-config" content="([^"]+)"', html).group(1)
    config = json.loads(meta.replace("&#34;", '"').replace("&quot;", '"'))
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["historyCacheSize"] == 0
    assert 'hx-boost="true"' in html


def test_csrf_token_reaches_htmx_through_hx_headers(client):
    html = client.get("/").get_data(as_text=True)
    raw = re.search(r"hx-headers='([^']+)'", html).group(1)
    headers = json.loads(raw.replace("&#34;", '"'))
    assert len(headers["X-CSRFToken"]) > 20


def test_security_headers_on_pages(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def _sign_in(login, user):
    response = login(user.email, PASSWORD)
    assert response.status_code == 303, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("user_type", "nav_label", "content"),
    [
        (UserType.PATIENT, "My appointments", "Upcoming appointments"),
        (UserType.DOCTOR, "My day", "Today's appointments"),
        (UserType.ADMIN, "Admin dashboard", "Doctors awaiting approval"),
    ],
)
def test_navigation_and_landing_page_fit_each_role(
    client, db, login, user_type, nav_label, content
):
    user = make_user(user_type)
    if user_type == UserType.DOCTOR:
        make_doctor(user=user)
    db.session.commit()
    _sign_in(login, user)
    html = client.get("/dashboard").get_data(as_text=True)
    assert nav_label in html
    assert content in html
    assert f'data-role="{user_type.value}"' in html
    others = {"My appointments", "My day", "Admin dashboard"} - {nav_label}
    assert not any(label in html for label in others)


def test_anonymous_navigation_offers_sign_in_and_dashboard_needs_it(client):
    html = client.get("/").get_data(as_text=True)
    assert "Sign in" in html and "Sign out" not in html
    response = client.get("/dashboard")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=/dashboard")


def test_patient_landing_page_shows_only_their_own_appointments(client, db, login):
    patient, other = make_user(), make_user()
    mine = make_appointment(patient=patient, slot="10:00-10:30")
    make_appointment(patient=other, doctor=mine.doctor, slot="10:30-11:00")
    db.session.commit()
    _sign_in(login, patient)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "10:00-10:30" in html
    assert "10:30-11:00" not in html


def test_unapproved_doctor_sees_that_they_await_approval(client, db, login):
    doctor = make_doctor(approved=False)
    db.session.commit()
    _sign_in(login, doctor.user)
    assert "awaiting approval" in client.get("/dashboard").get_data(as_text=True)


def test_html_error_pages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Not Found" in response.get_data(as_text=True)
    assert "<nav" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/elsewhere", "/api"])
def test_api_paths_get_json_problems(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 404 and body["title"] == "Not Found" and body["detail"]


def test_api_wrong_method_is_a_405_problem_with_allow(client):
    response = client.delete("/api/v1/")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert "GET" in response.headers["Allow"]


def test_oversized_request_is_a_413_not_a_dropped_connection(client, app):
    body = {"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
    response = client.post("/login", data=body)
    assert response.status_code == 413
    assert "Request Entity Too Large" in response.get_data(as_text=True)


def test_unexpected_errors_are_500_pages_without_details(app):
    from werkzeug.exceptions import InternalServerError

    from clinic.error_handlers import handle_internal_error

    error = InternalServerError(original_exception=RuntimeError("secret internals"))
    with app.test_request_context("/api/v1/x"):
        response = handle_internal_error(error)
    body = response.get_json()
    assert response.status_code == 500
    assert "secret internals" not in json.dumps(body)
    with app.test_request_context("/x"):
        html, status, _ = handle_internal_error(error)
    assert status == 500 and "secret internals" not in html


def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": True}


def test_boosted_navigation_and_history_restores_get_whole_pages(client):
    for extra in ({"HX-Boosted": "true"}, {"HX-History-Restore-Request": "true"}):
        html = client.get("/doctors/", headers={"HX-Request": "true", **extra}).get_data(
            as_text=True
        )
        assert html.lstrip().startswith("<!doctype html>"), extra
    fragment = client.get("/doctors/", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.startswith('<section id="doctor-results"')
