"""Signing in and out of the website (the basics; the accounts issue adds the rest)."""

from clinic.accounts.models import User
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_user


def test_sign_in_and_out(client, db, login):
    user = make_user()
    db.session.commit()
    response = login(user.email.upper(), PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"] == "/dashboard"
    page = client.get("/dashboard")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    out = client.post("/logout", data={"csrf_token": token})
    assert out.status_code == 303
    assert client.get("/dashboard").status_code == 303


def test_wrong_password_and_unknown_email_get_the_same_answer(client, db, login):
    user = make_user()
    db.session.commit()
    wrong = login(user.email, "Wrong123!")
    unknown = login("nobody@example.com", PASSWORD)
    assert wrong.status_code == unknown.status_code == 422
    for response in (wrong, unknown):
        html = response.get_data(as_text=True)
        assert "Email or password is incorrect." in html
    assert user.email in wrong.get_data(as_text=True)  # what was typed stays


def test_sign_in_form_needs_csrf(client, db):
    user = make_user()
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 303


def test_deactivated_user_cannot_sign_in_and_loses_open_sessions(client, db, login):
    user = make_user()
    db.session.commit()
    assert login(user.email, PASSWORD).status_code == 303
    assert client.get("/dashboard").status_code == 200
    db.session.get(User, user.id).is_active = False
    db.session.commit()
    assert client.get("/dashboard").status_code == 303
    assert login(user.email, PASSWORD).status_code == 422


def test_a_copied_session_cookie_stops_working_after_sign_out(app, client, db, login):
    user = make_user()
    db.session.commit()
    login(user.email, PASSWORD)
    stolen = client.get_cookie("session").value
    page = client.get("/dashboard")
    client.post("/logout", data={"csrf_token": csrf_token_from(page.get_data(as_text=True))})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/dashboard").status_code == 303


def test_next_only_follows_same_site_paths(client, db, login):
    user = make_user()
    db.session.commit()
    page = client.get("/login?next=https://evil.example/")
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/dashboard"


def test_htmx_callers_get_hx_redirect_not_302(client, db):
    response = client.get("/dashboard", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/login")
