"""Latency of the busiest pages and endpoints, on demo data, through the WSGI app.

    make bench                      # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres make bench

A scratch database is built by the real migrations and `flask seed --demo`. Each case
runs WARMUP + RUNS requests; the 95th percentile must stay under its target (ms). Exit 1
when a target is missed. Rate limits are off, as for any load measurement.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade

from clinic import create_app
from clinic.seeding import seed_demo_data, seed_reference_data
from config import TestConfig, database_url

RUNS, WARMUP = 200, 20
# (name, path, p95 target in ms)
CASES = [
    ("API doctor directory", "/api/v1/doctors/?limit=20", 40),
    ("API directory, filtered", "/api/v1/doctors/?specialization=Cardiology&fee_max=2000", 40),
    ("web doctor directory", "/doctors/", 60),
    ("web directory search (htmx)", "/doctors/?name=rahman", 60),
    ("web doctor page + slot picker", "/doctors/1", 40),
    ("API free slots", "/api/v1/doctors/1/slots?date={date}", 30),
    ("API my appointments (patient)", "/api/v1/appointments/", 40),
]


def _database(tmp: Path):
    raw = os.environ.get("BENCH_DATABASE_URL")
    if not raw:
        return f"sqlite:///{tmp / 'bench.db'}", lambda: None
    admin = sa.create_engine(database_url(raw), isolation_level="AUTOCOMMIT")
    name = f"clinic_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    url = sa.engine.make_url(database_url(raw)).set(database=name)
    return url.render_as_string(hide_password=False), drop


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url, drop = _database(Path(tmp))
        config = TestConfig({"INSTANCE_DIR": tmp})
        config.SQLALCHEMY_DATABASE_URI = url
        config.RATELIMIT_ENABLED = False
        app = create_app(config)
        try:
            return _run(app)
        finally:
            with app.app_context():
                from clinic.extensions import db

                db.engine.dispose()
            drop()


def _run(app) -> int:
    from clinic.doctors.models import Doctor
    from clinic.extensions import db
    from tests.factories import upcoming

    with app.app_context():
        upgrade()
        seed_reference_data()
        seed_demo_data()
        day = upcoming("sunday")
        first = db.session.scalar(sa.select(sa.func.min(Doctor.id)))
    client = app.test_client()
    token = client.post(
        "/api/v1/auth/login", json={"email": "patient1@example.com", "password": "Patient123!"}
    )
    headers = {"Authorization": f"Bearer {token.get_json()['access_token']}"}
    failed = 0
    print(f"{'case':34} {'median':>8} {'p95':>8} {'target':>8}")
    for name, path, target in CASES:
        path = path.format(date=day.isoformat()).replace("/doctors/1", f"/doctors/{first}")
        extra = {"HX-Request": "true"} if "htmx" in name else {}
        timings = []
        for n in range(WARMUP + RUNS):
            start = time.perf_counter()
            response = client.get(path, headers=headers | extra)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (path, response.status_code)
            if n >= WARMUP:
                timings.append(elapsed)
        p95 = statistics.quantiles(timings, n=20)[18]
        ok = p95 <= target
        failed += not ok
        print(
            f"{name:34} {statistics.median(timings):7.1f}ms {p95:7.1f}ms {target:6d}ms"
            f"{'' if ok else '  MISSED'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
