"""Fixtures: the app on SQLite (default) or a scratch PostgreSQL database (--db=postgresql),
a clean database per test, clients, and helpers to sign in."""

from __future__ import annotations

import contextvars
import os
import re
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import make_server

from clinic import create_app
from clinic.extensions import db as _db
from clinic.extensions import limiter
from clinic.locations.loader import load_locations
from config import TestConfig
from tests.services import unavailable

# Tables that tests write; the location tree is loaded once and kept.
REFERENCE_TABLES = {"divisions", "districts", "thanas", "alembic_version"}


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="database for the suite; postgresql needs TEST_DATABASE_URL",
    )


def pytest_report_header(config):
    return f"database: {config.getoption('--db')}"


def pytest_collection_modifyitems(config, items):
    if config.getoption("--db") == "postgresql":
        return
    skip = pytest.mark.skip(reason="PostgreSQL-only test: run with --db=postgresql")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _scratch_postgres(admin_url: str):
    """Create a uniquely named database next to ``admin_url``; return (url, drop)."""
    name = f"clinic_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        unavailable(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {exc.orig}")

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = sa.engine.make_url(admin_url).set(database=name)
    return url.render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory):
    if request.config.getoption("--db") == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'clinic-test.db'}"
        return
    raw = os.environ.get("TEST_DATABASE_URL")
    if not raw:
        unavailable("TEST_DATABASE_URL is not set")
    from config import database_url as normalise

    url, drop = _scratch_postgres(normalise(raw))
    yield url
    drop()


@pytest.fixture
def empty_database_url(request, tmp_path):
    """A second, empty database of the suite's kind, for tests that build their own schema."""
    if request.config.getoption("--db") == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    from config import database_url as normalise

    url, drop = _scratch_postgres(normalise(os.environ["TEST_DATABASE_URL"]))
    yield url
    drop()


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as on a real server: its own ``g`` and its
    own database session, not the ones of the test (pytest-flask keeps a context pushed
    for the whole test, and Flask would otherwise reuse it for every request)."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_test_app(database_url: str, instance: Path):
    config = TestConfig(env={"INSTANCE_DIR": str(instance)})
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.UPLOAD_DIR = str(instance / "uploads")
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = make_test_app(database_url, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        upgrade()  # the real migrations build the test schema
        load_locations()
        _db.session.commit()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()  # close pooled connections before the database is dropped


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Empty every table the test may have written (not the location tree)."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    limiter.reset()
    if has_app_context():
        # The test's own session (pytest-flask keeps a context pushed): end its
        # transaction, or SQLite's write lock would block the clean-up below.
        _db.session.rollback()
        _db.session.remove()
    with app.app_context():
        _db.session.remove()
        tables = [t for t in reversed(_db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
        with _db.engine.begin() as conn:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    """A browser-like client (replaces pytest-flask's, which preserves request contexts)."""
    return app.test_client()


CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "page has no CSRF token field"
    return match.group(1)


@pytest.fixture
def login(client):
    """Sign ``user`` in through the real login form; returns the response."""

    def sign_in(email: str, password: str, follow_redirects: bool = False):
        page = client.get("/login")
        token = csrf_token_from(page.get_data(as_text=True))
        return client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": token},
            follow_redirects=follow_redirects,
        )

    return sign_in


@pytest.fixture(scope="session")
def server_url(app):
    """The app served over real HTTP on 127.0.0.1 (a thread), for browser tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture
def place(app):
    """A real, nested location: Dhanmondi thana, Dhaka district, Dhaka division."""
    from clinic.locations.models import District, Thana

    with app.app_context():
        thana = _db.session.scalars(
            sa.select(Thana)
            .join(District)
            .where(District.name == "Dhaka", Thana.name == "Dhanmondi")
        ).one()
        return {
            "division_id": thana.district.division_id,
            "district_id": thana.district_id,
            "thana_id": thana.id,
        }


@pytest.fixture
def bearer(client):
    """Sign in through the API; returns the Authorization header (and keeps the tokens)."""

    def sign_in(email: str, password: str) -> dict[str, str]:
        response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        sign_in.last = body
        return {"Authorization": f"Bearer {body['access_token']}"}

    return sign_in
