"""Scheduling rules as pure functions: slot arithmetic, timetable validation and the
appointment status workflow. No database and no Flask, so services, templates and the
API share them and tests run them on plain objects (``types.SimpleNamespace``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from clinic.accounts.models import UserType
from clinic.doctors.models import WEEK_DISPLAY_ORDER, weekday_name
from clinic.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from clinic.scheduling.models import AppointmentStatus

# ---------------------------------------------------------------- slots

_SLOT = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)")
SLOT_FORMAT_MESSAGE = "Use the form HH:MM-HH:MM, e.g. 10:00-10:30."


@dataclass(frozen=True, order=True)
class Slot:
    """A span of clinic (wall-clock) time within one day; orders by start, then end."""

    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def overlaps(self, other: Slot) -> bool:
        """True when the two share any time; touching ends do not overlap."""
        return self.start < other.end and other.start < self.end


def parse_slot(text: str, field: str = "appointment_time") -> Slot:
    """Parse ``HH:MM-HH:MM`` (24-hour, surrounding whitespace ignored) into a Slot."""
    match = _SLOT.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise RuleViolation(field, SLOT_FORMAT_MESSAGE)
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    slot = Slot(time(h1, m1), time(h2, m2))
    if slot.start >= slot.end:
        raise RuleViolation(field, "A slot must end after it starts.")
    return slot


def slot_start(day: date, slot: Slot, tz: ZoneInfo) -> datetime:
    """The aware instant the slot starts on ``day`` in the clinic's time zone."""
    return datetime.combine(day, slot.start, tzinfo=tz)


def has_started(day: date, slot: Slot, now: datetime, tz: ZoneInfo) -> bool:
    """True when ``now`` (aware, any zone) is at or past the slot's start in clinic time."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("has_started needs an aware datetime for now.")
    return now >= slot_start(day, slot, tz)


# ---------------------------------------------------------------- timetables

BUSINESS_HOURS = (time(7, 0), time(23, 0))  # default opening and closing
_FIELD = "available_timeslots"


def _show(text: object, limit: int = 30) -> str:
    """A client's text quoted for a message, cut short so errors stay readable."""
    text = str(text)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _day_slots(day: str, texts: list[str], opening: time, closing: time, problems: list) -> list:
    """One day's slots parsed, checked and sorted; problems are appended, not raised."""
    field = f"{_FIELD}.{day}"
    slots: list[Slot] = []
    for text in texts:
        try:
            slots.append(parse_slot(text, field))
        except RuleViolation as exc:
            problems.append(RuleViolation(field, f"{_show(text)} on {day}: {exc.message}"))
    slots.sort()
    hours = f"{opening:%H:%M}-{closing:%H:%M}"
    latest: Slot | None = None  # the slot reaching furthest so far, to name in overlaps
    for index, slot in enumerate(slots):
        if index and slot == slots[index - 1]:
            problems.append(RuleViolation(field, f"{slot} is listed twice on {day}."))
            continue
        if slot.start < opening or slot.end > closing:
            problems.append(
                RuleViolation(field, f"{slot} on {day} is outside opening hours ({hours}).")
            )
        if latest is not None and slot.overlaps(latest):
            problems.append(RuleViolation(field, f"{slot} overlaps {latest} on {day}."))
        if latest is None or slot.end > latest.end:
            latest = slot
    return [str(slot) for slot in dict.fromkeys(slots)]


def normalise_timetable(
    raw: object, opening: time = BUSINESS_HOURS[0], closing: time = BUSINESS_HOURS[1]
) -> dict[str, list[str]]:
    """Check a client's weekday → slots mapping; return it canonical (days Saturday-first,
    only days with slots, slots sorted and written ``HH:MM-HH:MM``). Every problem is
    collected into one ValidationFailed."""
    if not isinstance(raw, dict):
        raise ValidationFailed(
            [RuleViolation(_FIELD, 'Send an object of weekday → ["HH:MM-HH:MM", ...].')]
        )
    problems: list[RuleViolation] = []
    days: dict[str, list[str]] = {}
    for key, texts in raw.items():
        day = key.strip().lower() if isinstance(key, str) else str(key)
        if day not in WEEK_DISPLAY_ORDER:
            problems.append(RuleViolation(f"{_FIELD}.{day}", f"{_show(key)} is not a weekday."))
        elif day in days:
            problems.append(RuleViolation(f"{_FIELD}.{day}", f"{day} is listed twice."))
        elif not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            problems.append(RuleViolation(_FIELD, f"The slots for {day} must be a list of text."))
            days[day] = []
        else:
            days[day] = _day_slots(day, texts, opening, closing, problems)
    if problems:
        raise ValidationFailed(problems)
    return {day: days[day] for day in WEEK_DISPLAY_ORDER if days.get(day)}


def _weekday(weekday: str) -> str:
    day = weekday.strip().lower() if isinstance(weekday, str) else ""
    if day not in WEEK_DISPLAY_ORDER:
        raise RuleViolation("weekday", "Choose a day of the week.")
    return day


def add_slot(
    timetable: dict,
    weekday: str,
    slot_text: str,
    opening: time = BUSINESS_HOURS[0],
    closing: time = BUSINESS_HOURS[1],
) -> dict[str, list[str]]:
    """A new, canonical timetable with one more slot. A bad day is a RuleViolation on
    "weekday"; anything wrong with the new slot (form, hours, duplicate, overlap) is a
    RuleViolation on "slot". The input is never changed."""
    base = normalise_timetable(timetable or {}, opening, closing)
    day = _weekday(weekday)
    slot = parse_slot(slot_text, "slot")
    merged = {**base, day: [*base.get(day, []), str(slot)]}
    try:
        return normalise_timetable(merged, opening, closing)
    except ValidationFailed as failed:
        raise RuleViolation("slot", failed.violations[0].message) from None


def remove_slot(timetable: dict, weekday: str, slot_text: str) -> dict[str, list[str]]:
    """A new timetable without one slot (a day left empty is dropped). Business hours are
    not checked, so a slot outside them can still be removed. The input is never changed."""
    day = _weekday(weekday)
    target = str(parse_slot(slot_text, "slot"))
    source = timetable or {}
    current = source.get(day) or []
    kept = [text for text in current if text.strip() != target]
    if len(kept) == len(current):
        raise RuleViolation("slot", f"{target} is not listed on {day}.")
    return {k: list(v) if k != day else kept for k, v in source.items() if k != day or kept}


def slots_on(timetable: dict, day: date) -> list[str]:
    """The slots listed for the weekday of ``day`` (a new list; [] when none)."""
    return list((timetable or {}).get(weekday_name(day)) or [])


# ---------------------------------------------------------------- status workflow

_S = AppointmentStatus
# Who may make each move. The one source for TRANSITIONS as well.
_MOVES: dict[tuple[AppointmentStatus, AppointmentStatus], frozenset[str]] = {
    (_S.PENDING, _S.CONFIRMED): frozenset({"doctor", "admin"}),
    (_S.PENDING, _S.CANCELLED): frozenset({"patient", "doctor", "admin"}),
    (_S.CONFIRMED, _S.COMPLETED): frozenset({"doctor", "admin"}),
    (_S.CONFIRMED, _S.CANCELLED): frozenset({"patient", "doctor", "admin"}),
}
TRANSITIONS: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    status: frozenset(to for (frm, to) in _MOVES if frm == status) for status in _S
}
_TARGET_ORDER = (_S.CONFIRMED, _S.COMPLETED, _S.CANCELLED)
_VERB = {_S.CONFIRMED: "confirm", _S.COMPLETED: "complete", _S.CANCELLED: "cancel"}


def role_of(appointment, user) -> str | None:
    """The user's part in this appointment: "admin", "doctor", "patient" or None.
    An admin is always "admin"; a doctor who is the patient of a colleague is "patient"."""
    if user is None:
        return None
    if user.user_type == UserType.ADMIN:
        return "admin"
    doctor = getattr(user, "doctor", None)
    if doctor is not None and doctor.id == appointment.doctor_id:
        return "doctor"
    if appointment.patient_id == user.id:
        return "patient"
    return None


def can_view(appointment, user) -> bool:
    """Admins, the appointment's doctor and its patient."""
    return role_of(appointment, user) is not None


def check_transition(appointment, user, to: AppointmentStatus, today: date) -> None:
    """Raise unless ``user`` may move the appointment to ``to`` on ``today``. Order of
    checks: NotFound (cannot view), RuleViolation (not in the workflow), Forbidden (role),
    RuleViolation (completing before the appointment's date)."""
    role = role_of(appointment, user)
    if role is None:
        raise NotFound("Appointment not found.")
    current = _S(appointment.status)
    try:
        to = _S(to)
    except ValueError:
        raise RuleViolation("status", f"{_show(to)} is not a status.") from None
    if to == current:
        raise RuleViolation("status", f"The appointment is already {current}.")
    if not TRANSITIONS[current]:
        raise RuleViolation("status", f"A {current} appointment cannot be changed.")
    if to not in TRANSITIONS[current]:
        raise RuleViolation("status", f"A {current} appointment cannot become {to}.")
    if role not in _MOVES[current, to]:
        raise Forbidden(f"Only the doctor or an admin can {_VERB[to]} this appointment.")
    if to == _S.COMPLETED and appointment.appointment_date > today:
        raise RuleViolation("status", "An appointment can be completed on or after its date.")


def can_transition(appointment, user, to: AppointmentStatus, today: date) -> bool:
    """True exactly when check_transition would not raise."""
    try:
        check_transition(appointment, user, to, today)
    except (NotFound, Forbidden, RuleViolation):
        return False
    return True


def allowed_transitions(appointment, user, today: date) -> list[AppointmentStatus]:
    """The statuses this user may move the appointment to now (confirmed, completed,
    cancelled order), e.g. for the buttons on a page."""
    return [to for to in _TARGET_ORDER if can_transition(appointment, user, to, today)]


def can_write_notes(appointment, user) -> bool:
    """Doctor's notes, prescription and diagnosis: its doctor or an admin, unless cancelled."""
    if _S(appointment.status) == _S.CANCELLED:
        return False
    return role_of(appointment, user) in ("doctor", "admin")
