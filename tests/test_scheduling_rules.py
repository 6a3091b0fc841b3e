"""The scheduling rules on plain objects: slots, timetables and the status workflow.
No database and no app: these are pure functions."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from clinic.accounts.models import UserType
from clinic.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from clinic.scheduling import rules
from clinic.scheduling.models import AppointmentStatus
from clinic.scheduling.rules import Slot

DHAKA = ZoneInfo("Asia/Dhaka")
MONDAY = date(2025, 3, 10)
SUNDAY = date(2025, 3, 9)


# ---------------------------------------------------------------- slots


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00-10:30", Slot(time(10, 0), time(10, 30))),
        ("  07:05-23:00\n", Slot(time(7, 5), time(23, 0))),
        ("00:00-23:59", Slot(time(0, 0), time(23, 59))),
    ],
)
def test_parse_slot_accepts_the_canonical_form(text, expected):
    assert rules.parse_slot(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9:00-10:00", "Use the form HH:MM-HH:MM"),
        ("10:00-09:00", "must end after it starts"),
        ("10:00-10:00", "must end after it starts"),
        ("10:00 - 11:00", "Use the form HH:MM-HH:MM"),
        ("25:00-26:00", "Use the form HH:MM-HH:MM"),
        ("10:00-24:00", "Use the form HH:MM-HH:MM"),
        ("10:60-11:00", "Use the form HH:MM-HH:MM"),
        ("abc", "Use the form HH:MM-HH:MM"),
        ("", "Use the form HH:MM-HH:MM"),
        ("10:00-10:30:00", "Use the form HH:MM-HH:MM"),
        (None, "Use the form HH:MM-HH:MM"),
    ],
)
def test_parse_slot_refuses(text, message):
    with pytest.raises(RuleViolation) as caught:
        rules.parse_slot(text)
    assert caught.value.field == "appointment_time"
    assert message in caught.value.message


def test_parse_slot_names_the_given_field():
    with pytest.raises(RuleViolation) as caught:
        rules.parse_slot("nope", field="slot")
    assert caught.value.field == "slot"


def test_slot_str_round_trips_and_slots_order_by_start():
    slot = rules.parse_slot(" 09:05-10:00 ")
    assert str(slot) == "09:05-10:00"
    assert rules.parse_slot(str(slot)) == slot
    assert sorted([rules.parse_slot("11:00-11:30"), slot]) == [
        slot,
        rules.parse_slot("11:00-11:30"),
    ]


def test_slot_start_is_aware_clinic_time():
    start = rules.slot_start(MONDAY, rules.parse_slot("10:00-10:30"), DHAKA)
    assert start.tzinfo is DHAKA
    assert start.astimezone(UTC) == datetime(2025, 3, 10, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "started"),
    [
        (datetime(2025, 3, 10, 3, 59, 59, tzinfo=UTC), False),
        (datetime(2025, 3, 10, 4, 0, tzinfo=UTC), True),
        (datetime(2025, 3, 10, 4, 0, 1, tzinfo=UTC), True),
        (datetime(2025, 3, 9, 23, 0, tzinfo=UTC), False),  # already Monday 05:00 in Dhaka
        (datetime(2025, 3, 10, 9, 59, tzinfo=DHAKA), False),
        (datetime(2025, 3, 10, 10, 0, tzinfo=DHAKA), True),
    ],
)
def test_has_started_compares_in_clinic_time(now, started):
    slot = rules.parse_slot("10:00-10:30")  # 10:00 in Dhaka is 04:00 UTC
    assert rules.has_started(MONDAY, slot, now, DHAKA) is started


def test_has_started_refuses_a_naive_now():
    with pytest.raises(ValueError, match="aware"):
        rules.has_started(MONDAY, rules.parse_slot("10:00-10:30"), datetime(2025, 3, 10), DHAKA)


# ---------------------------------------------------------------- timetables


def _failure(raw, **hours) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as caught:
        rules.normalise_timetable(raw, **hours)
    return [(v.field, v.message) for v in caught.value.violations]


def test_normalise_canonical_keys_order_format_and_sorting():
    raw = {
        " Monday ": ["14:00-14:30", " 09:00-09:30"],
        "SUNDAY": ["10:30-11:00", "10:00-10:30"],
        "friday": [],
        "saturday": ["08:00-09:00"],
    }
    result = rules.normalise_timetable(raw)
    assert result == {
        "saturday": ["08:00-09:00"],
        "sunday": ["10:00-10:30", "10:30-11:00"],
        "monday": ["09:00-09:30", "14:00-14:30"],
    }
    assert list(result) == ["saturday", "sunday", "monday"]  # Saturday-first, empty days gone
    assert raw["SUNDAY"] == ["10:30-11:00", "10:00-10:30"]  # the input is left alone


def test_an_empty_timetable_is_valid():
    assert rules.normalise_timetable({}) == {}


def test_touching_slots_do_not_overlap():
    slots = ["07:00-10:00", "10:00-10:30", "10:30-23:00"]
    assert rules.normalise_timetable({"sunday": slots}) == {"sunday": slots}


def test_unknown_weekday():
    assert _failure({"Sundy": ["10:00-10:30"]}) == [
        ("available_timeslots.sundy", "'Sundy' is not a weekday.")
    ]


def test_the_same_day_twice_under_different_spellings():
    errors = _failure({"sunday": ["10:00-10:30"], "Sunday ": ["11:00-11:30"]})
    assert errors == [("available_timeslots.sunday", "sunday is listed twice.")]


def test_overlap_names_both_slots():
    assert _failure({"sunday": ["10:30-11:30", "10:00-11:00"]}) == [
        ("available_timeslots.sunday", "10:30-11:30 overlaps 10:00-11:00 on sunday.")
    ]


def test_a_slot_inside_a_longer_one_overlaps_it():
    errors = _failure({"sunday": ["09:00-12:00", "10:00-10:30", "11:00-11:30"]})
    assert [message for _, message in errors] == [
        "10:00-10:30 overlaps 09:00-12:00 on sunday.",
        "11:00-11:30 overlaps 09:00-12:00 on sunday.",
    ]


def test_duplicate_slots_are_an_error_even_when_written_differently():
    assert _failure({"sunday": ["10:00-10:30", " 10:00-10:30 "]}) == [
        ("available_timeslots.sunday", "10:00-10:30 is listed twice on sunday.")
    ]


@pytest.mark.parametrize("text", ["06:30-07:30", "22:30-23:30", "06:00-06:30", "23:00-23:30"])
def test_slots_outside_business_hours(text):
    assert _failure({"monday": [text]}) == [
        ("available_timeslots.monday", f"{text} on monday is outside opening hours (07:00-23:00).")
    ]


def test_business_hours_can_be_given():
    hours = {"opening": time(9, 0), "closing": time(17, 0)}
    assert rules.normalise_timetable({"monday": ["09:00-17:00"]}, **hours)
    assert len(_failure({"monday": ["08:30-09:30"]}, **hours)) == 1


@pytest.mark.parametrize("raw", [None, [], "sunday", ["10:00-10:30"], 3])
def test_not_a_dict(raw):
    errors = _failure(raw)
    assert len(errors) == 1
    assert errors[0][0] == "available_timeslots"


@pytest.mark.parametrize("value", ["10:00-10:30", None, {"a": 1}, ["10:00-10:30", 5]])
def test_a_day_not_a_list_of_text(value):
    assert _failure({"sunday": value}) == [
        ("available_timeslots", "The slots for sunday must be a list of text.")
    ]


def test_several_problems_are_reported_together():
    errors = _failure(
        {
            "funday": ["10:00-10:30"],
            "sunday": ["9:00-10:00", "10:00-11:00", "10:30-11:30", "06:00-06:30"],
            "monday": "10:00-10:30",
            "tuesday": ["12:00-11:00"],
        }
    )
    assert errors == [
        ("available_timeslots.funday", "'funday' is not a weekday."),
        (
            "available_timeslots.sunday",
            "'9:00-10:00' on sunday: Use the form HH:MM-HH:MM, e.g. 10:00-10:30.",
        ),
        (
            "available_timeslots.sunday",
            "06:00-06:30 on sunday is outside opening hours (07:00-23:00).",
        ),
        ("available_timeslots.sunday", "10:30-11:30 overlaps 10:00-11:00 on sunday."),
        ("available_timeslots", "The slots for monday must be a list of text."),
        (
            "available_timeslots.tuesday",
            "'12:00-11:00' on tuesday: A slot must end after it starts.",
        ),
    ]


def test_add_slot_returns_a_new_canonical_timetable():
    stored = {"sunday": ["10:00-10:30"], "monday": ["09:00-09:30"]}
    before = copy.deepcopy(stored)
    result = rules.add_slot(stored, " Sunday", "09:30-10:00")
    assert result == {"sunday": ["09:30-10:00", "10:00-10:30"], "monday": ["09:00-09:30"]}
    assert stored == before
    assert result["monday"] is not stored["monday"]
    assert rules.add_slot({}, "friday", "15:00-15:30") == {"friday": ["15:00-15:30"]}


@pytest.mark.parametrize(
    ("weekday", "slot", "field", "message"),
    [
        ("someday", "10:00-10:30", "weekday", "Choose a day of the week."),
        ("sunday", "10-11", "slot", "Use the form HH:MM-HH:MM"),
        ("sunday", "10:00-10:30", "slot", "10:00-10:30 is listed twice on sunday."),
        ("sunday", "10:15-10:45", "slot", "10:15-10:45 overlaps 10:00-10:30 on sunday."),
        ("sunday", "22:45-23:15", "slot", "outside opening hours"),
    ],
)
def test_add_slot_refuses(weekday, slot, field, message):
    stored = {"sunday": ["10:00-10:30"]}
    with pytest.raises(RuleViolation) as caught:
        rules.add_slot(stored, weekday, slot)
    assert (caught.value.field, message in caught.value.message) == (field, True)
    assert stored == {"sunday": ["10:00-10:30"]}


def test_remove_slot_returns_a_new_timetable_and_drops_an_emptied_day():
    stored = {"sunday": ["10:00-10:30", "11:00-11:30"], "monday": ["09:00-09:30"]}
    before = copy.deepcopy(stored)
    assert rules.remove_slot(stored, "Sunday", " 10:00-10:30 ") == {
        "sunday": ["11:00-11:30"],
        "monday": ["09:00-09:30"],
    }
    assert rules.remove_slot(stored, "monday", "09:00-09:30") == {
        "sunday": ["10:00-10:30", "11:00-11:30"]
    }
    assert stored == before


def test_remove_slot_works_outside_business_hours():
    assert rules.remove_slot({"monday": ["05:00-06:00"]}, "monday", "05:00-06:00") == {}


@pytest.mark.parametrize(
    ("weekday", "slot", "field"),
    [
        ("sunday", "12:00-12:30", "slot"),
        ("monday", "10:00-10:30", "slot"),
        ("x", "10:00-10:30", "weekday"),
    ],
)
def test_remove_slot_refuses_what_is_not_there(weekday, slot, field):
    with pytest.raises(RuleViolation) as caught:
        rules.remove_slot({"sunday": ["10:00-10:30"]}, weekday, slot)
    assert caught.value.field == field


def test_slots_on_reads_the_dates_weekday():
    timetable = {"sunday": ["10:00-10:30"], "monday": ["09:00-09:30", "09:30-10:00"]}
    assert rules.slots_on(timetable, MONDAY) == ["09:00-09:30", "09:30-10:00"]
    assert rules.slots_on(timetable, SUNDAY) == ["10:00-10:30"]
    assert rules.slots_on(timetable, MONDAY + timedelta(days=1)) == []
    assert rules.slots_on({}, MONDAY) == []
    rules.slots_on(timetable, MONDAY).append("x")
    assert timetable["monday"] == ["09:00-09:30", "09:30-10:00"]


# ---------------------------------------------------------------- status workflow

P, CONF, DONE, CANC = (
    AppointmentStatus.PENDING,
    AppointmentStatus.CONFIRMED,
    AppointmentStatus.COMPLETED,
    AppointmentStatus.CANCELLED,
)
DOCTOR_ID, PATIENT_ID = 7, 5
TODAY = date(2025, 3, 10)

# User ids are chosen to trip up confusions: the other patient's user id equals the
# appointment's doctor id, and the own doctor's doctor id is not their user id.
ACTORS = {
    "admin": SimpleNamespace(id=1, user_type=UserType.ADMIN, doctor=None),
    "own_doctor": SimpleNamespace(id=70, user_type=UserType.DOCTOR, doctor=SimpleNamespace(id=7)),
    "other_doctor": SimpleNamespace(id=80, user_type=UserType.DOCTOR, doctor=SimpleNamespace(id=8)),
    "own_patient": SimpleNamespace(id=5, user_type=UserType.PATIENT, doctor=None),
    "other_patient": SimpleNamespace(id=7, user_type=UserType.PATIENT, doctor=None),
}
STRANGERS = {"other_doctor", "other_patient"}

# The rules as written: each move in the workflow, and who may make it.
WORKFLOW = {
    (P, CONF): {"admin", "own_doctor"},
    (P, CANC): {"admin", "own_doctor", "own_patient"},
    (CONF, DONE): {"admin", "own_doctor"},
    (CONF, CANC): {"admin", "own_doctor", "own_patient"},
}


def appointment(status, on=TODAY):
    return SimpleNamespace(
        status=status, doctor_id=DOCTOR_ID, patient_id=PATIENT_ID, appointment_date=on
    )


def expected(frm, to, actor):
    if actor in STRANGERS:
        return NotFound
    if (frm, to) not in WORKFLOW:
        return RuleViolation
    return None if actor in WORKFLOW[frm, to] else Forbidden


MATRIX = [
    (frm, to, actor, expected(frm, to, actor))
    for frm in AppointmentStatus
    for to in AppointmentStatus
    for actor in ACTORS
]


@pytest.mark.parametrize(("frm", "to", "actor", "outcome"), MATRIX)
def test_transition_matrix(frm, to, actor, outcome):
    appt, user = appointment(frm), ACTORS[actor]
    assert rules.can_transition(appt, user, to, TODAY) is (outcome is None)
    if outcome is None:
        rules.check_transition(appt, user, to, TODAY)
    else:
        with pytest.raises(outcome) as caught:
            rules.check_transition(appt, user, to, TODAY)
        assert type(caught.value) is outcome
        if outcome is RuleViolation:
            assert caught.value.field == "status"
        if outcome is NotFound:
            assert caught.value.message == "Appointment not found."


def test_matrix_is_complete():
    assert len(MATRIX) == 4 * 4 * 5
    outcomes = {o for *_, o in MATRIX}
    assert outcomes == {None, NotFound, Forbidden, RuleViolation}


@pytest.mark.parametrize(
    ("days_from_today", "actor", "outcome"),
    [
        (1, "admin", RuleViolation),
        (1, "own_doctor", RuleViolation),
        (1, "own_patient", Forbidden),  # the role is refused before the date is looked at
        (1, "other_doctor", NotFound),
        (0, "admin", None),
        (0, "own_doctor", None),
        (0, "own_patient", Forbidden),
        (-1, "admin", None),
        (-1, "own_doctor", None),
        (-1, "other_patient", NotFound),
    ],
)
def test_completion_is_only_on_or_after_the_date(days_from_today, actor, outcome):
    appt = appointment(CONF, on=TODAY + timedelta(days=days_from_today))
    user = ACTORS[actor]
    assert rules.can_transition(appt, user, DONE, TODAY) is (outcome is None)
    if outcome is None:
        rules.check_transition(appt, user, DONE, TODAY)
        return
    with pytest.raises(outcome) as caught:
        rules.check_transition(appt, user, DONE, TODAY)
    if outcome is RuleViolation:
        assert caught.value.message == "An appointment can be completed on or after its date."


def test_transition_messages():
    def message(frm, to, actor="own_doctor"):
        with pytest.raises((RuleViolation, Forbidden)) as caught:
            rules.check_transition(appointment(frm), ACTORS[actor], to, TODAY)
        return caught.value.message

    assert message(CONF, P) == "A confirmed appointment cannot become pending."
    assert message(P, DONE) == "A pending appointment cannot become completed."
    assert message(DONE, CANC) == "A completed appointment cannot be changed."
    assert message(CANC, P) == "A cancelled appointment cannot be changed."
    assert message(P, P) == "The appointment is already pending."
    assert message(P, CONF, "own_patient") == (
        "Only the doctor or an admin can confirm this appointment."
    )


def test_an_unknown_target_status_is_a_rule_violation_for_viewers_only():
    with pytest.raises(RuleViolation):
        rules.check_transition(appointment(P), ACTORS["admin"], "archived", TODAY)
    with pytest.raises(NotFound):
        rules.check_transition(appointment(P), ACTORS["other_patient"], "archived", TODAY)


def test_transitions_table():
    final = frozenset()
    table = {
        P: frozenset({CONF, CANC}),
        CONF: frozenset({DONE, CANC}),
        DONE: final,
        CANC: final,
    }
    assert table == rules.TRANSITIONS


@pytest.mark.parametrize(
    ("status", "actor", "allowed"),
    [
        (P, "admin", [CONF, CANC]),
        (P, "own_doctor", [CONF, CANC]),
        (P, "own_patient", [CANC]),
        (P, "other_doctor", []),
        (CONF, "admin", [DONE, CANC]),
        (CONF, "own_doctor", [DONE, CANC]),
        (CONF, "own_patient", [CANC]),
        (CONF, "other_patient", []),
        (DONE, "admin", []),
        (CANC, "own_doctor", []),
    ],
)
def test_allowed_transitions(status, actor, allowed):
    assert rules.allowed_transitions(appointment(status), ACTORS[actor], TODAY) == allowed


def test_allowed_transitions_leave_out_completion_before_the_date():
    future = appointment(CONF, on=TODAY + timedelta(days=2))
    assert rules.allowed_transitions(future, ACTORS["own_doctor"], TODAY) == [CANC]


@pytest.mark.parametrize(
    ("actor", "role"),
    [
        ("admin", "admin"),
        ("own_doctor", "doctor"),
        ("own_patient", "patient"),
        ("other_doctor", None),
        ("other_patient", None),
    ],
)
def test_role_of_and_can_view(actor, role):
    assert rules.role_of(appointment(P), ACTORS[actor]) == role
    assert rules.can_view(appointment(P), ACTORS[actor]) is (role is not None)


def test_a_doctor_booked_with_a_colleague_is_that_appointments_patient():
    colleague_as_patient = SimpleNamespace(
        id=PATIENT_ID, user_type=UserType.DOCTOR, doctor=SimpleNamespace(id=9)
    )
    assert rules.role_of(appointment(P), colleague_as_patient) == "patient"
    assert rules.allowed_transitions(appointment(P), colleague_as_patient, TODAY) == [CANC]


def test_nobody_signed_in_sees_nothing():
    assert rules.role_of(appointment(P), None) is None
    with pytest.raises(NotFound):
        rules.check_transition(appointment(P), None, CANC, TODAY)


@pytest.mark.parametrize("status", list(AppointmentStatus))
@pytest.mark.parametrize("actor", list(ACTORS))
def test_can_write_notes(status, actor):
    allowed = actor in {"admin", "own_doctor"} and status != CANC
    assert rules.can_write_notes(appointment(status), ACTORS[actor]) is allowed
