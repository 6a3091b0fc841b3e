"""Admin forms. They check shape only; the domain checks the name (blank, length, taken)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField


class SpecializationForm(FlaskForm):
    name = StringField("Name")
