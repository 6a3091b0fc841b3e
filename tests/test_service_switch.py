"""Under CI a missing service fails the run instead of skipping; locally it skips with a reason."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pytest(args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "CLINIC_REQUIRE_SERVICES"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_chromium_skips_locally_and_fails_in_ci():
    args = ["tests/browser/test_smoke.py::test_home_page_renders_with_htmx_and_no_outside_requests"]
    local = _pytest(args, CHROMIUM_PATH="/nonexistent/chromium")
    assert local.returncode == 0, local.stdout
    assert "1 skipped" in local.stdout and "Chromium not found" in local.stdout
    ci = _pytest(args, CHROMIUM_PATH="/nonexistent/chromium", CI="true")
    assert ci.returncode == 1, ci.stdout
    assert "required service unavailable: Chromium not found" in ci.stdout


def test_unreachable_postgresql_skips_locally_and_fails_in_ci():
    args = ["tests/test_models.py::test_enums_are_stored_by_value", "--db=postgresql"]
    dead = "postgresql://postgres@127.0.0.1:1/postgres"
    local = _pytest(args, TEST_DATABASE_URL=dead)
    assert local.returncode == 0, local.stdout
    assert "1 skipped" in local.stdout and "unreachable" in local.stdout
    ci = _pytest(args, TEST_DATABASE_URL=dead, CLINIC_REQUIRE_SERVICES="1")
    assert ci.returncode == 1, ci.stdout
    assert "required service unavailable: PostgreSQL" in ci.stdout
    unset = _pytest(args, TEST_DATABASE_URL="", CI="true")
    assert unset.returncode == 1 and "TEST_DATABASE_URL is not set" in unset.stdout


def test_unreachable_redis_fails_in_ci():
    args = ["tests/test_tasks.py::test_worker_round_trip_on_real_redis"]
    ci = _pytest(args, REDIS_URL="redis://127.0.0.1:1/0", CI="true")
    assert ci.returncode == 1, ci.stdout
    assert "required service unavailable: Redis" in ci.stdout
