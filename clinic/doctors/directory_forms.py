"""Query forms of the public doctor directory and the booking form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, IntegerField, SearchField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from clinic.accounts.forms import LocationFields

SORT_CHOICES = [
    SelectChoice("name", "Name"),
    SelectChoice("fee", "Fee: low to high"),
    SelectChoice("-fee", "Fee: high to low"),
    SelectChoice("experience", "Most experienced"),
]


class DirectoryForm(LocationFields, FlaskForm):
    """Read from the query string; a search has no side effects, so no CSRF token."""

    class Meta:
        csrf = False

    name = SearchField("Doctor's name", validators=[Optional(), Length(max=100)])
    specialization = SelectField("Specialization", validate_choice=False)
    fee_min = DecimalField("Fee from (৳)", validators=[Optional(), NumberRange(min=0)])
    fee_max = DecimalField("Fee up to (৳)", validators=[Optional(), NumberRange(min=0)])
    sort = SelectField("Sort by", choices=SORT_CHOICES, default="name")
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1)], default=1)


class BookingForm(FlaskForm):
    appointment_date = HiddenField(validators=[DataRequired()])
    appointment_time = HiddenField(validators=[DataRequired()])
    symptoms = TextAreaField("Symptoms", validators=[Optional(), Length(max=2000)])
    notes = TextAreaField(
        "Anything the doctor should know", validators=[Optional(), Length(max=2000)]
    )
