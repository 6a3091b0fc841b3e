"""Web forms for accounts. They check shape; the domain checks the rules and its errors
are put next to the fields (see ``apply_errors``)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from clinic.errors import DomainError


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=255)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=128)])
    remember = BooleanField("Keep me signed in on this device")


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class LocationFields:
    """Division → district → thana selects; choices are filled by the view."""

    division_id = SelectField("Division", coerce=_int_or_none, validate_choice=False)
    district_id = SelectField("District", coerce=_int_or_none, validate_choice=False)
    thana_id = SelectField("Thana / upazila", coerce=_int_or_none, validate_choice=False)
    address = TextAreaField("Address", validators=[Optional(), Length(max=500)])


class RegistrationForm(LocationFields, FlaskForm):
    full_name = StringField("Full name", validators=[DataRequired(), Length(max=255)])
    email = EmailField("Email", validators=[DataRequired(), Length(max=255)])
    mobile_number = TelField("Mobile number", validators=[DataRequired(), Length(max=20)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=128)])
    confirm_password = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )
    # Doctors only; the view makes them required when registering as a doctor.
    license_number = StringField("BMDC licence number", validators=[Optional(), Length(max=50)])
    specialization = SelectField("Specialization", validate_choice=False)
    experience_years = IntegerField("Years of experience", validators=[Optional()])
    consultation_fee = DecimalField("Consultation fee (৳)", places=2, validators=[Optional()])
    qualification = StringField("Qualifications", validators=[Optional(), Length(max=2000)])
    bio = TextAreaField("About you", validators=[Optional(), Length(max=2000)])


class ProfileForm(LocationFields, FlaskForm):
    full_name = StringField("Full name", validators=[DataRequired(), Length(max=255)])
    mobile_number = TelField("Mobile number", validators=[DataRequired(), Length(max=20)])


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField("New password", validators=[DataRequired(), Length(max=128)])
    confirm_password = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("new_password", "Passwords differ.")],
    )


class PhotoForm(FlaskForm):
    image = FileField("Profile photo (JPEG or PNG, up to 5 MB)")


def apply_errors(form: FlaskForm, error: DomainError) -> None:
    """Put a domain error's messages next to the fields they name (or on the form)."""
    for item in getattr(error, "errors", None) or [{"field": None, "message": error.message}]:
        field = getattr(form, item["field"] or "", None)
        target = field.errors if field is not None else form.form_errors
        if isinstance(target, tuple):
            field.errors = target = list(target)
        target.append(item["message"])
