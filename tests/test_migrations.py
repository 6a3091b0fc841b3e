"""The migrations build the schema from nothing, tear it down, and agree with the models."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from clinic.extensions import db
from tests.conftest import make_test_app

EXPECTED_TABLES = {
    "users",
    "doctors",
    "appointments",
    "divisions",
    "districts",
    "thanas",
    "specializations",
    "revoked_tokens",
    "alembic_version",
}


def _tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def _indexes(engine, table) -> dict[str, dict]:
    return {ix["name"]: ix for ix in sa.inspect(engine).get_indexes(table)}


def test_upgrade_from_empty_then_downgrade_to_nothing(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, tmp_path)
    with app.app_context():
        assert _tables(db.engine) == set()
        upgrade()
        assert _tables(db.engine) == EXPECTED_TABLES
        indexes = _indexes(db.engine, "appointments")
        assert {
            "idx_appointments_doctor_date",
            "idx_appointments_patient",
            "idx_appointments_status",
        } <= set(indexes)
        assert indexes["uq_appointments_active_slot"]["unique"]
        assert indexes["uq_appointments_active_slot"]["column_names"] == [
            "doctor_id",
            "appointment_date",
            "appointment_time",
        ]
        assert {"idx_users_email", "idx_users_mobile"} <= set(_indexes(db.engine, "users"))
        assert "idx_doctors_specialization" in _indexes(db.engine, "doctors")

        downgrade(revision="base")
        assert _tables(db.engine) <= {"alembic_version"}
        if db.engine.dialect.name == "postgresql":
            enums = db.session.execute(sa.text("SELECT typname FROM pg_type WHERE typtype = 'e'"))
            assert set(enums.scalars()) == set()
        upgrade()  # and back up again, from the downgraded state
        assert _tables(db.engine) == EXPECTED_TABLES
        db.session.remove()
        db.engine.dispose()


def _differences():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(app):
    """Autogenerate finds nothing to add: runs on SQLite and again on PostgreSQL."""
    with app.app_context():
        assert _differences() == []


def test_the_agreement_check_sees_a_drifted_schema(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.begin() as conn:
            conn.execute(sa.text("ALTER TABLE specializations ADD COLUMN stray INTEGER"))
            conn.execute(sa.text("DROP INDEX idx_appointments_status"))
        kinds = {diff[0] if isinstance(diff, tuple) else diff[0][0] for diff in _differences()}
        assert {"remove_column", "add_index"} <= kinds
        db.session.remove()
        db.engine.dispose()
