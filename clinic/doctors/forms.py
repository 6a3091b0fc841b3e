"""Web forms for a doctor's own practice page. They check shape; the domain checks the
rules (ranges, known specialization, slot format and overlaps) and its errors are put
next to the fields with ``clinic.accounts.forms.apply_errors``."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from clinic.doctors.models import Doctor, Specialization

# What the profile form may change; the licence number and approval are not among them.
PROFILE_FORM_FIELDS = (
    "specialization",
    "experience_years",
    "consultation_fee",
    "qualification",
    "bio",
)


class PracticeProfileForm(FlaskForm):
    # Choices come from the view; an unknown name is the domain's to refuse.
    specialization = SelectField("Specialization", validate_choice=False)
    experience_years = IntegerField("Years of experience", validators=[Optional()])
    consultation_fee = DecimalField("Consultation fee (৳)", places=2, validators=[Optional()])
    qualification = StringField("Qualifications", validators=[Optional(), Length(max=2000)])
    bio = TextAreaField("About you", validators=[Optional(), Length(max=2000)])

    @classmethod
    def for_doctor(cls, doctor: Doctor) -> PracticeProfileForm:
        """The form filled with the doctor's saved details (not the request's)."""
        data = {name: getattr(doctor, name) for name in PROFILE_FORM_FIELDS}
        data["specialization"] = doctor.specialization.name
        return cls(formdata=None, data=data)

    def offer_specializations(self, active: list[Specialization], current: Specialization) -> None:
        """Active specializations, plus the doctor's own even if it has been retired."""
        names = [spec.name for spec in active]
        if current.name not in names:
            names.insert(0, current.name)
        self.specialization.choices = [(name, name) for name in names]

    def changes(self) -> dict[str, object]:
        return {name: getattr(self, name).data for name in PROFILE_FORM_FIELDS}


class SlotForm(FlaskForm):
    """One slot of the weekly timetable, to add or to remove. The add form takes the slot
    as text ("10:00-10:30"); the remove buttons send it hidden."""

    weekday = HiddenField("Day")
    slot = StringField("New slot")
