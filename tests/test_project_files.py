"""Deployment and set-up files stay consistent with the code they name."""

import importlib
import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _makefile_var(name: str) -> str:
    match = re.search(rf"^{name} := (.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert match, name
    return match.group(1)


def test_compose_has_the_four_services_with_health_checks_and_volumes():
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"db", "redis", "web", "worker"}
    for name in ("db", "redis", "web"):
        assert services[name]["healthcheck"]["test"], name
    assert {"pgdata", "redisdata", "uploads"} <= set(compose["volumes"])
    for name in ("web", "worker"):
        env = services[name]["environment"]
        assert env["ENVIRONMENT"] == "production"
        assert env["DATABASE_URL"].startswith("postgresql://")
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_and_makefile_run_the_same_programs_on_real_modules():
    services = _compose()["services"]
    web = services["web"]["command"]
    worker = services["worker"]["command"]
    web_cmd, worker_cmd = _makefile_var("WEB_CMD"), _makefile_var("WORKER_CMD")
    assert "gunicorn" in web and "wsgi:app" in web and "wsgi:app" in web_cmd
    assert worker[:2] == shlex.split(worker_cmd)[:2] == ["huey_consumer", "tasks.huey"]
    # The modules those commands name exist and expose what they say.
    assert hasattr(importlib.import_module("tasks"), "huey")
    wsgi_source = (ROOT / "wsgi.py").read_text()
    assert re.search(r"^app = create_app\(\)", wsgi_source, re.M)
    assert (ROOT / "Dockerfile").exists()
    assert "flask db upgrade" in web


def test_env_example_documents_every_variable_config_reads():
    read = set(
        re.findall(r'env(?:\.get)?\(\s*"([A-Z][A-Z0-9_]+)"', (ROOT / "config.py").read_text())
    )
    read |= set(re.findall(r'_int\(env, "([A-Z][A-Z0-9_]+)"', (ROOT / "config.py").read_text()))
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert read, "no variables found: the pattern is wrong"
    assert read - documented == set()


def test_ci_script_requires_services_and_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert "CLINIC_REQUIRE_SERVICES=1" in script
    assert "TEST_DATABASE_URL=" in script
    assert re.search(r"^make test$", script, re.M)


def test_readme_names_the_two_commands_and_the_demo_login():
    readme = (ROOT / "README.md").read_text()
    for text in (
        "make run",
        "make test",
        "admin@hospital.com",
        "Admin123!",
        "make worker",
        "gunicorn",
        "docker compose",
    ):
        assert text in readme, text
