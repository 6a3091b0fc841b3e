"""The doctor directory on both sides: who is listed, the filters, sorting and paging on
the API and the web page (full page and htmx fragment), a doctor's page and its slot
picker."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from clinic.accounts.models import UserType
from clinic.doctors.models import Doctor, weekday_name
from clinic.extensions import db as _db
from clinic.locations.models import District, Division, Thana
from clinic.scheduling.models import AppointmentStatus
from clinic.timeutils import clinic_today
from tests.factories import make_appointment, make_doctor, make_specialization, make_user

HTMX = {"HX-Request": "true"}
DOCTOR_LINK = re.compile(r'<h2 class="h5 mb-1"><a href="/doctors/\d+">([^<]+)</a></h2>')
FREE_SLOT = re.compile(r'class="btn btn-outline-success free-slot" href="([^"]+)">([^<]+)</a>')
API = "/api/v1/doctors/"
WEB = "/doctors/"


# --- helpers -------------------------------------------------------------------------


def place_of(district: str, thana: str) -> dict[str, int]:
    """The ids of a real thana, its district and division (by name)."""
    found = _db.session.scalars(
        sa.select(Thana).join(District).where(District.name == district, Thana.name == thana)
    ).one()
    return {
        "division_id": found.district.division_id,
        "district_id": found.district_id,
        "thana_id": found.id,
    }


def division_id(name: str) -> int:
    return _db.session.scalars(sa.select(Division.id).where(Division.name == name)).one()


def doctor(
    name: str,
    *,
    approved: bool = True,
    active: bool = True,
    specialization: str = "Cardiology",
    fee: str = "800.00",
    experience: int = 5,
    place: dict[str, int] | None = None,
    timetable: dict[str, list[str]] | None = None,
) -> Doctor:
    user = make_user(UserType.DOCTOR, full_name=name, is_active=active, **(place or {}))
    fields = {"available_timeslots": timetable} if timetable is not None else {}
    return make_doctor(
        approved=approved,
        user=user,
        specialization=make_specialization(specialization),
        consultation_fee=Decimal(fee),
        experience_years=experience,
        **fields,
    )


def api_names(client, **params) -> list[str]:
    response = client.get(API, query_string=params)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    names = [item["full_name"] for item in body["items"]]
    assert body["total"] >= len(names)
    return names


def web_names(client, **params) -> list[str]:
    response = client.get(WEB, query_string=params)
    assert response.status_code == 200
    return DOCTOR_LINK.findall(response.get_data(as_text=True))


def both_sides(client, **params) -> list[str]:
    """The names listed for ``params``; the API and the web page must agree."""
    from_api = api_names(client, **params)
    assert web_names(client, **params) == from_api
    return from_api


def field_errors(response) -> dict[str, str]:
    body = response.get_json()
    return {item["field"]: item["message"] for item in body.get("errors", [])}


def selected_option(html: str, value: str) -> str | None:
    """The label of the selected ``<option>`` with ``value``, if there is one."""
    for attrs, label in re.findall(r"<option([^>]*)>([^<]*)", html):
        if re.search(r"\bselected\b", attrs) and f'value="{value}"' in attrs:
            return label.strip()
    return None


def next_weekday(weekday: str, at_least: int = 2) -> date:
    """The first date ``at_least`` days from clinic today or later that falls on
    ``weekday``: no slot of it has started yet."""
    day = clinic_today() + timedelta(days=at_least)
    while weekday_name(day) != weekday:
        day += timedelta(days=1)
    return day


# --- who is listed -------------------------------------------------------------------


def test_only_approved_doctors_of_active_users_are_listed(client, db):
    doctor("Dr. Visible Rahman")
    doctor("Dr. Pending Rahman", approved=False)
    doctor("Dr. Inactive Rahman", active=False)
    db.session.commit()

    body = client.get(API).get_json()
    assert [item["full_name"] for item in body["items"]] == ["Dr. Visible Rahman"]
    assert body["total"] == 1
    assert (body["skip"], body["limit"]) == (0, 20)

    html = client.get(WEB).get_data(as_text=True)
    assert DOCTOR_LINK.findall(html) == ["Dr. Visible Rahman"]
    assert "Pending Rahman" not in html
    assert "Inactive Rahman" not in html
    assert "1 doctor found" in html


@pytest.mark.parametrize("hidden", ["unapproved", "inactive"])
def test_hidden_doctors_have_no_pages(client, db, hidden):
    shown = doctor("Dr. Shown", place=place_of("Dhaka", "Dhanmondi"))
    if hidden == "unapproved":
        other = doctor("Dr. Hidden", approved=False)
    else:
        other = doctor("Dr. Hidden", active=False)
    db.session.commit()
    shown_id, hidden_id = shown.id, other.id
    day = next_weekday("sunday").isoformat()

    response = client.get(f"{API}{shown_id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["full_name"] == "Dr. Shown"
    assert body["specialization"] == "Cardiology"
    assert body["consultation_fee"] == 800
    assert body["thana"]["name"] == "Dhanmondi"
    assert body["district"]["name"] == "Dhaka"
    assert client.get(f"{WEB}{shown_id}").status_code == 200

    for url in (f"{API}{hidden_id}", f"{API}{hidden_id}/slots?date={day}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "application/problem+json"
    for url, headers in (
        (f"{WEB}{hidden_id}", {}),
        (f"{WEB}{hidden_id}?date={day}", {}),
        (f"{WEB}{hidden_id}/slot-picker?date={day}", HTMX),
        (f"{WEB}{hidden_id}/slot-picker?date={day}", {}),
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 404, url
        assert "Dr. Hidden" not in response.get_data(as_text=True)


def test_unknown_doctor_is_404(client):
    assert client.get(f"{API}999999").status_code == 404
    assert client.get(f"{WEB}999999").status_code == 404


# --- filters -------------------------------------------------------------------------


def test_filter_by_specialization_ignores_case(client, db):
    doctor("Dr. Anika Rahman", specialization="Cardiology")
    doctor("Dr. Bashir Ahmed", specialization="Cardiology")
    doctor("Dr. Chaity Das", specialization="Neurology")
    db.session.commit()

    cardiologists = ["Dr. Anika Rahman", "Dr. Bashir Ahmed"]
    assert both_sides(client, specialization="cardiology") == cardiologists
    assert both_sides(client, specialization="CARDIOLOGY") == cardiologists
    assert both_sides(client, specialization="Neurology") == ["Dr. Chaity Das"]
    body = client.get(API, query_string={"specialization": "neurology"}).get_json()
    assert body["total"] == 1
    assert body["items"][0]["specialization"] == "Neurology"


def test_unknown_specialization_is_422(client, db):
    doctor("Dr. Anika Rahman")
    db.session.commit()

    response = client.get(API, query_string={"specialization": "Astrology"})
    assert response.status_code == 422
    assert "specialization" in field_errors(response)

    response = client.get(WEB, query_string={"specialization": "Astrology"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="specialization-error">Unknown specialization: Astrology.' in html
    assert DOCTOR_LINK.findall(html) == []


def test_filter_by_division_district_and_thana(client, db):
    doctor("Dr. Dhanmondi", place=place_of("Dhaka", "Dhanmondi"))
    doctor("Dr. Gulshan", place=place_of("Dhaka", "Gulshan"))
    doctor("Dr. Panchlaish", place=place_of("Chattogram", "Panchlaish"))
    db.session.commit()
    dhaka = place_of("Dhaka", "Gulshan")
    chattogram = place_of("Chattogram", "Panchlaish")
    assert dhaka["division_id"] == division_id("Dhaka")

    everyone = ["Dr. Dhanmondi", "Dr. Gulshan", "Dr. Panchlaish"]
    assert both_sides(client) == everyone
    assert both_sides(client, division_id=dhaka["division_id"]) == ["Dr. Dhanmondi", "Dr. Gulshan"]
    assert both_sides(client, division_id=chattogram["division_id"]) == ["Dr. Panchlaish"]
    assert both_sides(client, district_id=dhaka["district_id"]) == ["Dr. Dhanmondi", "Dr. Gulshan"]
    assert both_sides(client, district_id=chattogram["district_id"]) == ["Dr. Panchlaish"]
    assert both_sides(client, thana_id=dhaka["thana_id"]) == ["Dr. Gulshan"]
    assert both_sides(client, **dhaka) == ["Dr. Gulshan"]
    # A thana outside the district chosen: the filters combine, so nobody.
    assert (
        both_sides(client, district_id=chattogram["district_id"], thana_id=dhaka["thana_id"]) == []
    )


def test_filter_by_fee_is_inclusive(client, db):
    doctor("Dr. Low", fee="500.00")
    doctor("Dr. Middle", fee="800.00")
    doctor("Dr. High", fee="1200.00")
    db.session.commit()

    assert both_sides(client, fee_min="800") == ["Dr. High", "Dr. Middle"]
    assert both_sides(client, fee_max="800") == ["Dr. Low", "Dr. Middle"]
    assert both_sides(client, fee_min="800", fee_max="800") == ["Dr. Middle"]
    assert both_sides(client, fee_min="500.00", fee_max="1200.00") == [
        "Dr. High",
        "Dr. Low",
        "Dr. Middle",
    ]
    assert both_sides(client, fee_min="800.01") == ["Dr. High"]
    assert both_sides(client, fee_min="1200.01") == []


def test_fee_min_above_fee_max_is_422(client, db):
    doctor("Dr. Middle")
    db.session.commit()
    params = {"fee_min": "1000", "fee_max": "500"}

    response = client.get(API, query_string=params)
    assert response.status_code == 422
    assert "fee_max" in field_errors(response)

    response = client.get(WEB, query_string=params)
    assert response.status_code == 422
    assert 'id="fee_max-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("params", [{"fee_min": "-1"}, {"fee_max": "-5"}, {"fee_min": "abc"}])
def test_bad_fee_is_422(client, params):
    assert client.get(API, query_string=params).status_code == 422
    assert client.get(WEB, query_string=params).status_code == 422


NAMES = ["Dr. Anika Rahman", "Dr. Karim Hossain", "Dr. Percent 100%", "Dr. Under_Score"]


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("rahman", ["Dr. Anika Rahman"]),
        ("RAHMAN", ["Dr. Anika Rahman"]),
        ("  kARim ", ["Dr. Karim Hossain"]),
        ("dr.", NAMES),
        ("%", ["Dr. Percent 100%"]),
        ("0%", ["Dr. Percent 100%"]),
        ("_", ["Dr. Under_Score"]),
        # As wildcards these would match "Rah", "Karim Hossain" and everyone.
        ("r_h", []),
        ("k%n", []),
        ("%%", []),
        ("\\", []),
        ("nobody", []),
    ],
)
def test_filter_by_name_substring_literal_and_case_insensitive(client, db, search, found):
    for name in NAMES:
        doctor(name)
    db.session.commit()

    assert both_sides(client, name=search) == found


def test_percent_finds_nobody_when_no_name_has_one(client, db):
    doctor("Dr. Anika Rahman")
    doctor("Dr. Karim Hossain")
    db.session.commit()

    assert both_sides(client, name="%") == []
    assert both_sides(client, name="_") == []
    assert both_sides(client, name="") == ["Dr. Anika Rahman", "Dr. Karim Hossain"]


def test_filters_combine(client, db):
    gulshan = place_of("Dhaka", "Gulshan")
    doctor("Dr. Anika Rahman", specialization="Neurology", fee="600.00", place=gulshan)
    doctor("Dr. Arif Rahman", specialization="Neurology", fee="1500.00", place=gulshan)
    doctor("Dr. Amir Rahman", specialization="Cardiology", fee="600.00", place=gulshan)
    doctor("Dr. Ayesha Rahman", specialization="Neurology", fee="600.00")
    db.session.commit()

    params = {"specialization": "neurology", "thana_id": gulshan["thana_id"], "fee_max": "1000"}
    assert both_sides(client, name="rahman", **params) == ["Dr. Anika Rahman"]


# --- sorting -------------------------------------------------------------------------


@pytest.fixture
def four_doctors(db):
    doctor("Dr. Alpha", fee="1000.00", experience=3)
    doctor("Dr. Bravo", fee="500.00", experience=20)
    doctor("Dr. Charlie", fee="800.00", experience=10)
    doctor("Dr. Delta", fee="500.00", experience=10)
    db.session.commit()


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        (None, ["Dr. Alpha", "Dr. Bravo", "Dr. Charlie", "Dr. Delta"]),
        ("name", ["Dr. Alpha", "Dr. Bravo", "Dr. Charlie", "Dr. Delta"]),
        # Ties (same fee, same experience) fall back to the name.
        ("fee", ["Dr. Bravo", "Dr. Delta", "Dr. Charlie", "Dr. Alpha"]),
        ("-fee", ["Dr. Alpha", "Dr. Charlie", "Dr. Bravo", "Dr. Delta"]),
        ("experience", ["Dr. Bravo", "Dr. Charlie", "Dr. Delta", "Dr. Alpha"]),
    ],
)
def test_sort(client, four_doctors, sort, order):
    params = {"sort": sort} if sort else {}
    assert both_sides(client, **params) == order


def test_fees_and_experience_shown_match_the_sort(client, four_doctors):
    items = client.get(API, query_string={"sort": "-fee"}).get_json()["items"]
    assert [item["consultation_fee"] for item in items] == [1000, 800, 500, 500]
    items = client.get(API, query_string={"sort": "experience"}).get_json()["items"]
    assert [item["experience_years"] for item in items] == [20, 10, 10, 3]


@pytest.mark.parametrize("sort", ["price", "fee;drop", "-name", "FEE"])
def test_unknown_sort_is_422(client, four_doctors, sort):
    response = client.get(API, query_string={"sort": sort})
    assert response.status_code == 422
    assert "sort" in field_errors(response)

    response = client.get(WEB, query_string={"sort": sort})
    assert response.status_code == 422
    assert DOCTOR_LINK.findall(response.get_data(as_text=True)) == []


# --- paging --------------------------------------------------------------------------


@pytest.fixture
def twelve_doctors(db):
    names = [f"Dr. Doctor {n:02d}" for n in range(1, 13)]
    for name in names:
        doctor(name)
    db.session.commit()
    return names


def test_api_paging_keeps_the_full_total(client, twelve_doctors):
    body = client.get(API, query_string={"skip": 0, "limit": 5}).get_json()
    assert [item["full_name"] for item in body["items"]] == twelve_doctors[:5]
    assert (body["total"], body["skip"], body["limit"]) == (12, 0, 5)

    body = client.get(API, query_string={"skip": 5, "limit": 5}).get_json()
    assert [item["full_name"] for item in body["items"]] == twelve_doctors[5:10]
    assert body["total"] == 12

    body = client.get(API, query_string={"skip": 10, "limit": 5}).get_json()
    assert [item["full_name"] for item in body["items"]] == twelve_doctors[10:]
    assert (body["total"], body["skip"], body["limit"]) == (12, 10, 5)

    body = client.get(API, query_string={"skip": 50}).get_json()
    assert (body["items"], body["total"]) == ([], 12)

    body = client.get(API, query_string={"limit": 100}).get_json()
    assert [item["full_name"] for item in body["items"]] == twelve_doctors


def test_api_paging_with_a_filter_totals_the_matches(client, db, twelve_doctors):
    doctor("Dr. Neuro One", specialization="Neurology")
    doctor("Dr. Neuro Two", specialization="Neurology")
    db.session.commit()

    params = {"specialization": "Neurology", "limit": 1, "skip": 1}
    body = client.get(API, query_string=params).get_json()
    assert [item["full_name"] for item in body["items"]] == ["Dr. Neuro Two"]
    assert body["total"] == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"skip": -1}, "skip"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_api_bad_paging_is_422(client, params, field):
    response = client.get(API, query_string=params)
    assert response.status_code == 422
    assert field in field_errors(response)


def test_web_page_two_shows_the_rest(client, twelve_doctors):
    html = client.get(WEB).get_data(as_text=True)
    assert DOCTOR_LINK.findall(html) == twelve_doctors[:10]
    assert "12 doctors found" in html
    assert 'href="/doctors/?page=2"' in html

    html = client.get(WEB, query_string={"page": 2}).get_data(as_text=True)
    assert DOCTOR_LINK.findall(html) == twelve_doctors[10:]
    assert "12 doctors found" in html
    assert "aria-current=page>2</a>" in html

    html = client.get(WEB, query_string={"page": 3}).get_data(as_text=True)
    assert DOCTOR_LINK.findall(html) == []


def test_web_page_links_keep_the_filters(client, twelve_doctors):
    html = client.get(WEB, query_string={"sort": "-fee", "name": "doctor"}).get_data(as_text=True)
    links = re.findall(r'class="page-link" href="([^"]+)"', html)
    assert len(links) == 2
    assert all("sort=-fee" in link and "name=doctor" in link for link in links)
    assert "page=2" in links[1]


@pytest.mark.parametrize("page", ["0", "-1", "two"])
def test_web_bad_page_is_422(client, page):
    assert client.get(WEB, query_string={"page": page}).status_code == 422


# --- the web page and its htmx fragment -----------------------------------------------


def test_full_page_has_the_search_form_and_the_results(client, db):
    doctor("Dr. Anika Rahman")
    db.session.commit()

    response = client.get(WEB)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "<html" in html
    assert "<form" in html
    assert 'id="doctor-results"' in html
    assert "HX-Request" in response.headers.get("Vary", "")

    search_form = re.search(r'<form[^>]*id="doctor-search"[^>]*>', html, re.S)
    assert search_form, "no search form"
    form = search_form.group(0)
    assert 'method="get"' in form
    assert 'action="/doctors/"' in form
    assert 'hx-get="/doctors/"' in form
    assert 'hx-target="#doctor-results"' in form
    assert 'hx-push-url="true"' in form


def test_htmx_request_gets_only_the_results(client, db):
    doctor("Dr. Anika Rahman", specialization="Neurology")
    doctor("Dr. Karim Hossain")
    db.session.commit()
    params = {"specialization": "Neurology"}

    response = client.get(WEB, query_string=params, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith('<section id="doctor-results"')
    assert html.rstrip().endswith("</section>")
    assert "<html" not in html
    assert "<form" not in html
    assert DOCTOR_LINK.findall(html) == ["Dr. Anika Rahman"]
    assert "HX-Request" in response.headers.get("Vary", "")

    # The URL htmx pushed, opened directly (or with JavaScript off): the whole page.
    response = client.get(WEB, query_string=params)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html
    assert "<form" in html
    assert DOCTOR_LINK.findall(html) == ["Dr. Anika Rahman"]
    assert selected_option(html, "Neurology")
    assert "HX-Request" in response.headers.get("Vary", "")


def test_history_restore_gets_the_full_page(client, db):
    doctor("Dr. Anika Rahman")
    db.session.commit()

    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    html = client.get(WEB, headers=headers).get_data(as_text=True)
    assert "<html" in html
    assert "<form" in html


def test_htmx_errors_come_back_in_the_fragment(client, db):
    doctor("Dr. Anika Rahman")
    db.session.commit()

    response = client.get(WEB, query_string={"specialization": "Astrology"}, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.startswith('<section id="doctor-results"')
    assert DOCTOR_LINK.findall(html) == []


def test_search_form_keeps_what_was_typed(client, db):
    doctor("Dr. Anika Rahman", place=place_of("Dhaka", "Gulshan"))
    db.session.commit()
    gulshan = place_of("Dhaka", "Gulshan")

    html = client.get(
        WEB, query_string={"name": "rahman", "fee_max": "900", "sort": "fee", **gulshan}
    ).get_data(as_text=True)
    assert re.search(r'<input[^>]*name="name"[^>]*value="rahman"', html)
    assert selected_option(html, "fee") == "Fee: low to high"
    assert selected_option(html, str(gulshan["thana_id"])).startswith("Gulshan")
    assert selected_option(html, str(gulshan["district_id"])).startswith("Dhaka")
    assert DOCTOR_LINK.findall(html) == ["Dr. Anika Rahman"]


# --- a doctor's page and the slot picker ----------------------------------------------

SLOTS = ["10:00-10:30", "10:30-11:00", "11:00-11:30", "11:30-12:00"]


@pytest.fixture
def booked_doctor(db):
    """A doctor seeing patients on Sundays: one slot pending, one confirmed, one whose
    booking was cancelled, one never booked; and a Sunday two or more days ahead."""
    day = next_weekday("sunday")
    found = doctor("Dr. Slot Keeper", timetable={"sunday": SLOTS})
    other = doctor("Dr. Other", timetable={"sunday": SLOTS})
    make_appointment(doctor=found, day=day, slot=SLOTS[0], status=AppointmentStatus.PENDING)
    make_appointment(doctor=found, day=day, slot=SLOTS[1], status=AppointmentStatus.CONFIRMED)
    make_appointment(doctor=found, day=day, slot=SLOTS[2], status=AppointmentStatus.CANCELLED)
    # Another doctor's booking and a booking on another date do not hold the slot.
    make_appointment(doctor=other, day=day, slot=SLOTS[3])
    make_appointment(doctor=found, day=day + timedelta(days=7), slot=SLOTS[3])
    db.session.commit()
    return found.id, day


FREE = [SLOTS[2], SLOTS[3]]


def test_api_free_slots_leave_out_held_ones(client, booked_doctor):
    doctor_id, day = booked_doctor
    response = client.get(f"{API}{doctor_id}/slots", query_string={"date": day.isoformat()})
    assert response.status_code == 200
    assert response.get_json() == {"doctor_id": doctor_id, "date": day.isoformat(), "slots": FREE}

    following = day + timedelta(days=7)
    body = client.get(f"{API}{doctor_id}/slots?date={following.isoformat()}").get_json()
    assert body["slots"] == SLOTS[:3]


def test_doctor_page_lists_free_slots_of_the_date(client, booked_doctor):
    doctor_id, day = booked_doctor
    response = client.get(f"{WEB}{doctor_id}", query_string={"date": day.isoformat()})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1" in html and "Dr. Slot Keeper" in html
    assert '<section id="slot-picker"' in html
    found = FREE_SLOT.findall(html)
    assert [slot for _, slot in found] == FREE
    for href, slot in found:
        link = urlsplit(unescape(href))
        assert link.path == f"/doctors/{doctor_id}/book"
        assert parse_qs(link.query) == {"date": [day.isoformat()], "slot": [slot]}
    assert day.strftime("%A, %d %B %Y") in html


def test_slot_picker_fragment_for_htmx(client, booked_doctor):
    doctor_id, day = booked_doctor
    response = client.get(
        f"{WEB}{doctor_id}/slot-picker", query_string={"date": day.isoformat()}, headers=HTMX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith('<section id="slot-picker"')
    assert html.rstrip().endswith("</section>")
    assert "<html" not in html
    assert [slot for _, slot in FREE_SLOT.findall(html)] == FREE
    assert "HX-Request" in response.headers.get("Vary", "")


def test_slot_picker_without_htmx_redirects_to_the_doctor_page(client, booked_doctor):
    doctor_id, day = booked_doctor
    response = client.get(f"{WEB}{doctor_id}/slot-picker", query_string={"date": day.isoformat()})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/doctors/{doctor_id}?date={day.isoformat()}"

    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<html" in followed
    assert [slot for _, slot in FREE_SLOT.findall(followed)] == FREE


def test_date_off_the_timetable_has_no_slots(client, booked_doctor):
    doctor_id, day = booked_doctor
    monday = day + timedelta(days=1)
    body = client.get(f"{API}{doctor_id}/slots?date={monday.isoformat()}").get_json()
    assert body["slots"] == []
    html = client.get(
        f"{WEB}{doctor_id}/slot-picker?date={monday.isoformat()}", headers=HTMX
    ).get_data(as_text=True)
    assert FREE_SLOT.findall(html) == []
    assert "No free slots on this date" in html


def test_past_date_has_no_slots(client, db):
    past = next_weekday("sunday") - timedelta(days=14)
    assert past < clinic_today()
    found = doctor("Dr. Slot Keeper", timetable={"sunday": SLOTS})
    db.session.commit()
    doctor_id = found.id

    body = client.get(f"{API}{doctor_id}/slots?date={past.isoformat()}").get_json()
    assert body["slots"] == []
    for headers, url in (
        ({}, f"{WEB}{doctor_id}?date={past.isoformat()}"),
        (HTMX, f"{WEB}{doctor_id}/slot-picker?date={past.isoformat()}"),
    ):
        html = client.get(url, headers=headers).get_data(as_text=True)
        assert FREE_SLOT.findall(html) == []
        assert "That date has passed." in html


def test_doctor_page_quick_days_start_today(client, db):
    found = doctor("Dr. Slot Keeper", timetable={weekday_name(clinic_today()): SLOTS})
    db.session.commit()
    doctor_id = found.id
    today = clinic_today()

    html = client.get(f"{WEB}{doctor_id}").get_data(as_text=True)
    days = re.findall(r'hx-get="/doctors/\d+/slot-picker\?date=([\d-]+)"', html)
    assert days[0] == today.isoformat()
    assert len(days) == 14
    assert "aria-current=date" in html
    assert f'min="{today.isoformat()}"' in html


def test_api_slots_needs_a_valid_date(client, booked_doctor):
    doctor_id, _ = booked_doctor
    for query in ("", "?date=tomorrow", "?date=2030-02-30"):
        response = client.get(f"{API}{doctor_id}/slots{query}")
        assert response.status_code == 422, query
        assert "date" in field_errors(response)


def test_slot_that_has_started_today_is_not_offered(client, db):
    today = clinic_today()
    found = doctor("Dr. Early Bird", timetable={weekday_name(today): ["00:00-00:05"]})
    db.session.commit()
    doctor_id = found.id

    body = client.get(f"{API}{doctor_id}/slots?date={today.isoformat()}").get_json()
    assert body["slots"] == []
    html = client.get(f"{WEB}{doctor_id}?date={today.isoformat()}").get_data(as_text=True)
    assert FREE_SLOT.findall(html) == []
    assert "No free slots on this date" in html
    # A week on, the same slot is offered.
    week_on = (today + timedelta(days=7)).isoformat()
    body = client.get(f"{API}{doctor_id}/slots?date={week_on}").get_json()
    assert body["slots"] == ["00:00-00:05"]


def test_name_longer_than_100_characters_is_422(client):
    assert client.get(API, query_string={"name": "x" * 101}).status_code == 422
    assert client.get(WEB, query_string={"name": "x" * 101}).status_code == 422
    assert client.get(API, query_string={"name": "x" * 100}).status_code == 200


def test_a_specialization_named_in_another_case_stays_selected(client, db):
    from tests.factories import make_specialization as _spec

    _spec("Cardiology")
    db.session.commit()
    html = client.get("/doctors/?specialization=cardiology").get_data(as_text=True)
    assert '<option selected value="Cardiology">' in html or 'value="Cardiology" selected' in html
