"""Failed sign-ins are limited per account (web and API together) and per address."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_user
from tests.services import unavailable

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def strict_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "3 per minute")
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ADDRESS", "6 per minute")


def _api_login(client, email, password="Wrong#Pass1"):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def _web_login(client, email, password="Wrong#Pass1"):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def test_failed_sign_ins_per_account_across_web_and_api(client, db, strict_limits):
    user = make_user()
    db.session.commit()
    assert _api_login(client, user.email).status_code == 401
    assert _web_login(client, user.email.upper()).status_code == 422
    assert _api_login(client, user.email).status_code == 401
    blocked = _api_login(client, user.email, PASSWORD)  # even the right password now waits
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert blocked.mimetype == "application/problem+json"
    web_blocked = _web_login(client, user.email)
    assert web_blocked.status_code == 429
    assert int(web_blocked.headers["Retry-After"]) > 0
    assert "Too Many Requests" in web_blocked.get_data(as_text=True)
    # Another account from the same address is not blocked by this one's failures.
    other = make_user()
    db.session.commit()
    assert _api_login(client, other.email, PASSWORD).status_code == 200


def test_successful_sign_ins_do_not_count(client, db, strict_limits):
    user = make_user()
    db.session.commit()
    for _ in range(5):
        assert _api_login(client, user.email, PASSWORD).status_code == 200


def test_failed_sign_ins_per_address(client, db, strict_limits):
    for n in range(6):
        assert _api_login(client, f"nobody{n}@example.com").status_code == 401
    assert _api_login(client, "someone-else@example.com").status_code == 429


# Runs in its own process: the limiter is configured once per process.
REDIS_SCRIPT = """
import json, sys
from clinic import create_app
from config import TestConfig
config = TestConfig()
config.SQLALCHEMY_DATABASE_URI = sys.argv[1]
config.RATELIMIT_STORAGE_URI = sys.argv[2]
config.RATELIMIT_KEY_PREFIX = sys.argv[3]
config.LOGIN_LIMIT_PER_ACCOUNT = "2 per minute"
client = create_app(config).test_client()
body = {"email": "x@example.com", "password": "Bad#pass1"}
codes = [client.post("/api/v1/auth/login", json=body).status_code for _ in range(3)]
print(json.dumps(codes))
"""


@pytest.mark.redis
def test_limits_live_in_redis_when_configured(app, database_url):
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    store = redis.Redis.from_url(url)
    try:
        store.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at {url} is unreachable: {exc}")
    prefix = f"clinic-test-{uuid.uuid4().hex[:8]}"
    try:
        result = subprocess.run(
            [sys.executable, "-c", REDIS_SCRIPT, database_url, url, prefix],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout.strip().splitlines()[-1]) == [401, 401, 429]
        assert store.keys(f"*{prefix}*"), "no rate-limit keys in Redis"
    finally:
        keys = store.keys(f"*{prefix}*")
        if keys:
            store.delete(*keys)
        store.close()
