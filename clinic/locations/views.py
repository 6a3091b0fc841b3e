"""Cascading location selects: htmx swaps these partials in as the user chooses."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from clinic.locations import queries

bp = Blueprint("locations", __name__, url_prefix="/locations")

PLACEHOLDER = (None, "— choose —")


def fill_location_choices(form) -> None:
    """Options for the division, district and thana selects of ``form``, given its data."""
    form.division_id.choices = [PLACEHOLDER] + [(d.id, d.name) for d in queries.divisions()]
    division_id, district_id = form.division_id.data, form.district_id.data
    districts = queries.districts_of(division_id) if division_id else []
    form.district_id.choices = [PLACEHOLDER] + [
        (d.id, f"{d.name} ({d.bn_name})") for d in districts
    ]
    if district_id not in {d.id for d in districts}:
        district_id = None
    thanas = queries.thanas_of(district_id) if district_id else []
    form.thana_id.choices = [PLACEHOLDER] + [(t.id, f"{t.name} ({t.bn_name})") for t in thanas]


def _as_int(name: str) -> int | None:
    return request.args.get(name, type=int)


@bp.get("/district-select")
def district_select():
    """The district select for ``division_id`` (and an emptied thana select, out of band)."""
    division_id = _as_int("division_id")
    districts = queries.districts_of(division_id) if division_id else []
    return render_template(
        "locations/_district_select.html", districts=districts, selected=None, oob_thanas=True
    )


@bp.get("/thana-select")
def thana_select():
    """The thana select for ``district_id``."""
    district_id = _as_int("district_id")
    thanas = queries.thanas_of(district_id) if district_id else []
    return render_template("locations/_thana_select.html", thanas=thanas, selected=None)
