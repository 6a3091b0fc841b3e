"""The location tree: all of Bangladesh, in English and Bangla, nested, loaded idempotently."""

import sqlalchemy as sa

from clinic.errors import RuleViolation
from clinic.locations.loader import load_locations
from clinic.locations.models import District, Division, Thana
from clinic.locations.queries import check_location, districts_of, divisions, thanas_of


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _thana(db, district: str, name: str) -> Thana:
    return db.session.scalars(
        sa.select(Thana).join(District).where(District.name == district, Thana.name == name)
    ).one()


def test_all_divisions_districts_and_thanas_are_loaded(db):
    assert _count(db, Division) == 8
    assert _count(db, District) == 64
    assert _count(db, Thana) >= 490
    names = {d.name for d in divisions()}
    assert names == {
        "Barisal",
        "Chattogram",
        "Dhaka",
        "Khulna",
        "Mymensingh",
        "Rajshahi",
        "Rangpur",
        "Sylhet",
    }


def test_every_row_has_a_bangla_name(db):
    for model in (Division, District, Thana):
        missing = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(model)
            .where(sa.or_(model.bn_name.is_(None), model.bn_name == ""))
        )
        assert missing == 0, model.__name__
    dhaka = db.session.scalars(sa.select(Division).where(Division.name == "Dhaka")).one()
    assert dhaka.bn_name == "ঢাকা"


def test_metropolitan_thanas_of_dhaka_and_chattogram_are_included(db):
    for district, name in [
        ("Dhaka", "Dhanmondi"),
        ("Dhaka", "Gulshan"),
        ("Dhaka", "Mirpur Model"),
        ("Chattogram", "Panchlaish"),
        ("Chattogram", "Double Mooring"),
    ]:
        thana = _thana(db, district, name)
        assert thana.is_metropolitan
    counts = dict(
        db.session.execute(
            sa.select(District.name, sa.func.count())
            .join(Thana)
            .where(Thana.is_metropolitan.is_(True))
            .group_by(District.name)
        ).all()
    )
    assert counts["Dhaka"] >= 45
    assert counts["Chattogram"] >= 15
    assert set(counts) == {"Dhaka", "Chattogram"}


def test_thana_names_repeat_across_districts_but_not_within_one(db):
    kotwalis = db.session.scalars(sa.select(Thana).where(Thana.name == "Kotwali")).all()
    assert len({t.district_id for t in kotwalis}) == len(kotwalis) >= 2
    duplicates = db.session.execute(
        sa.select(Thana.district_id, Thana.name)
        .group_by(Thana.district_id, Thana.name)
        .having(sa.func.count() > 1)
    ).all()
    assert duplicates == []


def test_loading_again_adds_nothing(db):
    before = (_count(db, Division), _count(db, District), _count(db, Thana))
    result = load_locations()
    db.session.commit()
    assert result.added == 0
    assert (_count(db, Division), _count(db, District), _count(db, Thana)) == before


def test_cascading_queries_nest(db):
    dhaka = next(d for d in divisions() if d.name == "Dhaka")
    districts = districts_of(dhaka.id)
    assert "Gazipur" in {d.name for d in districts}
    assert all(d.division_id == dhaka.id for d in districts)
    dhaka_district = next(d for d in districts if d.name == "Dhaka")
    assert "Dhanmondi" in {t.name for t in thanas_of(dhaka_district.id)}


def test_check_location_accepts_a_nested_triple_and_names_the_wrong_field(db):
    thana = _thana(db, "Dhaka", "Dhanmondi")
    district = thana.district
    assert check_location(district.division_id, district.id, thana.id) == (
        district.division,
        district,
        thana,
    )
    elsewhere = _thana(db, "Chattogram", "Panchlaish")
    cases = [
        ((None, district.id, thana.id), "division_id"),
        ((district.division_id, None, thana.id), "district_id"),
        ((district.division_id, district.id, 999_999), "thana_id"),
        ((district.division_id, elsewhere.district_id, elsewhere.id), "district_id"),
        ((district.division_id, district.id, elsewhere.id), "thana_id"),
    ]
    for args, field in cases:
        try:
            check_location(*args)
        except RuleViolation as violation:
            assert violation.field == field, args
        else:
            raise AssertionError(f"{args} accepted")
